/**
 * Bounded memos for facts that depend only on bytes: a certificate parsed from its DER, a
 * signature that verified over given bytes with a given key, a stored OCSP answer parsed.
 * Documents from the same officials recur, so their certificates and the OCSP answers kept
 * until nextUpdate are read and checked once per process, not once per document. Only what
 * the bytes alone decide is memoised; time, validity and revocation are judged on every use.
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
