/**
 * A lean DER reader: tag/length/value walker with bounds checks.
 *
 * Why not asn1js/pkijs here: they build a full object graph (schema matching, a class per
 * node, copies of every value) for each input, which makes a CMS verification cost ~4 ms
 * of decoding against ~30 µs of RSA math. Verification is on the hot path of every letter,
 * so this reader walks the bytes in place: a Tlv is four numbers, values are subarrays of
 * the input (no copies), and only the fields the verifier needs are ever decoded.
 *
 * Safety: every length is checked against its enclosing element (absurd lengths and
 * truncation are errors), indefinite lengths (BER) are refused because signatures are over
 * DER, tags are limited to the low-tag-number form X.509/CMS use, and the generic walker has
 * a depth limit so 10,000-deep nesting cannot exhaust the stack.
 */
import { AppError } from '../../shared/errors.ts';

export interface Tlv {
  /** The identifier octet (class, constructed bit and tag number < 31). */
  tag: number;
  /** Offset of the identifier octet. */
  start: number;
  /** Offset of the first content octet. */
  valueStart: number;
  /** Offset just past the last content octet. */
  end: number;
}

export const MAX_DEPTH = 64;

export function malformed(detail: string): AppError {
  return new AppError('PKI_MALFORMED', { detail });
}

/** Reads the element at `pos`, which must end at or before `limit`. */
export function readTlv(buf: Uint8Array, pos: number, limit: number): Tlv {
  if (pos + 2 > limit) throw malformed(`truncated element at offset ${pos}`);
  const tag = buf[pos];
  if ((tag & 0x1f) === 0x1f) throw malformed(`high tag number at offset ${pos}`);
  let len = buf[pos + 1];
  let valueStart = pos + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0) throw malformed(`indefinite length (BER) at offset ${pos}; DER is required`);
    if (n > 4) throw malformed(`absurd length of ${n} octets at offset ${pos}`);
    if (valueStart + n > limit) throw malformed(`truncated length at offset ${pos}`);
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + buf[valueStart + i];
    valueStart += n;
  }
  const end = valueStart + len;
  if (end > limit) throw malformed(`length ${len} at offset ${pos} runs past its container`);
  return { tag, start: pos, valueStart, end };
}

/** Reads the element at `pos` and insists on its tag. */
export function expectTlv(buf: Uint8Array, pos: number, limit: number, tag: number, what: string): Tlv {
  const t = readTlv(buf, pos, limit);
  if (t.tag !== tag) throw malformed(`${what}: expected tag 0x${tag.toString(16)}, got 0x${t.tag.toString(16)} at offset ${pos}`);
  return t;
}

/** Parses a whole buffer as exactly one element (no trailing bytes). */
export function rootTlv(buf: Uint8Array, tag: number, what: string): Tlv {
  const t = expectTlv(buf, 0, buf.length, tag, what);
  if (t.end !== buf.length) throw malformed(`${what}: ${buf.length - t.end} trailing bytes`);
  return t;
}

/** Sequential reader over the children of a constructed element. */
export class Cursor {
  pos: number;
  constructor(readonly buf: Uint8Array, readonly parent: Tlv, readonly what: string) {
    if ((parent.tag & 0x20) === 0) throw malformed(`${what}: expected a constructed element`);
    this.pos = parent.valueStart;
  }
  get more(): boolean {
    return this.pos < this.parent.end;
  }
  peekTag(): number {
    return this.more ? this.buf[this.pos] : -1;
  }
  next(tag?: number, what = this.what): Tlv {
    if (!this.more) throw malformed(`${what}: missing element`);
    const t = tag === undefined ? readTlv(this.buf, this.pos, this.parent.end) : expectTlv(this.buf, this.pos, this.parent.end, tag, what);
    this.pos = t.end;
    return t;
  }
  /** The next element if it has this tag, else undefined (nothing consumed). */
  optional(tag: number): Tlv | undefined {
    return this.peekTag() === tag ? this.next(tag) : undefined;
  }
  /** Insists that the container has been read to its end. */
  done(): void {
    if (this.more) throw malformed(`${this.what}: unexpected extra element at offset ${this.pos}`);
  }
}

