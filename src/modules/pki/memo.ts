/**
 * Bounded memos for facts that depend only on bytes: a certificate parsed from its DER, a
 * signature that verified over given bytes with a given key, a stored OCSP answer parsed.
 * Documents from the same officials recur, so their certificates and the OCSP answers kept
 * until nextUpdate are read and checked once per process, not once per document. Only what
 * the bytes alone decide is memoised; time, validity and revocation are judged on every use.
 *
 * Parsed objects (certificates, OCSP answers, CRLs) are not changed after parsing, and the
 * memoised ones come back as the same object document after document: facts about such an
 * object are kept beside it (`perObject`), found without hashing its bytes again.
 */
import { createHash } from 'node:crypto';

export class BoundedMemo<V> {
  private readonly map = new Map<string, V>();
  constructor(private readonly max: number) {}

  get(key: string): V | undefined {
    return this.map.get(key);
  }

  set(key: string, value: V): void {
    if (this.map.size >= this.max) this.map.delete(this.map.keys().next().value as string);
    this.map.set(key, value);
  }
}

/**
 * A bounded memo keyed by exact bytes, for objects parsed from bytes that arrive anew with every
 * document (a signer's certificate inside each CMS): found by a short key (length and the last 32
 * bytes — a certificate ends with its signature) and confirmed byte for byte against the bytes
 * kept with the entry, so no digest is computed. A few entries per short key (oldest replaced).
 */
export class BytesMemo<V> {
  private readonly map = new Map<string, { bytes: Uint8Array; value: V }[]>();
  private count = 0;
  constructor(private readonly max: number) {}

  private static key(b: Uint8Array): string {
    const tail = Math.min(b.length, 32);
    return `${b.length}:${Buffer.from(b.buffer, b.byteOffset + b.length - tail, tail).toString('latin1')}`;
  }

  get(bytes: Uint8Array): V | undefined {
    const list = this.map.get(BytesMemo.key(bytes));
    if (list) for (const e of list) if (Buffer.compare(e.bytes, bytes) === 0) return e.value;
    return undefined;
  }

  /** `bytes` must be a copy nobody changes (e.g. the DER a parsed certificate keeps). */
  set(bytes: Uint8Array, value: V): void {
    const k = BytesMemo.key(bytes);
    let list = this.map.get(k);
    if (!list) {
      if (this.count >= this.max) {
        const [oldest, entries] = this.map.entries().next().value as [string, unknown[]];
        this.map.delete(oldest);
        this.count -= entries.length;
      }
      this.map.set(k, (list = []));
    }
    if (list.length >= 4) {
      list.shift();
      this.count--;
    }
    list.push({ bytes, value });
    this.count++;
  }
}

/** SHA-256 over the parts, each length-prefixed (no two different lists of parts share a key). */
export function bytesKey(...parts: (Uint8Array | string)[]): string {
  const h = createHash('sha256');
  const len = Buffer.allocUnsafe(4); // update() copies what it is given: one length buffer serves every part
  for (const p of parts) {
    const b = typeof p === 'string' ? Buffer.from(p) : p;
    len.writeUInt32BE(b.length);
    h.update(len).update(b);
  }
  return h.digest('base64');
}

/**
 * `compute` once per object (a parsed certificate or OCSP answer, never changed after parsing):
 * the result is kept beside the object and goes with it. Only for facts the object alone decides.
 */
export function perObject<K extends object, V>(compute: (key: K) => V): (key: K) => V {
  const memo = new WeakMap<K, V>();
  return (key) => {
    let v = memo.get(key);
    if (v === undefined && !memo.has(key)) memo.set(key, (v = compute(key)));
    return v as V;
  };
}
