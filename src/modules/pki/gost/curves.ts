/**
 * GOST R 34.10 elliptic curves on @noble/curves' generic short-Weierstrass arithmetic.
 *
 * Parameters are those of RFC 4357 §11.4 (CryptoPro) and RFC 7836 (TC26); the Kazakh NCA uses
 * CryptoPro-A for GOST 34.310-2004 and TC26 512 paramSetA for GOST 34.10-2015 512-bit. Each
 * curve is checked at first use: the base point lies on the curve and q·G = O.
 */
import { Field, type IField } from '@noble/curves/abstract/modular.js';
import { weierstrass, type WeierstrassPoint, type WeierstrassPointCons } from '@noble/curves/abstract/weierstrass.js';
import { fastCurve, type FastCurve } from './fastverify.ts';

export interface GostCurveParams {
  /** Field prime. */
  p: bigint;
  a: bigint;
  b: bigint;
  /** Order of the base point's subgroup (the GOST "q"). */
  q: bigint;
  /** Cofactor (1 for all but the twisted-Edwards-derived TC26 curves). */
  h: bigint;
  x: bigint;
  y: bigint;
}

const P256 = 0xfffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffd97n; // 2^256 - 617
const P512 = (1n << 512n) - 569n;

export const CURVE_PARAMS = {
  /** id-GostR3410-2001-CryptoPro-A-ParamSet (1.2.643.2.2.35.1), Kazakh 1.2.398.3.10.1.1.1.1.1. */
  'cryptopro-a': {
    p: P256,
    a: P256 - 3n,
    b: 166n,
    q: 0xffffffffffffffffffffffffffffffff6c611070995ad10045841b09b761b893n,
    h: 1n,
    x: 1n,
    y: 0x8d91e471e0989cda27df505a453f2b7635294f2ddf23e3b122acc99c9e9f1e14n,
  },
  /** id-GostR3410-2001-CryptoPro-B-ParamSet (1.2.643.2.2.35.2). */
  'cryptopro-b': {
    p: 0x8000000000000000000000000000000000000000000000000000000000000c99n,
    a: 0x8000000000000000000000000000000000000000000000000000000000000c96n,
    b: 0x3e1af419a269a5f866a7d3c25c3df80ae979259373ff2b182f49d4ce7e1bbc8bn,
    q: 0x800000000000000000000000000000015f700cfff1a624e5e497161bcc8a198fn,
    h: 1n,
    x: 1n,
    y: 0x3fa8124359f96680b83d1c3eb2c070e5c545c9858d03ecfb744bf8d717717efcn,
  },
  /** id-GostR3410-2001-CryptoPro-C-ParamSet (1.2.643.2.2.35.3). */
  'cryptopro-c': {
    p: 0x9b9f605f5a858107ab1ec85e6b41c8aacf846e86789051d37998f7b9022d759bn,
    a: 0x9b9f605f5a858107ab1ec85e6b41c8aacf846e86789051d37998f7b9022d7598n,
    b: 32858n,
    q: 0x9b9f605f5a858107ab1ec85e6b41c8aa582ca3511eddfb74f02f3a6598980bb9n,
    h: 1n,
    x: 0n,
    y: 0x41ece55743711a8c3cbf3783cd08c0ee4d4dc440d4641a8f366e550dfdb3bb67n,
  },
  /**
   * id-tc26-gost-3410-2012-256-paramSetA (1.2.643.7.1.2.1.1.1) in Weierstrass form, which is
   * what Kalkan's GOST 34.10-2015 256-bit curve 1.2.398.3.10.1.1.2.1.1 is documented to be
   * (no Kazakh test material for it exists: unverified against a real certificate).
   */
  'tc26-256-a': {
    p: P256,
    a: 0xc2173f1513981673af4892c23035a27ce25e2013bf95aa33b22c656f277e7335n,
    b: 0x295f9bae7428ed9ccc20e7c359a9d41a22fccd9108e17bf7ba9337a6f8ae9513n,
    q: 0x400000000000000000000000000000000fd8cddfc87b6635c115af556c360c67n,
    h: 4n,
    x: 0x91e38443a5e82c0d880923425712b2bb658b9196932e02c78b2582fe742daa28n,
    y: 0x32879423ab1a0375895786c4bb46e9565fde0b5344766740af268adb32322e5cn,
  },
  /** id-tc26-gost-3410-12-512-paramSetA (1.2.643.7.1.2.1.2.1), Kazakh 1.2.398.3.10.1.1.2.2.1. */
  'tc26-512-a': {
    p: P512,
    a: P512 - 3n,
    b: 0xe8c2505dedfc86ddc1bd0b2b6667f1da34b82574761cb0e879bd081cfd0b6265ee3cb090f30d27614cb4574010da90dd862ef9d4ebee4761503190785a71c760n,
    q: 0xffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff27e69532f48d89116ff22b8d4e0560609b4b38abfad2b85dcacdb1411f10b275n,
    h: 1n,
    x: 3n,
    y: 0x7503cfe87a836ae3a61b8816e25450e6ce5e1c93acf1abc1778064fdcbefa921df1626be4fd036e93d75e6a50e3a41e98028fe5fc235f5b889a589cb5215f2a4n,
  },
  /** id-tc26-gost-3410-12-512-paramSetB (1.2.643.7.1.2.1.2.2). */
  'tc26-512-b': {
    p: (1n << 511n) + 0x6fn,
    a: (1n << 511n) + 0x6cn,
    b: 0x687d1b459dc841457e3e06cf6f5e2517b97c7d614af138bcbf85dc806c4b289f3e965d2db1416d217f8b276fad1ab69c50f78bee1fa3106efb8ccbc7c5140116n,
    q: 0x800000000000000000000000000000000000000000000000000000000000000149a1ec142565a545acfdb77bd9d40cfa8b996712101bea0ec6346c54374f25bdn,
    h: 1n,
    x: 2n,
    y: 0x1a8f7eda389b094c2c071e3647a8940f3c123b697578c213be6dd9e6c8ec7335dcb228fd1edf4a39152cbcaaf8c0398828041055f94ceeec7e21340780fe41bdn,
  },
} as const satisfies Record<string, GostCurveParams>;