/** All children of a constructed element, at most `max` of them (a stated limit, not a crash). */
export function children(buf: Uint8Array, parent: Tlv, what: string, max = 10_000, limitCode: 'PKI_MALFORMED' | 'PKI_LIMIT_EXCEEDED' = 'PKI_LIMIT_EXCEEDED'): Tlv[] {
  const out: Tlv[] = [];
  const c = new Cursor(buf, parent, what);
  while (c.more) {
    if (out.length >= max) throw new AppError(limitCode, { detail: `${what}: more than ${max} elements` });
    out.push(c.next());
  }
  return out;
}

/** Walks every element (for validation and dumps), refusing nesting deeper than MAX_DEPTH. */
export function walk(buf: Uint8Array, tlv: Tlv, visit: (t: Tlv, depth: number) => void, depth = 0): void {
  if (depth > MAX_DEPTH) throw malformed(`nesting deeper than ${MAX_DEPTH} levels`);
  visit(tlv, depth);
  if (tlv.tag & 0x20) {
    let p = tlv.valueStart;
    while (p < tlv.end) {
      const child = readTlv(buf, p, tlv.end);
      walk(buf, child, visit, depth + 1);
      p = child.end;
    }
  }
}

export function value(buf: Uint8Array, t: Tlv): Uint8Array {
  return buf.subarray(t.valueStart, t.end);
}

export function whole(buf: Uint8Array, t: Tlv): Uint8Array {
  return buf.subarray(t.start, t.end);
}

// OID memo keyed by a hash of the content octets (no allocation on a hit; bytes re-checked).
const oidCache = new Map<number, { bytes: Uint8Array; text: string }[]>();
let oidCacheSize = 0;

/** OBJECT IDENTIFIER to dotted text; memoised because the same few OIDs recur in every CMS. */
export function readOid(buf: Uint8Array, t: Tlv): string {
  if (t.tag !== 0x06) throw malformed(`expected an OID at offset ${t.start}`);
  const len = t.end - t.valueStart;
  if (len === 0 || len > 64) throw malformed(`bad OID length ${len} at offset ${t.start}`);
  let h = len;
  for (let i = t.valueStart; i < t.end; i++) h = (Math.imul(h, 31) + buf[i]) | 0;
  const bucket = oidCache.get(h);
  if (bucket) {
    outer: for (const e of bucket) {
      if (e.bytes.length !== len) continue;
      for (let i = 0; i < len; i++) if (e.bytes[i] !== buf[t.valueStart + i]) continue outer;
      return e.text;
    }
  }
  const parts: number[] = [];
  let v = 0;
  for (let i = t.valueStart; i < t.end; i++) {
    const b = buf[i];
    v = v * 128 + (b & 0x7f);
    if (v > Number.MAX_SAFE_INTEGER / 128) throw malformed(`OID arc too large at offset ${t.start}`);
    if ((b & 0x80) === 0) {
      if (parts.length === 0) parts.push(v < 80 ? Math.floor(v / 40) : 2, v < 80 ? v % 40 : v - 80);
      else parts.push(v);
      v = 0;
    } else if (i === t.end - 1) throw malformed(`unterminated OID at offset ${t.start}`);
  }
  const text = parts.join('.');
  if (oidCacheSize < 4096) {
    oidCacheSize++;
    const e = { bytes: buf.slice(t.valueStart, t.end), text };
    if (bucket) bucket.push(e);
    else oidCache.set(h, [e]);
  }
  return text;
}

/** INTEGER as upper-case hex without sign padding: the form serial numbers are compared in. */
export function readIntegerHex(buf: Uint8Array, t: Tlv): string {
  if (t.tag !== 0x02 || t.end === t.valueStart) throw malformed(`expected an INTEGER at offset ${t.start}`);
  let s = t.valueStart;
  while (s < t.end - 1 && buf[s] === 0) s++;
  return Buffer.from(buf.buffer, buf.byteOffset + s, t.end - s).toString('hex').toUpperCase();
}

export function readSmallInt(buf: Uint8Array, t: Tlv): number {
  if (t.tag !== 0x02 || t.end === t.valueStart || t.end - t.valueStart > 6) throw malformed(`expected a small INTEGER at offset ${t.start}`);
  let v = buf[t.valueStart] & 0x80 ? -1 : 0;
  for (let i = t.valueStart; i < t.end; i++) v = v * 256 + buf[i];
  return v;
}

