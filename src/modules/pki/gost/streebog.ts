/**
 * Streebog, GOST R 34.11-2012 (RFC 6986), 256- and 512-bit.
 *
 * Written here because no maintained npm package offers a fast Streebog (@noble/hashes has
 * none; @wavesenterprise/crypto-gost-js is a webpack bundle of 2016 code, used only as the
 * cross-check in tests).
 *
 * Byte order: as every interoperable implementation (OpenSSL's gost engine, CryptoPro,
 * Kalkan), the message bytes are taken in order as little-endian 512-bit blocks and the
 * digest is the state's little-endian bytes: the RFC prints vectors as big-endian numbers,
 * so its M1/H(M1) hex reads reversed against these bytes.
 *
 * Speed: the state is sixteen 32-bit words (eight 64-bit lanes as lo/hi pairs, no BigInt),
 * and L∘P∘S is one table lookup per input byte in a precomputed 8×256 table of 64-bit
 * values (the classic "Ax" table), unrolled.
 */

/** The S-box π (RFC 6986 §6.2). */
const PI = new Uint8Array([
  252, 238, 221, 17, 207, 110, 49, 22, 251, 196, 250, 218, 35, 197, 4, 77, 233, 119, 240, 219, 147, 46,
  153, 186, 23, 54, 241, 187, 20, 205, 95, 193, 249, 24, 101, 90, 226, 92, 239, 33, 129, 28, 60, 66,
  139, 1, 142, 79, 5, 132, 2, 174, 227, 106, 143, 160, 6, 11, 237, 152, 127, 212, 211, 31, 235, 52, 44,
  81, 234, 200, 72, 171, 242, 42, 104, 162, 253, 58, 206, 204, 181, 112, 14, 86, 8, 12, 118, 18, 191,
  114, 19, 71, 156, 183, 93, 135, 21, 161, 150, 41, 16, 123, 154, 199, 243, 145, 120, 111, 157, 158,
  178, 177, 50, 117, 25, 61, 255, 53, 138, 126, 109, 84, 198, 128, 195, 189, 13, 87, 223, 245, 36, 169,
  62, 168, 67, 201, 215, 121, 214, 246, 124, 34, 185, 3, 224, 15, 236, 222, 122, 148, 176, 188, 220,
  232, 40, 80, 78, 51, 10, 74, 167, 151, 96, 115, 30, 0, 98, 68, 26, 184, 56, 130, 100, 159, 38, 65,
  173, 69, 70, 146, 39, 94, 85, 47, 140, 163, 165, 125, 105, 213, 149, 59, 7, 88, 179, 64, 134, 172, 29,
  247, 48, 55, 107, 228, 136, 217, 231, 137, 225, 27, 131, 73, 76, 63, 248, 254, 141, 83, 170, 144,
  202, 216, 133, 97, 32, 113, 103, 164, 45, 43, 9, 91, 203, 155, 37, 208, 190, 229, 108, 82, 89, 166,
  116, 210, 230, 244, 180, 192, 209, 102, 175, 194, 57, 75, 99, 182,
]);

