/**
 * recordHybridEvent: a tracking event from a print centre (`print_centre` staff) or a post
 * office (`clerk`), by S10 number. The lifecycle is
 *   accepted → printed → enveloped → handed_over → delivered | returned,
 *   returned → returned_to_sender | destroyed (as the sender chose at submission).
 * A repeated event is answered with the first one's record (idempotent); an unknown S10 or an
 * event out of order is refused and the refusal is audited; each accepted event gets evidence.
 */
import { sql } from 'drizzle-orm';
import type { Database } from '../../storage/db/database.ts';
import { AppError, fieldError } from '../../shared/errors.ts';
import { appendAudit } from '../audit/append-audit.ts';
import { requireStaff } from './authorise.ts';
import { recordItemEvent, type EventDeps } from './item-events.ts';
import type { HybridActor } from './ports.ts';
import { parseS10 } from './s10.ts';

export const TRACKING_EVENTS = ['printed', 'enveloped', 'handed_over', 'delivered', 'returned', 'returned_to_sender', 'destroyed'] as const;
export type TrackingEvent = (typeof TRACKING_EVENTS)[number];

const PREVIOUS: Record<TrackingEvent, string> = {
  printed: 'accepted', enveloped: 'printed', handed_over: 'enveloped', delivered: 'handed_over', returned: 'handed_over',
  returned_to_sender: 'returned', destroyed: 'returned',
};
const WHO: Record<TrackingEvent, ('print_centre' | 'clerk')[]> = {
  printed: ['print_centre'], enveloped: ['print_centre'], handed_over: ['print_centre', 'clerk'], delivered: ['clerk'], returned: ['clerk'],
  returned_to_sender: ['clerk'], destroyed: ['clerk', 'print_centre'],
};

export interface RecordEventInput {
  s10: string;
  event: string;
  occurredAt?: Date;
  place?: string;
  /** The reporter's own id of the event. */
  eventId?: string;
}

export interface RecordEventResult {
  itemId: string;
  s10: string;
  event: TrackingEvent;
  status: string;
  evidenceId: string;
  duplicate: boolean;
}

export async function recordHybridEvent(deps: EventDeps & { database: Database }, actorIn: HybridActor | undefined, input: RecordEventInput): Promise<RecordEventResult> {
  const { database } = deps;
  const actor = await requireStaff(database, actorIn, ['print_centre', 'clerk'], 'recordHybridEvent');
  const reject = async (reason: string, err: AppError): Promise<never> => {
    await database.db.transaction((tx) => appendAudit(tx, { type: 'hybrid.event_rejected', payload: { s10: String(input.s10).slice(0, 20), event: String(input.event).slice(0, 40), reason } }, { actor: actor.actor, requestId: actor.requestId }));
    throw err;
  };
  const parsed = parseS10(String(input.s10 ?? ''));
  if (!parsed.ok) {
    return reject(`s10_${parsed.problem}`, new AppError('VALIDATION_FAILED', { fields: [fieldError('s10', parsed.problem, { kk: 'S10 трек-нөмірі қате', ru: 'Неверный трек-номер S10', en: parsed.problem === 'check_digit' ? 'The S10 check digit is wrong' : 'Not an S10 number (e.g. RR123456785KZ)' })] }));
  }
  const event = input.event as TrackingEvent;
  if (!(TRACKING_EVENTS as readonly string[]).includes(event)) {
    return reject('unknown_event', new AppError('VALIDATION_FAILED', { fields: [fieldError('event', 'unknown', { kk: 'Белгісіз оқиға', ru: 'Неизвестное событие', en: `Unknown event; one of ${TRACKING_EVENTS.join(', ')}` })] }));
  }
  const occurredAt = input.occurredAt ?? new Date();
  if (Number.isNaN(occurredAt.getTime()) || occurredAt.getTime() > Date.now() + 5 * 60_000) {
    return reject('future_time', new AppError('VALIDATION_FAILED', { fields: [fieldError('occurredAt', 'future', { kk: 'Уақыт болашақта', ru: 'Время в будущем', en: 'The time is in the future' })] }));
  }
  if (!WHO[event].includes(actor.staffRole as 'clerk')) return reject('role', new AppError('FORBIDDEN', { detail: `${actor.staffRole} may not report ${event}` }));

  const outcome = await database.db.transaction(async (tx) => {
    const r = await tx.execute<{ id: string; s10: string; status: string; sender_mailbox_id: string | null; content_sha256: string; content_pages: number; return_policy: string }>(sql`
      select id, s10, status, sender_mailbox_id, content_sha256, content_pages, return_policy from hybrid_items where s10 = ${parsed.value} for update`);
    const item = r.rows[0];
    if (!item) return { error: 'unknown_item' as const };
    const prev = await tx.execute<{ evidence_id: string }>(sql`select evidence_id from hybrid_events where item_id = ${item.id} and event = ${event}`);
    if (prev.rows[0]) return { result: { itemId: item.id, s10: item.s10, event, status: item.status, evidenceId: prev.rows[0].evidence_id, duplicate: true } };
    const policyOk = event === 'returned_to_sender' ? item.return_policy === 'return_to_sender' : event === 'destroyed' ? item.return_policy === 'shred' : true;
    if (item.status !== PREVIOUS[event] || !policyOk) return { error: 'out_of_order' as const, status: item.status };
    if (event === 'printed') {
      const b = await tx.execute(sql`select 1 from hybrid_items where id = ${item.id} and batch_id is not null`);
      if (!b.rows[0]) return { error: 'out_of_order' as const, status: 'accepted (not yet in a print batch)' };
    }
    const ev = await recordItemEvent(tx, deps, { id: item.id, s10: item.s10, senderMailboxId: item.sender_mailbox_id, contentSha256: item.content_sha256, contentPages: item.content_pages }, {
      event, occurredAt, place: input.place?.slice(0, 200) ?? null, actor: actor.actor, requestId: actor.requestId, sourceEventId: input.eventId?.slice(0, 200) ?? null,
      extra: event === 'returned_to_sender' || event === 'destroyed' ? { returnPolicy: item.return_policy } : undefined,
    });
    return { result: { itemId: item.id, s10: item.s10, event, status: event, evidenceId: ev.evidenceId, duplicate: !ev.created } };
  });
  if ('error' in outcome) {
    if (outcome.error === 'unknown_item') return reject('unknown_item', new AppError('HYBRID_UNKNOWN_ITEM', { detail: parsed.value }));
    return reject(`out_of_order:${outcome.status}`, new AppError('HYBRID_EVENT_OUT_OF_ORDER', {
      detail: `${event} after ${outcome.status}`,
      fields: [fieldError('event', 'out_of_order', { kk: `«${event}» оқиғасы «${outcome.status}» мәртебесінен кейін келмейді`, ru: `Событие «${event}» не может следовать за статусом «${outcome.status}»`, en: `${event} cannot follow ${outcome.status}` })],
    }));
  }
  return outcome.result;
}
