/**
 * The verification equation's double-scalar multiplication z1·G + z2·Q, specialised for curves
 * with a = −3 over pseudo-Mersenne primes (CryptoPro-A and TC26 512-A: both Kazakh NCA curves).
 *
 * Why not noble's points here: noble uses complete (Renes–Costello–Batina) formulas, which cost
 * about twice the field products of Jacobian a = −3 formulas; verification handles only public
 * values, so variable-time incomplete formulas are fine and halve the cost (the benchmark's 10×
 * target over the pure-JS library needs it for keys seen once). noble still builds the curves,
 * validates keys, signs and generates keys (constant time).
 *
 * Method: G, and any key verified often (CA keys), get a fixed-window table — every multiple
 * d·2^(w·i)·P for signed base-2^w digits d — so their products need no doubling at all, only
 * one mixed addition (7M + 4S) per window. A key seen once gets a width-5 NAF over affine odd
 * multiples and the doubling chain (dbl-2001-b, 3M + 5S). The result is compared projectively
 * (X ≟ r·Z² and (r+q)·Z²), so no final inversion is needed.
 */
import type { GostCurveParams } from './curves.ts';

type Affine = { x: bigint; y: bigint };

export interface FastCurve {
  /** True iff z1·G + z2·Q has affine x ≡ r (mod q), Q given by one of its tables. */
  check(z1: bigint, z2: bigint, table: KeyTable, r: bigint): boolean;
  /** Odd multiples P, 3P, …, (2^(w−1) − 1)·P as affine points (keys seen once). */
  nafTable(P: Affine, w: number): NafTable;
  /** All d·2^(w·i)·P, d = 1..2^(w−1), as affine points (keys used often). */
  fixedTable(P: Affine, w: number): FixedTable;
}

export interface NafTable {
  kind: 'naf';
  w: number;
  xs: bigint[];
  ys: bigint[];
}

export interface FixedTable {
  kind: 'fixed';
  w: number;
  /** xs[i][d − 1] = x of d·2^(w·i)·P. */
  xs: bigint[][];
  ys: bigint[][];
}

export type KeyTable = NafTable | FixedTable;