/** Matrix A of the linear transform l (RFC 6986 §6.3), A[0] first. */
export const STREEBOG_A: readonly bigint[] = [
  0x8e20faa72ba0b470n, 0x47107ddd9b505a38n, 0xad08b0e0c3282d1cn, 0xd8045870ef14980en,
  0x6c022c38f90a4c07n, 0x3601161cf205268dn, 0x1b8e0b0e798c13c8n, 0x83478b07b2468764n,
  0xa011d380818e8f40n, 0x5086e740ce47c920n, 0x2843fd2067adea10n, 0x14aff010bdd87508n,
  0x0ad97808d06cb404n, 0x05e23c0468365a02n, 0x8c711e02341b2d01n, 0x46b60f011a83988en,
  0x90dab52a387ae76fn, 0x486dd4151c3dfdb9n, 0x24b86a840e90f0d2n, 0x125c354207487869n,
  0x092e94218d243cban, 0x8a174a9ec8121e5dn, 0x4585254f64090fa0n, 0xaccc9ca9328a8950n,
  0x9d4df05d5f661451n, 0xc0a878a0a1330aa6n, 0x60543c50de970553n, 0x302a1e286fc58ca7n,
  0x18150f14b9ec46ddn, 0x0c84890ad27623e0n, 0x0642ca05693b9f70n, 0x0321658cba93c138n,
  0x86275df09ce8aaa8n, 0x439da0784e745554n, 0xafc0503c273aa42an, 0xd960281e9d1d5215n,
  0xe230140fc0802984n, 0x71180a8960409a42n, 0xb60c05ca30204d21n, 0x5b068c651810a89en,
  0x456c34887a3805b9n, 0xac361a443d1c8cd2n, 0x561b0d22900e4669n, 0x2b838811480723ban,
  0x9bcf4486248d9f5dn, 0xc3e9224312c8c1a0n, 0xeffa11af0964ee50n, 0xf97d86d98a327728n,
  0xe4fa2054a80b329cn, 0x727d102a548b194en, 0x39b008152acb8227n, 0x9258048415eb419dn,
  0x492c024284fbaec0n, 0xaa16012142f35760n, 0x550b8e9e21f7a530n, 0xa48b474f9ef5dc18n,
  0x70a6a56e2440598en, 0x3853dc371220a247n, 0x1ca76e95091051adn, 0x0edd37c48a08a6d8n,
  0x07e095624504536cn, 0x8d70c431ac02a736n, 0xc83862965601dd1bn, 0x641c314b2b8ee083n,
];

/** Iteration constants C1..C12 (RFC 6986 §6.4), each as eight 64-bit lanes, least significant lane first. */
export const STREEBOG_C: readonly (readonly bigint[])[] = [
  [0xdd806559f2a64507n, 0x05767436cc744d23n, 0xa2422a08a460d315n, 0x4b7ce09192676901n,
   0x714eb88d7585c4fcn, 0x2f6a76432e45d016n, 0xebcb2f81c0657c1fn, 0xb1085bda1ecadae9n],
  [0xe679047021b19bb7n, 0x55dda21bd7cbcd56n, 0x5cb561c2db0aa7can, 0x9ab5176b12d69958n,
   0x61d55e0f16b50131n, 0xf3feea720a232b98n, 0x4fe39d460f70b5d7n, 0x6fa3b58aa99d2f1an],
  [0x991e96f50aba0ab2n, 0xc2b6f443867adb31n, 0xc1c93a376062db09n, 0xd3e20fe490359eb1n,
   0xf2ea7514b1297b7bn, 0x06f15e5f529c1f8bn, 0x0a39fc286a3d8435n, 0xf574dcac2bce2fc7n],
  [0x220cbebc84e3d12en, 0x3453eaa193e837f1n, 0xd8b71333935203ben, 0xa9d72c82ed03d675n,
   0x9d721cad685e353fn, 0x488e857e335c3c7dn, 0xf948e1a05d71e4ddn, 0xef1fdfb3e81566d2n],
  [0x601758fd7c6cfe57n, 0x7a56a27ea9ea63f5n, 0xdfff00b723271a16n, 0xbfcd1747253af5a3n,
   0x359e35d7800fffbdn, 0x7f151c1f1686104an, 0x9a3f410c6ca92363n, 0x4bea6bacad474799n],
  [0xfa68407a46647d6en, 0xbf71c57236904f35n, 0x0af21f66c2bec6b6n, 0xcffaa6b71c9ab7b4n,
   0x187f9ab49af08ec6n, 0x2d66c4f95142a46cn, 0x6fa4c33b7a3039c0n, 0xae4faeae1d3ad3d9n],
  [0x8886564d3a14d493n, 0x3517454ca23c4af3n, 0x06476983284a0504n, 0x0992abc52d822c37n,
   0xd3473e33197a93c9n, 0x399ec6c7e6bf87c9n, 0x51ac86febf240954n, 0xf4c70e16eeaac5ecn],
  [0xa47f0dd4bf02e71en, 0x36acc2355951a8d9n, 0x69d18d2bd1a5c42fn, 0xf4892bcb929b0690n,
   0x89b4443b4ddbc49an, 0x4eb7f8719c36de1en, 0x03e7aa020c6e4141n, 0x9b1f5b424d93c9a7n],
  [0x7261445183235adbn, 0x0e38dc92cb1f2a60n, 0x7b2b8a9aa6079c54n, 0x800a440bdbb2ceb1n,
   0x3cd955b7e00d0984n, 0x3a7d3a1b25894224n, 0x944c9ad8ec165fden, 0x378f5a541631229bn],
  [0x74b4c7fb98459cedn, 0x3698fad1153bb6c3n, 0x7a1e6c303b7652f4n, 0x9fe76702af69334bn,
   0x1fffe18a1b336103n, 0x8941e71cff8a78dbn, 0x382ae548b2e4f3f3n, 0xabbedea680056f52n],
  [0x6bcaa4cd81f32d1bn, 0xdea2594ac06fd85dn, 0xefbacd1d7d476e98n, 0x8a1d71efea48b9can,
   0x2001802114846679n, 0xd8fa6bbbebab0761n, 0x3002c6cd635afe94n, 0x7bcd9ed0efc889fbn],
  [0x48bc924af11bd720n, 0xfaf417d5d9b21b99n, 0xe71da4aa88e12852n, 0x5d80ef9d1891cc86n,
   0xf82012d430219f9bn, 0xcda43c32bcdf1d77n, 0xd21380b00449b17an, 0x378ee767f11631ban],
];

