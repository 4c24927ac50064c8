/**
 * GOST R 34.11-94 hash (RFC 5831) over GOST 28147-89, with the *test* S-box
 * (id-GostR3411-94-TestParamSet), the one the Kazakh NCA's GOST 34.310-2004 signatures use
 * (Kalkan calls it GOST 34.311-95; its OID is 1.2.398.3.10.1.3.1).
 *
 * Written here because no maintained npm package implements it (only the unmaintained
 * @wavesenterprise/crypto-gost-js bundle, which the tests use as an independent cross-check).
 *
 * Byte order as in OpenSSL's gost engine and every interoperable implementation: blocks and
 * the digest are little-endian byte strings of the standard's 256-bit numbers.
 */

/** The test parameter set's S-box: row r is K(r+1), applied to bits 4r..4r+3 of the word. */
const SBOX_TEST: readonly (readonly number[])[] = [
  [0x4, 0xa, 0x9, 0x2, 0xd, 0x8, 0x0, 0xe, 0x6, 0xb, 0x1, 0xc, 0x7, 0xf, 0x5, 0x3],
  [0xe, 0xb, 0x4, 0xc, 0x6, 0xd, 0xf, 0xa, 0x2, 0x3, 0x8, 0x1, 0x0, 0x7, 0x5, 0x9],
  [0x5, 0x8, 0x1, 0xd, 0xa, 0x3, 0x4, 0x2, 0xe, 0xf, 0xc, 0x7, 0x6, 0x0, 0x9, 0xb],
  [0x7, 0xd, 0xa, 0x1, 0x0, 0x8, 0x9, 0xf, 0xe, 0x4, 0x6, 0xc, 0xb, 0x2, 0x5, 0x3],
  [0x6, 0xc, 0x7, 0x1, 0x5, 0xf, 0xd, 0x8, 0x4, 0xa, 0x9, 0xe, 0x0, 0x3, 0xb, 0x2],
  [0x4, 0xb, 0xa, 0x0, 0x7, 0x2, 0x1, 0xd, 0x3, 0x6, 0x8, 0x5, 0x9, 0xc, 0xf, 0xe],
  [0xd, 0xb, 0x4, 0x1, 0x3, 0xf, 0x5, 0x9, 0x0, 0xa, 0xe, 0x7, 0x6, 0x8, 0x2, 0xc],
  [0x1, 0xf, 0xd, 0x0, 0x5, 0x7, 0xa, 0x4, 0x9, 0x2, 0x3, 0xe, 0x6, 0xb, 0x8, 0xc],
];

/**
 * GOST 28147-89 round function tables: F[p][v] = rol11(S(v placed at byte p)), so that
 * f(x) = F0[x & 255] ^ F1[x >>> 8 & 255] ^ F2[x >>> 16 & 255] ^ F3[x >>> 24].
 */
function roundTables(sbox: readonly (readonly number[])[]): Int32Array[] {
  const tables: Int32Array[] = [];
  for (let p = 0; p < 4; p++) {
    const t = new Int32Array(256);
    for (let v = 0; v < 256; v++) {
      const sub = (sbox[2 * p][v & 15] | (sbox[2 * p + 1][v >> 4] << 4)) << (8 * p);
      t[v] = (sub << 11) | (sub >>> 21);
    }
    tables.push(t);
  }
  return tables;
}

const [F0, F1, F2, F3] = roundTables(SBOX_TEST);

function le32(b: Uint8Array, o: number): number {
  return b[o] | (b[o + 1] << 8) | (b[o + 2] << 16) | (b[o + 3] << 24);
}

/** GOST 28147-89 ECB encryption of in[io..io+8] with the 256-bit key, into out[oo..oo+8]. */
const k = new Int32Array(8); // scratch (the hash is synchronous, so module-level buffers are safe)

