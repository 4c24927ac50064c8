/** The hash of one audit entry: SHA-256 over the previous hash and the entry's canonical JSON (RFC 8785). */
import { createHash } from 'node:crypto';
import { canonicalJson } from '../../shared/canonical-json.ts';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditEntryContent {
  seq: number;
  at: string;
  type: string;
  actor: string | null;
  requestId: string | null;
  payload: unknown;
}

function canonicalEntry(entry: AuditEntryContent): string {
  return (
    canonicalJson({
      seq: entry.seq,
      at: entry.at,
      type: entry.type,
      actor: entry.actor,
      requestId: entry.requestId,
      payload: entry.payload,
    }) ?? ''
  );
}

export function auditEntryHash(prevHash: string, entry: AuditEntryContent): string {
  return createHash('sha256').update(prevHash).update('\n').update(canonicalEntry(entry)).digest('hex');
}

/**
 * The entry's canonical JSON cut around its sequence number, for appenders that learn the
 * number only inside the database (`audit_append`): head + String(seq) + tail is the canonical
 * JSON `auditEntryHash` hashes. In RFC 8785 key order `seq` is followed only by `type`, so the
 * cut is found from the end, whatever the payload holds.
 */
export function auditEntryParts(entry: Omit<AuditEntryContent, 'seq'>): { head: string; tail: string } {
  const whole = canonicalEntry({ ...entry, seq: 0 });
  const tail = `,"type":${canonicalJson(entry.type)}}`;
  const marker = `"seq":0${tail}`;
  if (!whole.endsWith(marker)) throw new Error('audit entry: unexpected canonical key order');
  return { head: `${whole.slice(0, whole.length - marker.length)}"seq":`, tail };
}