/** Splits a 64-bit constant into [lo, hi] 32-bit words (as signed int32, what Int32Array holds). */
function split(x: bigint): [number, number] {
  return [Number(x & 0xffffffffn) | 0, Number(x >> 32n) | 0];
}

/**
 * AXL/AXH[(j << 8) | b] (lo and hi words) = l(π(b) placed in byte j of a 64-bit lane):
 * the contribution of input byte b, found at byte position i of lane j, to output lane i of
 * L(P(S(x))). P (the byte transposition) is folded into which lane/byte the lookup reads.
 */
const [AXL, AXH]: [Int32Array, Int32Array] = (() => {
  const aLo = new Int32Array(64);
  const aHi = new Int32Array(64);
  // Row for input bit n (0 = least significant) of a lane is A[63 - n].
  for (let n = 0; n < 64; n++) [aLo[n], aHi[n]] = split(STREEBOG_A[63 - n]);
  const lo8 = new Int32Array(8 * 256);
  const hi8 = new Int32Array(8 * 256);
  for (let j = 0; j < 8; j++) {
    for (let b = 0; b < 256; b++) {
      const v = PI[b];
      let lo = 0;
      let hi = 0;
      for (let bit = 0; bit < 8; bit++) {
        if ((v >> bit) & 1) {
          lo ^= aLo[8 * j + bit];
          hi ^= aHi[8 * j + bit];
        }
      }
      lo8[(j << 8) | b] = lo;
      hi8[(j << 8) | b] = hi;
    }
  }
  return [lo8, hi8];
})();

const C32: Int32Array[] = STREEBOG_C.map((row) => {
  const r = new Int32Array(16);
  for (let i = 0; i < 8; i++) [r[2 * i], r[2 * i + 1]] = split(row[i]);
  return r;
});

