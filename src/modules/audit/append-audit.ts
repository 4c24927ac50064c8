/**
 * Appends to the hash-chained audit log inside the caller's transaction, so the audit row
 * commits together with the change it records (STYLE habit 5). One round trip however many
 * entries: the database function `audit_append` (migration 0012) takes the appenders' lock,
 * reads the chain's head and inserts, hashing each entry's canonical JSON built here.
 */
import { sql } from 'drizzle-orm';
import type { Tx } from '../../storage/db/database.ts';
import type { AuditContext, AuditEvent } from './audit-events.ts';
import { auditEntryParts } from './audit-hash.ts';

export async function appendAudit(tx: Tx, event: AuditEvent, ctx: AuditContext = {}): Promise<{ seq: number; hash: string }> {
  const [first] = await appendAuditEntries(tx, [{ event, ctx }]);
  return first;
}

/** Appends several entries in order, in one statement. */
export async function appendAuditEntries(tx: Tx, entries: { event: AuditEvent; ctx?: AuditContext }[]): Promise<{ seq: number; hash: string }[]> {
  if (!entries.length) return [];
  const r = await tx.execute<{ out_seq: string; out_hash: string }>(sql`select out_seq, out_hash from audit_append(${auditEntriesJson(entries)}::jsonb)`);
  return r.rows.map((x) => ({ seq: Number(x.out_seq), hash: x.out_hash }));
}

/**
 * The entries as `audit_append` takes them (a JSON array), for a caller that appends inside a
 * larger statement: `select … from audit_append(<this>::jsonb)` (arrays may be concatenated
 * with `||` in SQL, in the order the entries are to be chained).
 */
export function auditEntriesJson(entries: { event: AuditEvent; ctx?: AuditContext }[]): string {
  return JSON.stringify(auditEntriesJsonValue(entries));
}

/** The same entries as a value, for a caller that embeds them in a larger JSON parameter (one per row of a set-based statement). */
export function auditEntriesJsonValue(entries: { event: AuditEvent; ctx?: AuditContext }[]): { at: string; type: string; actor: string | null; requestId: string | null; payload: unknown; head: string; tail: string }[] {
  return entries.map(({ event, ctx = {} }) => {
    // Round-trip the payload through JSON so the hash covers exactly what jsonb will return.
    const payload = JSON.parse(JSON.stringify(event.payload)) as unknown;
    const entry = { at: new Date().toISOString(), type: event.type, actor: ctx.actor ?? null, requestId: ctx.requestId ?? null, payload };
    return { ...entry, ...auditEntryParts(entry) };
  });
}
