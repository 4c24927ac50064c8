/**
 * recordPaperOriginalFate (hybrid item, paper → e-mailbox): after intake, a clerk records what
 * happened to the paper original — kept until a date (or kept longer), returned to the sender, or
 * destroyed. Returned and destroyed are final: a paper that was destroyed cannot be returned
 * afterwards, nor a returned one destroyed; such a change is refused as out of order. Repeating
 * the current fate changes nothing (idempotent). Each change gets signed evidence and an audit
 * row; refusals (unknown letter, out of order, another post office's letter) are audited too.
 */
import { sql } from 'drizzle-orm';
import type { Database } from '../../storage/db/database.ts';
import { AppError, fieldError } from '../../shared/errors.ts';
import { appendAudit } from '../audit/append-audit.ts';
import { requireStaff } from './authorise.ts';
import { issueHybridEvidence } from './evidence.ts';
import type { HybridConfig } from './hybrid-config.ts';
import type { EvidenceSigner, HybridActor } from './ports.ts';

export const ORIGINAL_FATES = ['kept', 'returned', 'destroyed'] as const;
export type OriginalFate = (typeof ORIGINAL_FATES)[number];
export const ORIGINAL_FATE_EVIDENCE = 'HybridOriginalFate';

/** From which recorded fate each fate may follow; `kept` may be repeated with a new date (kept longer). */
const MAY_FOLLOW: Record<OriginalFate, OriginalFate[]> = { kept: ['kept'], returned: ['kept'], destroyed: ['kept'] };

export interface OriginalFateInput {
  paperLetterId: string;
  fate: string;
  /** For `kept`: until when (default: the configured keeping period from now). */
  keepUntil?: Date;
}