/** out = L(P(S(a ^ b))); out may alias a or b. Generated, unrolled. */
function lpsx(out: Int32Array, a: Int32Array, b: Int32Array): void {
  const L = AXL;
  const H = AXH;
  const x0 = a[0] ^ b[0];
  const x1 = a[1] ^ b[1];
  const x2 = a[2] ^ b[2];
  const x3 = a[3] ^ b[3];
  const x4 = a[4] ^ b[4];
  const x5 = a[5] ^ b[5];
  const x6 = a[6] ^ b[6];
  const x7 = a[7] ^ b[7];
  const x8 = a[8] ^ b[8];
  const x9 = a[9] ^ b[9];
  const x10 = a[10] ^ b[10];
  const x11 = a[11] ^ b[11];
  const x12 = a[12] ^ b[12];
  const x13 = a[13] ^ b[13];
  const x14 = a[14] ^ b[14];
  const x15 = a[15] ^ b[15];
  let k: number, lo: number, hi: number;
  k = (x0 & 255); lo = L[k]; hi = H[k];
  k = 256 | (x2 & 255); lo ^= L[k]; hi ^= H[k];
  k = 512 | (x4 & 255); lo ^= L[k]; hi ^= H[k];
  k = 768 | (x6 & 255); lo ^= L[k]; hi ^= H[k];
  k = 1024 | (x8 & 255); lo ^= L[k]; hi ^= H[k];
  k = 1280 | (x10 & 255); lo ^= L[k]; hi ^= H[k];
  k = 1536 | (x12 & 255); lo ^= L[k]; hi ^= H[k];
  k = 1792 | (x14 & 255); lo ^= L[k]; hi ^= H[k];
  out[0] = lo; out[1] = hi;
  k = ((x0 >>> 8) & 255); lo = L[k]; hi = H[k];
  k = 256 | ((x2 >>> 8) & 255); lo ^= L[k]; hi ^= H[k];
  k = 512 | ((x4 >>> 8) & 255); lo ^= L[k]; hi ^= H[k];
  k = 768 | ((x6 >>> 8) & 255); lo ^= L[k]; hi ^= H[k];
  k = 1024 | ((x8 >>> 8) & 255); lo ^= L[k]; hi ^= H[k];
  k = 1280 | ((x10 >>> 8) & 255); lo ^= L[k]; hi ^= H[k];
  k = 1536 | ((x12 >>> 8) & 255); lo ^= L[k]; hi ^= H[k];
  k = 1792 | ((x14 >>> 8) & 255); lo ^= L[k]; hi ^= H[k];
  out[2] = lo; out[3] = hi;
  k = ((x0 >>> 16) & 255); lo = L[k]; hi = H[k];
  k = 256 | ((x2 >>> 16) & 255); lo ^= L[k]; hi ^= H[k];
  k = 512 | ((x4 >>> 16) & 255); lo ^= L[k]; hi ^= H[k];
  k = 768 | ((x6 >>> 16) & 255); lo ^= L[k]; hi ^= H[k];
  k = 1024 | ((x8 >>> 16) & 255); lo ^= L[k]; hi ^= H[k];
  k = 1280 | ((x10 >>> 16) & 255); lo ^= L[k]; hi ^= H[k];
  k = 1536 | ((x12 >>> 16) & 255); lo ^= L[k]; hi ^= H[k];
  k = 1792 | ((x14 >>> 16) & 255); lo ^= L[k]; hi ^= H[k];
  out[4] = lo; out[5] = hi;
  k = (x0 >>> 24); lo = L[k]; hi = H[k];
  k = 256 | (x2 >>> 24); lo ^= L[k]; hi ^= H[k];
  k = 512 | (x4 >>> 24); lo ^= L[k]; hi ^= H[k];
  k = 768 | (x6 >>> 24); lo ^= L[k]; hi ^= H[k];
  k = 1024 | (x8 >>> 24); lo ^= L[k]; hi ^= H[k];
  k = 1280 | (x10 >>> 24); lo ^= L[k]; hi ^= H[k];
  k = 1536 | (x12 >>> 24); lo ^= L[k]; hi ^= H[k];
  k = 1792 | (x14 >>> 24); lo ^= L[k]; hi ^= H[k];
  out[6] = lo; out[7] = hi;
  k = (x1 & 255); lo = L[k]; hi = H[k];
  k = 256 | (x3 & 255); lo ^= L[k]; hi ^= H[k];
  k = 512 | (x5 & 255); lo ^= L[k]; hi ^= H[k];
  k = 768 | (x7 & 255); lo ^= L[k]; hi ^= H[k];
  k = 1024 | (x9 & 255); lo ^= L[k]; hi ^= H[k];
  k = 1280 | (x11 & 255); lo ^= L[k]; hi ^= H[k];
  k = 1536 | (x13 & 255); lo ^= L[k]; hi ^= H[k];
  k = 1792 | (x15 & 255); lo ^= L[k]; hi ^= H[k];
  out[8] = lo; out[9] = hi;
  k = ((x1 >>> 8) & 255); lo = L[k]; hi = H[k];
  k = 256 | ((x3 >>> 8) & 255); lo ^= L[k]; hi ^= H[k];
  k = 512 | ((x5 >>> 8) & 255); lo ^= L[k]; hi ^= H[k];
  k = 768 | ((x7 >>> 8) & 255); lo ^= L[k]; hi ^= H[k];
  k = 1024 | ((x9 >>> 8) & 255); lo ^= L[k]; hi ^= H[k];
  k = 1280 | ((x11 >>> 8) & 255); lo ^= L[k]; hi ^= H[k];
  k = 1536 | ((x13 >>> 8) & 255); lo ^= L[k]; hi ^= H[k];
  k = 1792 | ((x15 >>> 8) & 255); lo ^= L[k]; hi ^= H[k];
  out[10] = lo; out[11] = hi;
  k = ((x1 >>> 16) & 255); lo = L[k]; hi = H[k];
  k = 256 | ((x3 >>> 16) & 255); lo ^= L[k]; hi ^= H[k];
  k = 512 | ((x5 >>> 16) & 255); lo ^= L[k]; hi ^= H[k];
  k = 768 | ((x7 >>> 16) & 255); lo ^= L[k]; hi ^= H[k];
  k = 1024 | ((x9 >>> 16) & 255); lo ^= L[k]; hi ^= H[k];
  k = 1280 | ((x11 >>> 16) & 255); lo ^= L[k]; hi ^= H[k];
  k = 1536 | ((x13 >>> 16) & 255); lo ^= L[k]; hi ^= H[k];
  k = 1792 | ((x15 >>> 16) & 255); lo ^= L[k]; hi ^= H[k];
  out[12] = lo; out[13] = hi;
  k = (x1 >>> 24); lo = L[k]; hi = H[k];
  k = 256 | (x3 >>> 24); lo ^= L[k]; hi ^= H[k];
  k = 512 | (x5 >>> 24); lo ^= L[k]; hi ^= H[k];
  k = 768 | (x7 >>> 24); lo ^= L[k]; hi ^= H[k];
  k = 1024 | (x9 >>> 24); lo ^= L[k]; hi ^= H[k];
  k = 1280 | (x11 >>> 24); lo ^= L[k]; hi ^= H[k];
  k = 1536 | (x13 >>> 24); lo ^= L[k]; hi ^= H[k];
  k = 1792 | (x15 >>> 24); lo ^= L[k]; hi ^= H[k];
  out[14] = lo; out[15] = hi;
}

