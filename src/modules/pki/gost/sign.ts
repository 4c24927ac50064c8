/**
 * GOST R 34.10-2001/2012 signatures (Kazakh GOST 34.310-2004 and GOST 34.10-2015) with the
 * Kazakh byte layout: public key x‖y, signature r‖s, each little-endian; the digest is read as
 * a little-endian integer (α), e = α mod q (1 if 0).
 *
 * Written here because no maintained library implements GOST R 34.10 (crypto-gost-js is an
 * unmaintained bundle, 15–50× slower at verification); the curves and constant-time point
 * arithmetic for signing are @noble/curves', verification uses ./fastverify.ts.
 */
import { randomBytes } from 'node:crypto';
import type { WeierstrassPoint } from '@noble/curves/abstract/weierstrass.js';
import { AppError } from '../../../shared/errors.ts';
import { findCurve, type GostCurve } from './curves.ts';
import type { KeyTable } from './fastverify.ts';

export function leToBigInt(b: Uint8Array): bigint {
  let hex = '';
  for (let i = b.length - 1; i >= 0; i--) hex += (b[i] < 16 ? '0' : '') + b[i].toString(16);
  return hex.length === 0 ? 0n : BigInt('0x' + hex);
}

export function bigIntToLe(x: bigint, size: number): Uint8Array {
  const out = new Uint8Array(size);
  let hex = x.toString(16);
  if (hex.length > size * 2) throw new RangeError('integer too large for its field');
  hex = hex.padStart(size * 2, '0');
  for (let i = 0; i < size; i++) out[i] = parseInt(hex.slice(2 * (size - 1 - i), 2 * (size - i)), 16);
  return out;
}

export function curveOrThrow(name: string): GostCurve {
  const c = findCurve(name);
  if (!c) throw new AppError('PKI_UNSUPPORTED_ALGORITHM', { detail: `unknown GOST curve ${JSON.stringify(name)}` });
  return c;
}

function mod(a: bigint, m: bigint): bigint {
  const r = a % m;
  return r < 0n ? r + m : r;
}

/** Modular inverse by the extended Euclidean algorithm (q is prime, a ≠ 0). */
function invert(a: bigint, m: bigint): bigint {
  let [r0, r1] = [mod(a, m), m];
  let [s0, s1] = [1n, 0n];
  while (r1 !== 0n) {
    const t = r0 / r1;
    [r0, r1] = [r1, r0 - t * r1];
    [s0, s1] = [s1, s0 - t * s1];
  }
  return mod(s0, m);
}

function digestToE(curve: GostCurve, digest: Uint8Array): bigint {
  const e = mod(leToBigInt(digest), curve.params.q);
  return e === 0n ? 1n : e;
}

/**
 * Parsed public keys, kept for keys seen repeatedly (CA keys verify every chain): decoding and
 * the on-curve check are skipped, and a key used often gets a larger precomputed table.
 */
interface CachedKey {
  point: WeierstrassPoint<bigint>;
  uses: number;
  table?: KeyTable;
}
const keyCache = new Map<string, CachedKey>();
const KEY_CACHE_MAX = 256;
/** From this many verifications on, a key gets a fixed-window table (~60 ms to build at 512 bits, ~0.5 MB; saves ~4 ms a verification). */
const HOT_KEY_USES = 8;
/** At most this many fixed-window tables are kept (CA keys are few). */
const HOT_KEYS_MAX = 32;
let hotKeys = 0;

function cachedKey(curve: GostCurve, publicKey: Uint8Array): CachedKey | undefined {
  if (publicKey.length !== 2 * curve.size) return undefined;
  const id = curve.name + ':' + Buffer.from(publicKey.buffer, publicKey.byteOffset, publicKey.byteLength).toString('hex');
  const hit = keyCache.get(id);
  if (hit) {
    hit.uses++;
    keyCache.delete(id); // least recently used goes first when the cache is full
    keyCache.set(id, hit);
    return hit;
  }
  const x = leToBigInt(publicKey.subarray(0, curve.size));
  const y = leToBigInt(publicKey.subarray(curve.size));
  let point: WeierstrassPoint<bigint>;
  try {
    point = curve.Point.fromAffine({ x, y });
    point.assertValidity();
  } catch {
    return undefined;
  }
  if (point.is0()) return undefined;
  if (keyCache.size >= KEY_CACHE_MAX) {
    const oldest = keyCache.keys().next().value as string;
    if (keyCache.get(oldest)?.table?.kind === 'fixed') hotKeys--;
    keyCache.delete(oldest);
  }
  const entry: CachedKey = { point, uses: 1 };
  keyCache.set(id, entry);
  return entry;
}

/** Drops the parsed-key cache (benchmarks measure the cold path with it). */
export function clearKeyCache(): void {
  keyCache.clear();
  hotKeys = 0;
}