/** A fast verifier for the curve, or undefined when it is not a = −3 over a pseudo-Mersenne prime. */
export function fastCurve(params: GostCurveParams): FastCurve | undefined {
  const { p, q } = params;
  if (params.a !== p - 3n) return undefined;
  const k = BigInt(p.toString(2).length);
  const c = (1n << k) - p;
  if (c <= 0n || c >= 1n << 32n) return undefined;
  const mask = (1n << k) - 1n;

  // Inputs are in [0, p); products fold as lo + hi·c twice, then one conditional subtraction.
  const red = (x: bigint): bigint => {
    x = (x & mask) + (x >> k) * c;
    x = (x & mask) + (x >> k) * c;
    return x >= p ? x - p : x;
  };
  const add = (a: bigint, b: bigint): bigint => {
    const x = a + b;
    return x >= p ? x - p : x;
  };
  const sub = (a: bigint, b: bigint): bigint => {
    const x = a - b;
    return x < 0n ? x + p : x;
  };
  const inv = (a: bigint): bigint => {
    let [r0, r1] = [a, p];
    let [s0, s1] = [1n, 0n];
    while (r1 !== 0n) {
      const t = r0 / r1;
      [r0, r1] = [r1, r0 - t * r1];
      [s0, s1] = [s1, s0 - t * s1];
    }
    return s0 < 0n ? s0 + p : s0;
  };

  // Jacobian accumulator (X, Y, Z), Z = 0 meaning the point at infinity.
  let X = 0n;
  let Y = 1n;
  let Z = 0n;

  function dbl(): void {
    if (Z === 0n) return;
    const delta = red(Z * Z);
    const gamma = red(Y * Y);
    const beta = red(X * gamma);
    const t = red(sub(X, delta) * add(X, delta));
    const alpha = add(add(t, t), t);
    const beta4 = add(add(beta, beta), add(beta, beta));
    const X3 = sub(red(alpha * alpha), add(beta4, beta4));
    const yz = add(Y, Z);
    const Z3 = sub(sub(red(yz * yz), gamma), delta);
    let g2 = red(gamma * gamma);
    g2 = add(g2, g2);
    g2 = add(g2, g2);
    g2 = add(g2, g2);
    Y = sub(red(alpha * sub(beta4, X3)), g2);
    X = X3;
    Z = Z3;
  }

  /** Accumulator += (x2, y2) (affine, not infinity). madd-2007-bl. */
  function madd(x2: bigint, y2: bigint): void {
    if (Z === 0n) {
      X = x2;
      Y = y2;
      Z = 1n;
      return;
    }
    const z1z1 = red(Z * Z);
    const u2 = red(x2 * z1z1);
    const s2 = red(y2 * red(Z * z1z1));
    const h = sub(u2, X);
    let rr = sub(s2, Y);
    if (h === 0n) {
      if (rr === 0n) dbl();
      else Z = 0n; // P + (−P)
      return;
    }
    rr = add(rr, rr);
    const hh = red(h * h);
    const i = add(add(hh, hh), add(hh, hh));
    const j = red(h * i);
    const v = red(X * i);
    const X3 = sub(sub(red(rr * rr), j), add(v, v));
    const yj = red(Y * j);
    const Y3 = sub(red(rr * sub(v, X3)), add(yj, yj));
    const zh = add(Z, h);
    Z = sub(sub(red(zh * zh), z1z1), hh);
    X = X3;
    Y = Y3;
  }

  /** Width-w NAF digits of a non-negative scalar, least significant first. */
  function wnaf(n: bigint, w: number): Int16Array {
    const bin = n.toString(2);
    const len = bin.length;
    const bits = new Uint8Array(len + 2 * w + 2);
    for (let i = 0; i < len; i++) bits[i] = bin.charCodeAt(len - 1 - i) - 48;
    // A carry out of the top window can land up to w bits above the scalar's length.
    const digits = new Int16Array(len + w + 1);
    const full = 1 << w;
    const half = full >> 1;
    for (let i = 0; i < digits.length; ) {
      if (bits[i] === 0) {
        i++;
        continue;
      }
      let v = 0;
      for (let j = 0; j < w; j++) v |= bits[i + j] << j;
      for (let j = 0; j < w; j++) bits[i + j] = 0;
      if (v >= half) {
        v -= full;
        // k −= v·2^i adds 2^(i+w): propagate the carry.
        let t = i + w;
        while (bits[t] === 1) bits[t++] = 0;
        bits[t] = 1;
      }
      digits[i] = v;
      i += w;
    }
    return digits;
  }

  /** Affine forms of Jacobian points with one inversion (Montgomery's trick). */
  function toAffine(JX: bigint[], JY: bigint[], JZ: bigint[]): { xs: bigint[]; ys: bigint[] } {
    const n = JZ.length;
    const prefix: bigint[] = new Array(n);
    let acc = 1n;
    for (let i = 0; i < n; i++) {
      prefix[i] = acc;
      acc = red(acc * JZ[i]);
    }
    let accInv = inv(acc);
    const xs: bigint[] = new Array(n);
    const ys: bigint[] = new Array(n);
    for (let i = n - 1; i >= 0; i--) {
      const zi = red(accInv * prefix[i]);
      accInv = red(accInv * JZ[i]);
      const z2 = red(zi * zi);
      xs[i] = red(JX[i] * z2);
      ys[i] = red(JY[i] * red(z2 * zi));
    }
    return { xs, ys };
  }

  /** P, P + step, P + 2·step, … (count points, Jacobian), step affine. */
  function progression(P: Affine, step: Affine, count: number): { JX: bigint[]; JY: bigint[]; JZ: bigint[] } {
    const JX: bigint[] = [P.x];
    const JY: bigint[] = [P.y];
    const JZ: bigint[] = [1n];
    X = P.x;
    Y = P.y;
    Z = 1n;
    for (let i = 1; i < count; i++) {
      madd(step.x, step.y);
      JX.push(X);
      JY.push(Y);
      JZ.push(Z);
    }
    return { JX, JY, JZ };
  }

  function doubled(P: Affine): Affine {
    X = P.x;
    Y = P.y;
    Z = 1n;
    dbl();
    const { xs, ys } = toAffine([X], [Y], [Z]);
    return { x: xs[0], y: ys[0] };
  }

  function nafTable(P: Affine, w: number): NafTable {
    const { JX, JY, JZ } = progression(P, doubled(P), 1 << (w - 2));
    return { kind: 'naf', w, ...toAffine(JX, JY, JZ) };
  }

  const qBits = q.toString(2).length;

  function fixedTable(P: Affine, w: number): FixedTable {
    const windows = Math.ceil(qBits / w) + 1;
    const per = 1 << (w - 1);
    const xs: bigint[][] = [];
    const ys: bigint[][] = [];
    let base = P;
    for (let i = 0; i < windows; i++) {
      const { JX, JY, JZ } = progression(base, base, per);
      // Next base 2^w·B = 2·(2^(w−1)·B), from the last entry, still in the accumulator.
      dbl();
      JX.push(X);
      JY.push(Y);
      JZ.push(Z);
      const a = toAffine(JX, JY, JZ);
      base = { x: a.xs[per], y: a.ys[per] };
      xs.push(a.xs.slice(0, per));
      ys.push(a.ys.slice(0, per));
    }
    return { kind: 'fixed', w, xs, ys };
  }

  /** Accumulator += n·P from P's fixed-window table (signed base-2^w digits, no doubling). */
  function addFixed(n: bigint, t: FixedTable): void {
    const bin = n.toString(2);
    const len = bin.length;
    const w = t.w;
    const full = 1 << w;
    const half = full >> 1;
    let carry = 0;
    for (let i = 0, pos = len; i < t.xs.length; i++, pos -= w) {
      // bits [pos − w, pos) of the binary string are window i (least significant first)
      const from = Math.max(0, pos - w);
      let v = pos > 0 ? parseInt(bin.slice(from, pos), 2) : 0;
      v += carry;
      if (v > half) {
        v -= full;
        carry = 1;
      } else carry = 0;
      if (v > 0) madd(t.xs[i][v - 1], t.ys[i][v - 1]);
      else if (v < 0) madd(t.xs[i][-v - 1], sub(0n, t.ys[i][-v - 1]));
    }
    if (carry !== 0) throw new Error('scalar too large for its fixed-window table');
  }

  let gTable: FixedTable | undefined;

  function check(z1: bigint, z2: bigint, qt: KeyTable, r: bigint): boolean {
    gTable ??= fixedTable({ x: params.x, y: params.y }, 8);
    X = 0n;
    Y = 1n;
    Z = 0n;
    if (qt.kind === 'naf') {
      const dq = wnaf(z2, qt.w);
      for (let i = dq.length - 1; i >= 0; i--) {
        dbl();
        const b = dq[i];
        if (b > 0) madd(qt.xs[b >> 1], qt.ys[b >> 1]);
        else if (b < 0) madd(qt.xs[-b >> 1], sub(0n, qt.ys[-b >> 1]));
      }
    } else {
      addFixed(z2, qt);
    }
    addFixed(z1, gTable);
    if (Z === 0n) return false;
    // x = X/Z² ∈ [0, p); x mod q = r ⇔ x = r or x = r + q (< p).
    const zz = red(Z * Z);
    if (red(r * zz) === X) return true;
    const rq = r + q;
    return rq < p && red(rq * zz) === X;
  }

  return { check, nafTable, fixedTable };
}
