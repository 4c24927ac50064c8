/**
 * Walks the whole audit chain in sequence order (keyset pages, constant memory) and
 * reports the first entry that was altered, removed or reordered.
 */
import { sql } from 'drizzle-orm';
import type { Tx } from '../../storage/db/database.ts';
import { auditEntryHash, GENESIS_HASH } from './audit-hash.ts';

export type AuditVerdict =
  | { ok: true; entries: number; head: string }
  | { ok: false; entries: number; firstBad: { seq: number; problem: 'altered' | 'missing_before' | 'broken_link' | 'bad_start'; message: string } };

const PAGE = 1000;

export async function verifyAuditLog(db: Tx): Promise<AuditVerdict> {
  let prevHash = GENESIS_HASH;
  let prevSeq = 0;
  let count = 0;
  for (;;) {
    const page = await db.execute<{ seq: string; at: Date; type: string; actor: string | null; request_id: string | null; payload: unknown; prev_hash: string; hash: string }>(sql`
      select seq, at, type, actor, request_id, payload, prev_hash, hash from audit_log where seq > ${prevSeq} order by seq limit ${PAGE}`);
    for (const row of page.rows) {
      const seq = Number(row.seq);
      if (seq !== prevSeq + 1) {
        return bad(count, seq, prevSeq === 0 ? 'bad_start' : 'missing_before', prevSeq === 0 ? `the log starts at entry ${seq}, not 1: earlier entries were removed` : `entries ${prevSeq + 1}…${seq - 1} are missing: removed`);
      }
      const hash = auditEntryHash(row.prev_hash, {
        seq,
        at: new Date(row.at).toISOString(),
        type: row.type,
        actor: row.actor,
        requestId: row.request_id,
        payload: row.payload,
      });
      if (hash !== row.hash) return bad(count, seq, 'altered', `entry ${seq} (${row.type}) was altered: its content does not match its hash`);
      if (row.prev_hash !== prevHash) {
        return bad(count, seq, 'broken_link', `entry ${seq} (${row.type}) does not follow entry ${prevSeq}: an entry was removed, replaced or reordered`);
      }
      prevHash = row.hash;
      prevSeq = seq;
      count++;
    }
    if (page.rows.length < PAGE) break;
  }
  return { ok: true, entries: count, head: prevHash };
}

function bad(entries: number, seq: number, problem: 'altered' | 'missing_before' | 'broken_link' | 'bad_start', message: string): AuditVerdict {
  return { ok: false, entries, firstBad: { seq, problem, message } };
}