export type KnownCurveName = keyof typeof CURVE_PARAMS;

export interface GostCurve {
  name: KnownCurveName;
  params: GostCurveParams;
  Point: WeierstrassPointCons<bigint>;
  /** Bytes of one coordinate / of r or s (32 or 64). */
  size: number;
  /** Specialised verification arithmetic (a = −3, pseudo-Mersenne p); undefined → noble's. */
  fast?: FastCurve;
}

/**
 * noble's generic Field reduces every product and sum with BigInt `%`. GOST's CryptoPro-A and
 * TC26-A primes are pseudo-Mersenne (p = 2^k − c, c small), so a product folds as
 * lo + hi·c twice and a sum needs one conditional subtraction: ~1.5× faster products and
 * ~2× faster sums. Everything else (inversion, sqrt, encoding) stays noble's.
 */
export function pseudoMersenneField(p: bigint): IField<bigint> {
  const base = Field(p);
  const k = BigInt(p.toString(2).length);
  const c = (1n << k) - p;
  if (c <= 0n || c >= 1n << 32n) return base;
  const mask = (1n << k) - 1n;
  const reduce = (x: bigint): bigint => {
    if (x < 0n) return base.create(x);
    x = (x & mask) + (x >> k) * c;
    x = (x & mask) + (x >> k) * c;
    while (x >= p) x -= p;
    return x;
  };
  return {
    ORDER: base.ORDER,
    BITS: base.BITS,
    BYTES: base.BYTES,
    isLE: base.isLE,
    ZERO: 0n,
    ONE: 1n,
    create: (x) => (x >= 0n && x < p ? x : base.create(x)),
    isValid: (x) => base.isValid(x),
    is0: (x) => x === 0n,
    isValidNot0: (x) => x !== 0n && base.isValid(x),
    isOdd: (x) => (x & 1n) === 1n,
    neg: (x) => (x === 0n ? 0n : p - x),
    eql: (a, b) => a === b,
    sqr: (x) => reduce(x * x),
    add: (a, b) => {
      const x = a + b;
      return x >= p ? x - p : x;
    },
    sub: (a, b) => {
      const x = a - b;
      return x < 0n ? x + p : x;
    },
    mul: (a, b) => reduce(a * b),
    pow: (x, e) => base.pow(x, e),
    div: (a, b) => reduce(a * base.inv(b)),
    sqrN: (x) => x * x,
    addN: (a, b) => a + b,
    subN: (a, b) => a - b,
    mulN: (a, b) => a * b,
    inv: (x) => base.inv(x),
    sqrt: (x) => base.sqrt(x),
    toBytes: (x) => base.toBytes(x),
    fromBytes: (b, skip) => base.fromBytes(b, skip),
    invertBatch: (list) => base.invertBatch(list),
    cmov: (a, b, cond) => base.cmov(a, b, cond),
  };
}

const cache = new Map<string, GostCurve>();

export function isKnownCurve(name: string): name is KnownCurveName {
  return Object.prototype.hasOwnProperty.call(CURVE_PARAMS, name);
}

/** The curve by name, built and self-checked on first use; undefined when unknown. */
export function findCurve(name: string): GostCurve | undefined {
  const hit = cache.get(name);
  if (hit) return hit;
  if (!isKnownCurve(name)) return undefined;
  const params: GostCurveParams = CURVE_PARAMS[name];
  const Point = weierstrass(
    { p: params.p, n: params.q, h: params.h, a: params.a, b: params.b, Gx: params.x, Gy: params.y },
    { Fp: pseudoMersenneField(params.p) },
  );
  const G: WeierstrassPoint<bigint> = Point.BASE;
  G.assertValidity();
  if (!G.multiplyUnsafe(params.q - 1n).add(G).is0()) throw new Error(`GOST curve ${name}: q·G ≠ O`);
  const size = params.p < 1n << 256n ? 32 : 64;
  const curve: GostCurve = { name, params, Point, size, fast: fastCurve(params) };
  cache.set(name, curve);
  return curve;
}