function encryptBlock(key: Uint8Array, src: Uint8Array, io: number, out: Uint8Array, oo: number): void {
  for (let i = 0; i < 8; i++) k[i] = le32(key, 4 * i);
  let n1 = le32(src, io);
  let n2 = le32(src, io + 4);
  let x: number;
  // Key schedule: k0..k7 three times, then k7..k0; halves swap names instead of values.
  for (let r = 0; r < 3; r++) {
    for (let i = 0; i < 8; i += 2) {
      x = (n1 + k[i]) | 0;
      n2 ^= F0[x & 255] ^ F1[(x >>> 8) & 255] ^ F2[(x >>> 16) & 255] ^ F3[x >>> 24];
      x = (n2 + k[i + 1]) | 0;
      n1 ^= F0[x & 255] ^ F1[(x >>> 8) & 255] ^ F2[(x >>> 16) & 255] ^ F3[x >>> 24];
    }
  }
  for (let i = 7; i > 0; i -= 2) {
    x = (n1 + k[i]) | 0;
    n2 ^= F0[x & 255] ^ F1[(x >>> 8) & 255] ^ F2[(x >>> 16) & 255] ^ F3[x >>> 24];
    x = (n2 + k[i - 1]) | 0;
    n1 ^= F0[x & 255] ^ F1[(x >>> 8) & 255] ^ F2[(x >>> 16) & 255] ^ F3[x >>> 24];
  }
  out[oo] = n2;
  out[oo + 1] = n2 >>> 8;
  out[oo + 2] = n2 >>> 16;
  out[oo + 3] = n2 >>> 24;
  out[oo + 4] = n1;
  out[oo + 5] = n1 >>> 8;
  out[oo + 6] = n1 >>> 16;
  out[oo + 7] = n1 >>> 24;
}

/** Transformation P (key derivation): K[i + 4j] = W[8i + j]. */
function permuteP(w: Uint8Array, key: Uint8Array): void {
  for (let i = 0; i < 4; i++) for (let j = 0; j < 8; j++) key[i + 4 * j] = w[8 * i + j];
}

const aSave = new Uint8Array(8);

/** Transformation A: (x4‖x3‖x2‖x1) → (x1⊕x2)‖x4‖x3‖x2, 64-bit words, x1 the lowest. */
function transformA(src: Uint8Array, dst: Uint8Array): void {
  // dst may be src: x1 is saved first and the shift copies downwards.
  const t = aSave;
  t.set(src.subarray(0, 8));
  for (let i = 0; i < 24; i++) dst[i] = src[i + 8];
  for (let i = 0; i < 8; i++) dst[24 + i] = t[i] ^ dst[i];
}

/** Bytes of the constant C3 that are 0xff (the others are 0), as positions in the LE string. */
const C3_FF = [1, 3, 5, 7, 8, 10, 12, 14, 17, 18, 20, 23, 24, 28, 29, 31];

/**
 * ψ^n of a 256-bit string as 16-bit words: ψ(y16‖…‖y1) = (y1⊕y2⊕y3⊕y4⊕y13⊕y16)‖y16‖…‖y2 is a
 * linear-feedback shift, so ψ^n is the window w[n..n+16) of w[i+16] = w[i]⊕w[i+1]⊕w[i+2]⊕w[i+3]⊕w[i+12]⊕w[i+15].
 */
const psiWords = new Uint16Array(16 + 61);

function psiPow(src: Uint8Array, n: number, dst: Uint8Array): void {
  const w = psiWords;
  for (let i = 0; i < 16; i++) w[i] = src[2 * i] | (src[2 * i + 1] << 8);
  for (let i = 0; i < n; i++) w[i + 16] = w[i] ^ w[i + 1] ^ w[i + 2] ^ w[i + 3] ^ w[i + 12] ^ w[i + 15];
  for (let i = 0; i < 16; i++) {
    const v = w[n + i];
    dst[2 * i] = v & 0xff;
    dst[2 * i + 1] = v >>> 8;
  }
}

/** The step (compression) function f(H, M); updates h in place. */
const u = new Uint8Array(32);
const v = new Uint8Array(32);
const w = new Uint8Array(32);
const key = new Uint8Array(32);
const s = new Uint8Array(32);

