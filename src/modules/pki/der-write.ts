/**
 * A small DER writer for the structures jashik builds (CMS, certificates and CRLs of the demo
 * CA, OCSP and timestamp requests). Writing DER directly keeps the exact signed bytes under
 * our control, which matters for GOST (little-endian layouts pkijs does not know) and keeps
 * signing synchronous.
 */
export type Der = Uint8Array;

function lengthBytes(n: number): number[] {
  if (n < 0x80) return [n];
  const out: number[] = [];
  while (n > 0) {
    out.unshift(n & 0xff);
    n = Math.floor(n / 256);
  }
  return [0x80 | out.length, ...out];
}

export function tlv(tag: number, ...parts: Uint8Array[]): Der {
  let len = 0;
  for (const p of parts) len += p.length;
  const head = [tag, ...lengthBytes(len)];
  const out = Buffer.allocUnsafe(head.length + len);
  out.set(head, 0);
  let o = head.length;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

export const seq = (...parts: Uint8Array[]): Der => tlv(0x30, ...parts);

/** SET OF in DER order: elements sorted by their encodings (X.690 11.6). */
export function setOf(...parts: Uint8Array[]): Der {
  const sorted = [...parts].sort((a, b) => Buffer.compare(a, b));
  return tlv(0x31, ...sorted);
}

/** [n] with the constructed bit: EXPLICIT tagging, or IMPLICIT of a constructed type. */
export const ctx = (n: number, ...parts: Uint8Array[]): Der => tlv(0xa0 | n, ...parts);
/** [n] primitive: IMPLICIT of a primitive type. */
export const ctxPrim = (n: number, content: Uint8Array): Der => tlv(0x80 | n, content);

export const octets = (b: Uint8Array): Der => tlv(0x04, b);
export const nullDer = (): Der => Buffer.from([0x05, 0x00]);
export const bool = (v: boolean): Der => Buffer.from([0x01, 0x01, v ? 0xff : 0x00]);
export const utf8 = (s: string): Der => tlv(0x0c, Buffer.from(s, 'utf8'));
export const printable = (s: string): Der => tlv(0x13, Buffer.from(s, 'latin1'));
export const ia5 = (s: string): Der => tlv(0x16, Buffer.from(s, 'latin1'));

export function bitString(b: Uint8Array, unusedBits = 0): Der {
  return tlv(0x03, Buffer.from([unusedBits]), b);
}

// Encoded OIDs by their dotted text: the same dozen OIDs are written into every CMS and
// certificate, and the BigInt arithmetic below costs more than the rest of their encoding.
const oidMemo = new Map<string, Buffer>();

export function oid(dotted: string): Der {
  const hit = oidMemo.get(dotted);
  if (hit) return Buffer.from(hit);
  const der = encodeOid(dotted);
  if (oidMemo.size < 1000) oidMemo.set(dotted, Buffer.from(der));
  return der;
}

function encodeOid(dotted: string): Der {
  const arcs = dotted.split('.').map((a) => BigInt(a));
  if (arcs.length < 2) throw new Error(`bad OID ${dotted}`);
  const bytes: number[] = [];
  const push = (v: bigint) => {
    const chunk: number[] = [Number(v & 0x7fn)];
    v >>= 7n;
    while (v > 0n) {
      chunk.unshift(Number(v & 0x7fn) | 0x80);
      v >>= 7n;
    }
    bytes.push(...chunk);
  };
  push(arcs[0] * 40n + arcs[1]);
  for (const a of arcs.slice(2)) push(a);
  return tlv(0x06, Buffer.from(bytes));
}

/** INTEGER from a bigint, a number, or unsigned big-endian bytes / hex. */
export function int(v: bigint | number | string | Uint8Array): Der {
  let b: Buffer;
  if (typeof v === 'bigint' || typeof v === 'number') {
    let n = BigInt(v);
    if (n < 0n) throw new Error('negative INTEGER not supported');
    let h = n.toString(16);
    if (h.length % 2) h = `0${h}`;
    b = Buffer.from(h, 'hex');
  } else b = typeof v === 'string' ? Buffer.from(v.length % 2 ? `0${v}` : v, 'hex') : Buffer.from(v);
  let s = 0;
  while (s < b.length - 1 && b[s] === 0) s++;
  b = b.subarray(s);
  if (b.length === 0) b = Buffer.from([0]);
  if (b[0] & 0x80) b = Buffer.concat([Buffer.from([0]), b]);
  return tlv(0x02, b);
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** UTCTime for 1950–2049 and GeneralizedTime outside, as RFC 5280 4.1.2.5 requires. */
export function time(d: Date): Der {
  const y = d.getUTCFullYear();
  const rest = `${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}Z`;
  if (y >= 1950 && y < 2050) return tlv(0x17, Buffer.from(`${pad(y % 100)}${rest}`, 'latin1'));
  return tlv(0x18, Buffer.from(`${pad(y, 4)}${rest}`, 'latin1'));
}

export function generalizedTime(d: Date): Der {
  const ms = d.getUTCMilliseconds();
  const frac = ms ? `.${pad(ms, 3).replace(/0+$/, '')}` : '';
  const s = `${pad(d.getUTCFullYear(), 4)}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}${frac}Z`;
  return tlv(0x18, Buffer.from(s, 'latin1'));
}

/** AlgorithmIdentifier; `params` undefined = absent, null = NULL. */
export function algId(dotted: string, params?: Uint8Array | null): Der {
  if (params === undefined) return seq(oid(dotted));
  return seq(oid(dotted), params === null ? nullDer() : params);
}