const ZERO512 = new Int32Array(16);

/** x = (x + y) mod 2^512, as sixteen little-endian 32-bit words. */
function add512(x: Int32Array, y: Int32Array): void {
  let carry = 0;
  for (let i = 0; i < 16; i++) {
    const s = (x[i] >>> 0) + (y[i] >>> 0) + carry;
    x[i] = s | 0;
    carry = s > 0xffffffff ? 1 : 0;
  }
}

/** x = (x + n) mod 2^512 for a small non-negative n (< 2^31). */
function addSmall(x: Int32Array, n: number): void {
  let carry = n;
  for (let i = 0; i < 16 && carry !== 0; i++) {
    const s = (x[i] >>> 0) + carry;
    x[i] = s | 0;
    carry = s > 0xffffffff ? 1 : 0;
  }
}

/** Compression g_N(h, m) (RFC 6986 §7): h = E(LPS(h ^ N), m) ^ h ^ m. */
function compress(h: Int32Array, n: Int32Array, m: Int32Array, k: Int32Array, t: Int32Array): void {
  lpsx(k, h, n);
  lpsx(t, k, m);
  for (let i = 0; i < 11; i++) {
    lpsx(k, k, C32[i]);
    lpsx(t, k, t);
  }
  lpsx(k, k, C32[11]);
  for (let i = 0; i < 16; i++) h[i] ^= t[i] ^ k[i] ^ m[i];
}