function step(h: Uint8Array, m: Uint8Array): void {
  // K1
  for (let i = 0; i < 32; i++) w[i] = h[i] ^ m[i];
  permuteP(w, key);
  encryptBlock(key, h, 0, s, 0);
  // K2: U = A(H), V = A(A(M))
  transformA(h, u);
  transformA(m, v);
  transformA(v, v);
  for (let i = 0; i < 32; i++) w[i] = u[i] ^ v[i];
  permuteP(w, key);
  encryptBlock(key, h, 8, s, 8);
  // K3: U = A(U) ⊕ C3, V = A(A(V))
  transformA(u, u);
  for (const i of C3_FF) u[i] ^= 0xff;
  transformA(v, v);
  transformA(v, v);
  for (let i = 0; i < 32; i++) w[i] = u[i] ^ v[i];
  permuteP(w, key);
  encryptBlock(key, h, 16, s, 16);
  // K4
  transformA(u, u);
  transformA(v, v);
  transformA(v, v);
  for (let i = 0; i < 32; i++) w[i] = u[i] ^ v[i];
  permuteP(w, key);
  encryptBlock(key, h, 24, s, 24);

  // Mixing: H' = ψ^61(H ⊕ ψ(M ⊕ ψ^12(S)))
  psiPow(s, 12, s);
  for (let i = 0; i < 32; i++) s[i] ^= m[i];
  psiPow(s, 1, s);
  for (let i = 0; i < 32; i++) s[i] ^= h[i];
  psiPow(s, 61, h);
}

/** sum = (sum + block) mod 2^256, little-endian. */
function add256(sum: Uint8Array, block: Uint8Array): void {
  let carry = 0;
  for (let i = 0; i < 32; i++) {
    const t = sum[i] + block[i] + carry;
    sum[i] = t & 0xff;
    carry = t >>> 8;
  }
}

/** Incremental GOST R 34.11-94 (test parameter set). */
export class Gost94 {
  readonly outputLength = 32;
  private readonly h = new Uint8Array(32);
  private readonly sum = new Uint8Array(32);
  private readonly buf = new Uint8Array(32);
  private bufLen = 0;
  /** Total length in bytes (a JS number is exact far beyond any input we accept). */
  private total = 0;
  private finished = false;

  update(data: Uint8Array): this {
    if (this.finished) throw new Error('GOST R 34.11-94: update after digest');
    this.total += data.length;
    let pos = 0;
    if (this.bufLen > 0) {
      const take = Math.min(32 - this.bufLen, data.length);
      this.buf.set(data.subarray(0, take), this.bufLen);
      this.bufLen += take;
      pos = take;
      if (this.bufLen < 32) return this;
      this.block(this.buf);
      this.bufLen = 0;
    }
    for (; pos + 32 <= data.length; pos += 32) this.block(data.subarray(pos, pos + 32));
    if (pos < data.length) {
      this.buf.set(data.subarray(pos), 0);
      this.bufLen = data.length - pos;
    }
    return this;
  }

  private block(b: Uint8Array): void {
    step(this.h, b);
    add256(this.sum, b);
  }

  digest(): Uint8Array {
    if (this.finished) throw new Error('GOST R 34.11-94: digest called twice');
    this.finished = true;
    if (this.bufLen > 0) {
      // The last partial block is padded with zeros; its real length goes into L.
      const last = new Uint8Array(32);
      last.set(this.buf.subarray(0, this.bufLen));
      this.block(last);
    }
    const len = new Uint8Array(32);
    let bits = BigInt(this.total) * 8n;
    for (let i = 0; i < 32 && bits > 0n; i++, bits >>= 8n) len[i] = Number(bits & 0xffn);
    step(this.h, len);
    step(this.h, this.sum);
    return this.h.slice();
  }
}

export function gost94(data: Uint8Array): Uint8Array {
  return new Gost94().update(data).digest();
}