function publicPoint(curve: GostCurve, publicKey: Uint8Array): WeierstrassPoint<bigint> | undefined {
  return cachedKey(curve, publicKey)?.point;
}

/** True iff the public key is a valid point of the curve (right length, on the curve, in the subgroup). */
export function isValidPublicKey(curveName: string, publicKey: Uint8Array): boolean {
  return publicPoint(curveOrThrow(curveName), publicKey) !== undefined;
}

export function verify(curveName: string, publicKey: Uint8Array, digest: Uint8Array, signature: Uint8Array): boolean {
  const curve = curveOrThrow(curveName);
  const { q } = curve.params;
  if (signature.length !== 2 * curve.size) return false;
  const r = leToBigInt(signature.subarray(0, curve.size));
  const s = leToBigInt(signature.subarray(curve.size));
  if (r <= 0n || r >= q || s <= 0n || s >= q) return false;
  const key = cachedKey(curve, publicKey);
  if (!key) return false;
  const v = invert(digestToE(curve, digest), q);
  const z1 = mod(s * v, q);
  const z2 = mod(-r * v, q);
  // C = z1·G + z2·Q (public scalars: variable-time arithmetic is fine).
  if (curve.fast) {
    if (!key.table || (key.table.kind === 'naf' && key.uses >= HOT_KEY_USES && hotKeys < HOT_KEYS_MAX)) {
      const affine = key.point.toAffine();
      if (key.uses >= HOT_KEY_USES && hotKeys < HOT_KEYS_MAX) {
        key.table = curve.fast.fixedTable(affine, 6);
        hotKeys++;
      } else {
        key.table = curve.fast.nafTable(affine, 5);
      }
    }
    return curve.fast.check(z1, z2, key.table, r);
  }
  const Q = key.point;
  if (key.uses === HOT_KEY_USES) Q.precompute(8, false);
  const C = curve.Point.BASE.multiplyUnsafe(z1).add(Q.multiplyUnsafe(z2));
  if (C.is0()) return false;
  return mod(C.toAffine().x, q) === r;
}

/** A uniformly random scalar in [1, q-1] (64 extra bits make the modular bias negligible). */
function randomScalar(q: bigint, size: number): bigint {
  return mod(leToBigInt(randomBytes(size + 8)), q - 1n) + 1n;
}

function privateScalar(curve: GostCurve, privateKeyLE: Uint8Array): bigint {
  if (privateKeyLE.length !== curve.size) {
    throw new AppError('PKI_KEY_UNREADABLE', { detail: `GOST ${curve.name} private key must be ${curve.size} bytes, got ${privateKeyLE.length}` });
  }
  const d = leToBigInt(privateKeyLE);
  if (d <= 0n || d >= curve.params.q) throw new AppError('PKI_KEY_UNREADABLE', { detail: `GOST ${curve.name} private key out of range` });
  return d;
}

/** Signature r‖s (little-endian) with a fresh random k per signature. */
export function sign(curveName: string, privateKeyLE: Uint8Array, digest: Uint8Array): Uint8Array {
  const curve = curveOrThrow(curveName);
  const { q } = curve.params;
  const d = privateScalar(curve, privateKeyLE);
  const e = digestToE(curve, digest);
  for (;;) {
    const k = randomScalar(q, curve.size);
    const r = mod(curve.Point.BASE.multiply(k).toAffine().x, q);
    if (r === 0n) continue;
    const s = mod(r * d + k * e, q);
    if (s === 0n) continue;
    const out = new Uint8Array(2 * curve.size);
    out.set(bigIntToLe(r, curve.size), 0);
    out.set(bigIntToLe(s, curve.size), curve.size);
    return out;
  }
}

function encodePoint(curve: GostCurve, P: WeierstrassPoint<bigint>): Uint8Array {
  const { x, y } = P.toAffine();
  const out = new Uint8Array(2 * curve.size);
  out.set(bigIntToLe(x, curve.size), 0);
  out.set(bigIntToLe(y, curve.size), curve.size);
  return out;
}

/** x‖y little-endian of d·G. */
export function publicKeyOf(curveName: string, privateKeyLE: Uint8Array): Uint8Array {
  const curve = curveOrThrow(curveName);
  return encodePoint(curve, curve.Point.BASE.multiply(privateScalar(curve, privateKeyLE)));
}

export function generateKey(curveName: string): { privateKey: Uint8Array; publicKey: Uint8Array } {
  const curve = curveOrThrow(curveName);
  const d = randomScalar(curve.params.q, curve.size);
  const privateKey = bigIntToLe(d, curve.size);
  return { privateKey, publicKey: encodePoint(curve, curve.Point.BASE.multiply(d)) };
}
