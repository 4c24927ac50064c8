/**
 * One tracking event of an item, inside the caller's transaction: the history row (unique per
 * item and event, so a repeat is harmless), its signed evidence for the sender, the item's
 * status, the audit row and the webhook notifications (outbox).
 */
import { sql } from 'drizzle-orm';
import type { Tx } from '../../storage/db/database.ts';
import { enqueueJob } from '../../storage/jobs/enqueue-job.ts';
import { appendAudit } from '../audit/append-audit.ts';
import { issueHybridEvidence } from './evidence.ts';
import type { EvidenceSigner } from './ports.ts';

/** Evidence event names (ETSI EN 319 522 where one fits, else `Hybrid…`). */
export const EVIDENCE_EVENT: Record<string, string> = {
  accepted: 'SubmissionAcceptance',
  printed: 'HybridPrinted',
  enveloped: 'HybridEnveloped',
  handed_over: 'RelayToNonERDS',
  delivered: 'HybridDelivered',
  returned: 'HybridReturned',
  returned_to_sender: 'HybridReturnedToSender',
  destroyed: 'HybridDestroyed',
  read_online: 'ContentHandover',
};

export interface ItemForEvent {
  id: string;
  s10: string | null;
  senderMailboxId: string | null;
  contentSha256: string;
  contentPages: number;
}

export interface EventDeps {
  signer: EvidenceSigner;
  operator: string;
}

export async function recordItemEvent(
  tx: Tx,
  deps: EventDeps,
  item: ItemForEvent,
  e: { event: string; occurredAt: Date; place: string | null; actor: string; requestId?: string; sourceEventId?: string | null; extra?: Record<string, unknown>; keepStatus?: boolean },
): Promise<{ evidenceId: string; created: boolean }> {
  const ins = await tx.execute<{ id: string }>(sql`
    insert into hybrid_events (item_id, event, occurred_at, place, actor, source_event_id)
    values (${item.id}, ${e.event}, ${e.occurredAt.toISOString()}::timestamptz, ${e.place}, ${e.actor}, ${e.sourceEventId ?? null})
    on conflict (item_id, event) do nothing
    returning id`);
  if (!ins.rows[0]) {
    const prev = await tx.execute<{ evidence_id: string }>(sql`select evidence_id from hybrid_events where item_id = ${item.id} and event = ${e.event}`);
    return { evidenceId: prev.rows[0].evidence_id, created: false };
  }
  const evidence = await issueHybridEvidence(tx, deps, {
    event: EVIDENCE_EVENT[e.event] ?? e.event,
    itemId: item.id,
    eventTime: e.occurredAt,
    body: {
      item: { id: item.id, s10: item.s10, contentSha256: item.contentSha256, contentPages: item.contentPages },
      status: e.event,
      place: e.place,
      reportedBy: e.actor,
      ...(e.extra ?? {}),
    },
  });
  await tx.execute(sql`update hybrid_events set evidence_id = ${evidence.id} where id = ${ins.rows[0].id}`);
  if (!e.keepStatus) await tx.execute(sql`update hybrid_items set status = ${e.event}, status_at = ${e.occurredAt.toISOString()}::timestamptz where id = ${item.id}`);
  if (item.s10) await appendAudit(tx, { type: 'hybrid.event', payload: { itemId: item.id, s10: item.s10, event: e.event, place: e.place } }, { actor: e.actor, requestId: e.requestId });
  if (item.senderMailboxId) {
    const hooks = await tx.execute<{ id: string }>(sql`select id from hybrid_webhooks where mailbox_id = ${item.senderMailboxId} and revoked_at is null`);
    for (const h of hooks.rows) {
      await enqueueJob(tx, { kind: 'hybrid.webhook', payload: { webhookId: h.id, itemId: item.id, event: e.event, evidenceId: evidence.id }, idempotencyKey: `hybrid.webhook:${h.id}:${item.id}:${e.event}`, maxAttempts: 12 });
    }
  }
  return { evidenceId: evidence.id, created: true };
}

/** Schedules the print-batch job of a print centre for the end of the current batch window. */
export async function scheduleBatch(tx: Tx, printCentre: string, windowMinutes: number, now = new Date()): Promise<void> {
  const windowMs = windowMinutes * 60_000;
  const bucket = Math.floor(now.getTime() / windowMs);
  await enqueueJob(tx, { kind: 'hybrid.print_batch', payload: { printCentre }, idempotencyKey: `hybrid.print_batch:${printCentre}:${bucket}`, runAt: new Date((bucket + 1) * windowMs) });
}
