/**
 * Appends to the hash-chained audit log inside the caller's transaction, so the audit row
 * commits together with the change it records (STYLE habit 5).
 */
import { sql } from 'drizzle-orm';
import type { Tx } from '../../storage/db/database.ts';
import type { AuditContext, AuditEvent } from './audit-events.ts';
import { auditEntryHash, GENESIS_HASH } from './audit-hash.ts';

/** Serialises appenders so that sequence numbers have no gaps and each entry sees its predecessor. */
const AUDIT_LOCK = 7243002;

export async function appendAudit(tx: Tx, event: AuditEvent, ctx: AuditContext = {}): Promise<{ seq: number; hash: string }> {
  await tx.execute(sql`select pg_advisory_xact_lock(${AUDIT_LOCK})`);
  const last = await tx.execute<{ seq: string; hash: string }>(sql`select seq, hash from audit_log order by seq desc limit 1`);
  const prevHash = last.rows[0]?.hash ?? GENESIS_HASH;
  const seq = last.rows[0] ? Number(last.rows[0].seq) + 1 : 1;
  // Round-trip the payload through JSON so the hash covers exactly what jsonb will return.
  const payload = JSON.parse(JSON.stringify(event.payload)) as unknown;
  const entry = { seq, at: new Date().toISOString(), type: event.type, actor: ctx.actor ?? null, requestId: ctx.requestId ?? null, payload };
  const hash = auditEntryHash(prevHash, entry);
  await tx.execute(sql`
    insert into audit_log (seq, at, type, actor, request_id, payload, prev_hash, hash)
    values (${seq}, ${entry.at}::timestamptz, ${entry.type}, ${entry.actor}, ${entry.requestId}, ${JSON.stringify(payload)}::jsonb, ${prevHash}, ${hash})`);
  return { seq, hash };
}