function loadBlock(m: Int32Array, src: Uint8Array, off: number): void {
  for (let i = 0; i < 16; i++, off += 4) {
    m[i] = src[off] | (src[off + 1] << 8) | (src[off + 2] << 16) | (src[off + 3] << 24);
  }
}

/** Incremental Streebog: `update` any number of times, then `digest` once. */
export class Streebog {
  readonly outputLength: 32 | 64;
  private readonly h = new Int32Array(16);
  private readonly n = new Int32Array(16);
  private readonly sigma = new Int32Array(16);
  private readonly m = new Int32Array(16);
  private readonly k = new Int32Array(16);
  private readonly t = new Int32Array(16);
  private readonly buf = new Uint8Array(64);
  private bufLen = 0;
  private finished = false;

  constructor(bits: 256 | 512) {
    if (bits !== 256 && bits !== 512) throw new RangeError(`Streebog output must be 256 or 512 bits, not ${bits}`);
    this.outputLength = bits === 256 ? 32 : 64;
    // IV: 0^512 for Streebog-512, (00000001)^64 for Streebog-256.
    if (bits === 256) this.h.fill(0x01010101);
  }

  private block(src: Uint8Array, off: number): void {
    loadBlock(this.m, src, off);
    compress(this.h, this.n, this.m, this.k, this.t);
    addSmall(this.n, 512);
    add512(this.sigma, this.m);
  }

  update(data: Uint8Array): this {
    if (this.finished) throw new Error('Streebog: update after digest');
    let pos = 0;
    const len = data.length;
    if (this.bufLen > 0) {
      const take = Math.min(64 - this.bufLen, len);
      this.buf.set(data.subarray(0, take), this.bufLen);
      this.bufLen += take;
      pos = take;
      if (this.bufLen < 64) return this;
      this.block(this.buf, 0);
      this.bufLen = 0;
    }
    // Every full block is compressed at once: the final padded block (0x01 then zeros, even
    // for an empty remainder) is always a separate one, added by digest().
    for (; pos + 64 <= len; pos += 64) this.block(data, pos);
    if (pos < len) {
      this.buf.set(data.subarray(pos), 0);
      this.bufLen = len - pos;
    }
    return this;
  }

  digest(): Uint8Array {
    if (this.finished) throw new Error('Streebog: digest called twice');
    this.finished = true;
    const r = this.bufLen;
    const last = new Uint8Array(64);
    last.set(this.buf.subarray(0, r));
    last[r] = 0x01; // padding: 0^(511-|M|) || 1 || M, in little-endian byte order
    loadBlock(this.m, last, 0);
    compress(this.h, this.n, this.m, this.k, this.t);
    addSmall(this.n, r * 8);
    add512(this.sigma, this.m);
    compress(this.h, ZERO512, this.n, this.k, this.t);
    compress(this.h, ZERO512, this.sigma, this.k, this.t);
    const out = new Uint8Array(64);
    for (let i = 0; i < 16; i++) {
      const w = this.h[i];
      out[4 * i] = w & 0xff;
      out[4 * i + 1] = (w >>> 8) & 0xff;
      out[4 * i + 2] = (w >>> 16) & 0xff;
      out[4 * i + 3] = (w >>> 24) & 0xff;
    }
    // Streebog-256 is the most significant half of the final state.
    return this.outputLength === 64 ? out : out.slice(32);
  }
}

export function streebog512(data: Uint8Array): Uint8Array {
  return new Streebog(512).update(data).digest();
}

export function streebog256(data: Uint8Array): Uint8Array {
  return new Streebog(256).update(data).digest();
}