function digits(buf: Uint8Array, at: number, n: number, t: Tlv): number {
  let v = 0;
  for (let i = at; i < at + n; i++) {
    const d = buf[i] - 48;
    if (d < 0 || d > 9) throw malformed(`bad time at offset ${t.start}`);
    v = v * 10 + d;
  }
  return v;
}

/** UTCTime (YYMMDDHHMM[SS]Z) or GeneralizedTime (YYYYMMDDHHMMSS[.f]Z) to a Date. */
export function readTime(buf: Uint8Array, t: Tlv): Date {
  const p = t.valueStart;
  const len = t.end - p;
  let year: number;
  let at: number;
  if (t.tag === 0x17 && (len === 11 || len === 13)) {
    const yy = digits(buf, p, 2, t);
    year = yy >= 50 ? 1900 + yy : 2000 + yy;
    at = p + 2;
  } else if (t.tag === 0x18 && len >= 15 && len <= 25) {
    year = digits(buf, p, 4, t);
    at = p + 4;
  } else throw malformed(`bad time at offset ${t.start}`);
  if (buf[t.end - 1] !== 0x5a) throw malformed(`time without Z at offset ${t.start}`);
  const mo = digits(buf, at, 2, t);
  const d = digits(buf, at + 2, 2, t);
  const h = digits(buf, at + 4, 2, t);
  const mi = digits(buf, at + 6, 2, t);
  const hasSec = t.tag === 0x18 || len === 13;
  const s = hasSec ? digits(buf, at + 8, 2, t) : 0;
  let ms = 0;
  const fracAt = at + 10;
  if (t.tag === 0x18 && len > 15) {
    if (buf[fracAt] !== 0x2e || len === 16) throw malformed(`bad time fraction at offset ${t.start}`);
    const n = t.end - 1 - (fracAt + 1);
    ms = Math.floor(digits(buf, fracAt + 1, n, t) / 10 ** (n - 3));
  } else if (t.tag === 0x17 ? at + (hasSec ? 10 : 8) !== t.end - 1 : fracAt !== t.end - 1) throw malformed(`bad time at offset ${t.start}`);
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) throw malformed(`bad time at offset ${t.start}`);
  return new Date(Date.UTC(year, mo - 1, d, h, mi, s, ms));
}

/** BIT STRING contents without the unused-bits octet. */
export function readBitString(buf: Uint8Array, t: Tlv): Uint8Array {
  if (t.tag !== 0x03 || t.end === t.valueStart) throw malformed(`expected a BIT STRING at offset ${t.start}`);
  return buf.subarray(t.valueStart + 1, t.end);
}

/** The directory-string types a certificate name may use, decoded to text. */
export function readString(buf: Uint8Array, t: Tlv): string {
  const v = Buffer.from(buf.buffer, buf.byteOffset + t.valueStart, t.end - t.valueStart);
  switch (t.tag) {
    case 0x0c: // UTF8String
      return v.toString('utf8');
    case 0x13: // PrintableString
    case 0x16: // IA5String
    case 0x12: // NumericString
    case 0x1a: // VisibleString
      return v.toString('latin1');
    case 0x14: // TeletexString: treated as Latin-1, as most software does
      return v.toString('latin1');
    case 0x1e: { // BMPString: UTF-16 big-endian
      if (v.length % 2) throw malformed(`odd BMPString length at offset ${t.start}`);
      const le = Buffer.from(v);
      le.swap16();
      return le.toString('utf16le');
    }
    case 0x1c: { // UniversalString: UTF-32 big-endian
      if (v.length % 4) throw malformed(`bad UniversalString length at offset ${t.start}`);
      let s = '';
      for (let i = 0; i < v.length; i += 4) s += String.fromCodePoint(Math.min(v.readUInt32BE(i), 0x10ffff));
      return s;
    }
    default:
      return `#${v.toString('hex')}`;
  }
}

/** Upper-case hex of bytes. */
export function hex(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.length).toString('hex').toUpperCase();
}
