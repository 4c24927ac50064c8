/** The hash of one audit entry: SHA-256 over the previous hash and the entry's canonical JSON (RFC 8785). */
import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditEntryContent {
  seq: number;
  at: string;
  type: string;
  actor: string | null;
  requestId: string | null;
  payload: unknown;
}

export function auditEntryHash(prevHash: string, entry: AuditEntryContent): string {
  const canonical = canonicalize({
    seq: entry.seq,
    at: entry.at,
    type: entry.type,
    actor: entry.actor,
    requestId: entry.requestId,
    payload: entry.payload,
  });
  return createHash('sha256').update(prevHash).update('\n').update(canonical ?? '').digest('hex');
}