export interface OriginalFateResult {
  paperLetterId: string;
  originalFate: OriginalFate;
  previousFate: OriginalFate;
  keepUntil: string | null;
  fateRecordedAt: string | null;
  /** The evidence of this change (or of the last change, for a repeat); null if only the intake stated it. */
  evidenceId: string | null;
  duplicate: boolean;
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DAY = 86_400_000;

export async function recordPaperOriginalFate(
  deps: { database: Database; signer: EvidenceSigner; operator: string; config: HybridConfig },
  actorIn: HybridActor | undefined,
  input: OriginalFateInput,
): Promise<OriginalFateResult> {
  const { database } = deps;
  const clerk = await requireStaff(database, actorIn, ['clerk'], 'recordPaperOriginalFate');
  const id = String(input.paperLetterId ?? '');
  const reject = async (reason: string, err: AppError): Promise<never> => {
    await database.db.transaction((tx) => appendAudit(tx, { type: 'hybrid.event_rejected', payload: { s10: '', event: `original_fate:${String(input.fate).slice(0, 20)}:${id.slice(0, 36)}`, reason } }, { actor: clerk.actor, requestId: clerk.requestId }));
    throw err;
  };
  const fate = input.fate as OriginalFate;
  if (!(ORIGINAL_FATES as readonly string[]).includes(fate)) {
    return reject('unknown_fate', new AppError('VALIDATION_FAILED', { fields: [fieldError('fate', 'unknown', { kk: 'Түпнұсқаның тағдыры: kept, returned немесе destroyed', ru: 'Судьба оригинала: kept, returned или destroyed', en: 'The fate is one of kept, returned, destroyed' })] }));
  }
  const now = new Date();
  let keepUntil: Date | null = null;
  if (fate === 'kept') {
    keepUntil = input.keepUntil ?? new Date(now.getTime() + deps.config.paperKeepDays * DAY);
    if (Number.isNaN(keepUntil.getTime()) || keepUntil.getTime() <= now.getTime() || keepUntil.getTime() > now.getTime() + 3650 * DAY) {
      return reject('keep_until_range', new AppError('VALIDATION_FAILED', { fields: [fieldError('keepUntil', 'range', { kk: 'Сақтау мерзімі болашақта және 10 жылдан аспауы керек', ru: 'Срок хранения — в будущем и не более 10 лет', en: 'Keep until a date in the future, at most 10 years ahead' })] }));
    }
  } else if (input.keepUntil !== undefined) {
    return reject('keep_until_unexpected', new AppError('VALIDATION_FAILED', { fields: [fieldError('keepUntil', 'unexpected', { kk: 'Сақтау мерзімі тек «kept» үшін', ru: 'Срок хранения указывают только для «kept»', en: 'keepUntil goes only with the fate kept' })] }));
  }
  if (!UUID_RE.test(id)) return reject('unknown_paper_letter', new AppError('NOT_FOUND', { detail: `paper letter ${id.slice(0, 40)}` }));

  const outcome = await database.db.transaction(async (tx) => {
    const r = await tx.execute<{ id: string; post_office_id: string | null; original_fate: OriginalFate; keep_until: string | null; fate_recorded_at: string | null; evidence_id: string | null; delivered_to: string }>(sql`
      select id, post_office_id, original_fate, keep_until, fate_recorded_at, evidence_id, delivered_to from hybrid_paper_letters where id = ${id} for update`);
    const letter = r.rows[0];
    if (!letter) return { error: 'unknown' as const };
    // The original lies at the post office that took it in; clerks elsewhere cannot dispose of it.
    if (letter.post_office_id && letter.post_office_id !== clerk.postOfficeId) return { error: 'other_office' as const };
    const iso = (v: string | null) => (v ? new Date(v).toISOString() : null);
    const lastEvidence = async () =>
      (await tx.execute<{ id: string }>(sql`select id from hybrid_evidence where paper_letter_id = ${id} and event = ${ORIGINAL_FATE_EVIDENCE} order by created_at desc, id limit 1`)).rows[0]?.id ?? null;
    const sameKeep = fate === 'kept' && letter.keep_until !== null && new Date(letter.keep_until).getTime() === keepUntil!.getTime();
    if (letter.original_fate === fate && (fate !== 'kept' || sameKeep)) {
      return { result: { paperLetterId: id, originalFate: fate, previousFate: letter.original_fate, keepUntil: iso(letter.keep_until), fateRecordedAt: iso(letter.fate_recorded_at), evidenceId: (await lastEvidence()) ?? letter.evidence_id, duplicate: true } };
    }
    if (!MAY_FOLLOW[fate].includes(letter.original_fate)) return { error: 'out_of_order' as const, current: letter.original_fate };
    const evidence = await issueHybridEvidence(tx, deps, {
      event: ORIGINAL_FATE_EVIDENCE, paperLetterId: id, eventTime: now,
      body: {
        paperLetter: { id, deliveredTo: letter.delivered_to, intakeEvidenceId: letter.evidence_id },
        originalFate: fate, previousFate: letter.original_fate, keepUntil: keepUntil?.toISOString() ?? null,
        postOfficeId: letter.post_office_id, clerk: clerk.actor,
      },
    });
    await tx.execute(sql`update hybrid_paper_letters set original_fate = ${fate}, keep_until = ${keepUntil?.toISOString() ?? null}::timestamptz, fate_recorded_at = ${now.toISOString()}::timestamptz where id = ${id}`);
    await appendAudit(tx, { type: 'hybrid.paper_fate', payload: { paperLetterId: id, fate, previous: letter.original_fate, keepUntil: keepUntil?.toISOString() ?? null, evidenceId: evidence.id } }, { actor: clerk.actor, requestId: clerk.requestId });
    return { result: { paperLetterId: id, originalFate: fate, previousFate: letter.original_fate, keepUntil: keepUntil?.toISOString() ?? null, fateRecordedAt: now.toISOString(), evidenceId: evidence.id, duplicate: false } };
  });
  if ('error' in outcome) {
    if (outcome.error === 'unknown') return reject('unknown_paper_letter', new AppError('NOT_FOUND', { detail: `paper letter ${id}` }));
    if (outcome.error === 'other_office') return reject('other_post_office', new AppError('FORBIDDEN', { detail: `paper letter ${id} is held by another post office` }));
    return reject(`out_of_order:${outcome.current}`, new AppError('HYBRID_EVENT_OUT_OF_ORDER', {
      detail: `${fate} after ${outcome.current}`,
      fields: [fieldError('fate', 'out_of_order', {
        kk: `Түпнұсқа «${outcome.current}» болып тіркелген; оны «${fate}» етіп өзгертуге болмайды`,
        ru: `Оригинал уже отмечен как «${outcome.current}»; изменить на «${fate}» нельзя`,
        en: `The original is already ${outcome.current}; it cannot become ${fate}`,
      })],
    }));
  }
  return outcome.result;
}
