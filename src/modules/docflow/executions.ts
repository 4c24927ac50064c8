/**
 * Execution control (DF-13, Rules §22–23): the head assigns an executor with a deadline (a date,
 * or a number of working days on the Kazakhstan calendar, by default the document type's
 * period), the executor reports, the head accepts; the registration carries the control mark and
 * the execution mark; reminder jobs fire one working day before the deadline (due soon,
 * `execution-due-soon.ts`) and after it (overdue). Filing ("в дело") sets the
 * nomenclature index and, from its retention, the end of keeping (DF-14).
 */
import { randomUUID } from 'node:crypto';
import { and, asc, eq, inArray, lte, ne, sql } from 'drizzle-orm';
import type { Database } from '../../storage/db/database.ts';
import { AppError } from '../../shared/errors.ts';
import { addWorkingDays, almatyDateOf, endOfAlmatyDay } from '../../domain/working-days.ts';
import { enqueueJob } from '../../storage/jobs/enqueue-job.ts';
import { scheduleDueSoon } from './execution-due-soon.ts';
import { appendAudit } from '../audit/append-audit.ts';
import { requireRoles } from './access.ts';
import { field, refuse } from './field-texts.ts';
import { currentReference, referenceVersion, type DocumentTypeData, type NomenclatureData } from './reference.ts';
import { docflowDocuments, docflowExecutions, docflowRegistrations } from './schema.ts';
import type { DocflowActor, MembershipPolicy } from './types.ts';

type Deps = { database: Database; membership: MembershipPolicy; now: () => Date };

async function loadRegistration(deps: Deps, id: string) {
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw new AppError('NOT_FOUND', { detail: `registration ${id}` });
  const [reg] = await deps.database.db.select().from(docflowRegistrations).where(eq(docflowRegistrations.id, id));
  if (!reg) throw new AppError('NOT_FOUND', { detail: `registration ${id}` });
  return reg;
}

async function loadExecution(deps: Deps, id: string) {
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw new AppError('NOT_FOUND', { detail: `execution ${id}` });
  const [e] = await deps.database.db.select().from(docflowExecutions).where(eq(docflowExecutions.id, id));
  if (!e) throw new AppError('NOT_FOUND', { detail: `execution ${id}` });
  return e;
}

export async function assignExecution(
  deps: Deps,
  actor: DocflowActor | undefined,
  registrationId: string,
  input: { executorIin: string; executorName?: string; instruction?: string; deadlineDate?: string; workingDays?: number },
): Promise<{ executionId: string; deadline: string }> {
  const reg = await loadRegistration(deps, registrationId);
  const { actor: who } = await requireRoles(deps, actor, reg.mailboxId, ['head'], 'assignExecution');
  if (reg.status !== 'registered') throw new AppError('DOCFLOW_WRONG_STATE', { detail: 'not registered' });
  if (!/^\d{12}$/.test(input.executorIin)) throw refuse('VALIDATION_FAILED', [field('executorIin', 'required', 'malformed')]);
  const roles = await deps.membership.rolesOf({ accountId: '', iin: input.executorIin }, reg.mailboxId);
  if (!roles.some((r) => r !== 'reader')) throw refuse('DOCFLOW_SIGNER_NOT_AUTHORISED', [field('executorIin', 'signer_not_member')]);
  const now = deps.now();
  let deadline: Date;
  if (input.deadlineDate) {
    try {
      deadline = endOfAlmatyDay(input.deadlineDate);
    } catch {
      throw refuse('VALIDATION_FAILED', [field('deadlineDate', 'deadline', 'malformed')]);
    }
  } else {
    const [doc] = await deps.database.db.select().from(docflowDocuments).where(eq(docflowDocuments.id, reg.documentId));
    const type = await referenceVersion<DocumentTypeData>(deps.database.db, 'document_type', doc.typeCode, doc.typeVersion);
    const days = input.workingDays ?? type?.data.executionDays ?? 10;
    if (!Number.isInteger(days) || days < 1 || days > 365) throw refuse('VALIDATION_FAILED', [field('workingDays', 'deadline', 'malformed')]);
    deadline = addWorkingDays(now, days);
  }
  if (deadline.getTime() <= now.getTime()) throw refuse('VALIDATION_FAILED', [field(input.deadlineDate ? 'deadlineDate' : 'workingDays', 'deadline')]);
  const id = randomUUID();
  await deps.database.db.transaction(async (tx) => {
    await tx.insert(docflowExecutions).values({ id, registrationId, documentId: reg.documentId, mailboxId: reg.mailboxId, executorIin: input.executorIin, executorName: input.executorName ?? null, assignedBy: who.accountId, instruction: input.instruction ?? '', deadline });
    await tx.update(docflowRegistrations).set({ controlMark: true }).where(eq(docflowRegistrations.id, registrationId));
    const runAt = new Date(deadline.getTime() + 1000);
    await enqueueJob(tx, { kind: 'docflow.execution-reminder', payload: { executionId: id }, runAt, idempotencyKey: `docflow.exec:${id}:${runAt.getTime()}` });
    await scheduleDueSoon(tx, id, deadline, now);
    await appendAudit(tx, { type: 'docflow.execution_changed', payload: { executionId: id, documentId: reg.documentId, status: 'assigned', deadline: deadline.toISOString() } }, { actor: who.actor, requestId: who.requestId });
  });
  return { executionId: id, deadline: deadline.toISOString() };
}

export async function reportExecution(deps: Deps, actor: DocflowActor | undefined, executionId: string, input: { report: string }): Promise<void> {
  const e = await loadExecution(deps, executionId);
  const { actor: who } = await requireRoles(deps, actor, e.mailboxId, ['executor', 'head', 'signatory', 'records_officer'], 'reportExecution');
  if (who.iin !== e.executorIin) throw new AppError('FORBIDDEN', { detail: 'only the assigned executor reports' });
  if (e.status !== 'assigned') throw new AppError('DOCFLOW_WRONG_STATE', { detail: e.status });
  if (typeof input.report !== 'string' || input.report.trim() === '' || input.report.length > 10_000) throw refuse('VALIDATION_FAILED', [field('report', 'required')]);
  await deps.database.db.transaction(async (tx) => {
    await tx.update(docflowExecutions).set({ status: 'reported', report: input.report, reportedAt: deps.now() }).where(eq(docflowExecutions.id, executionId));
    await appendAudit(tx, { type: 'docflow.execution_changed', payload: { executionId, documentId: e.documentId, status: 'reported' } }, { actor: who.actor, requestId: who.requestId });
  });
}

export async function acceptExecution(deps: Deps, actor: DocflowActor | undefined, executionId: string): Promise<void> {
  const e = await loadExecution(deps, executionId);
  const { actor: who } = await requireRoles(deps, actor, e.mailboxId, ['head'], 'acceptExecution');
  if (e.status !== 'reported') throw new AppError('DOCFLOW_WRONG_STATE', { detail: e.status });
  const now = deps.now();
  await deps.database.db.transaction(async (tx) => {
    await tx.update(docflowExecutions).set({ status: 'accepted', acceptedAt: now }).where(eq(docflowExecutions.id, executionId));
    const open = await tx.select({ id: docflowExecutions.id }).from(docflowExecutions).where(and(eq(docflowExecutions.registrationId, e.registrationId), ne(docflowExecutions.status, 'accepted')));
    if (open.length === 0) await tx.update(docflowRegistrations).set({ executionMark: `executed ${almatyDateOf(now)}` }).where(eq(docflowRegistrations.id, e.registrationId));
    await appendAudit(tx, { type: 'docflow.execution_changed', payload: { executionId, documentId: e.documentId, status: 'accepted' } }, { actor: who.actor, requestId: who.requestId });
  });
}

/** Filing mark "в дело" with the nomenclature index; the retention runs from the next 1 January. */
export async function fileDocument(deps: Deps, actor: DocflowActor | undefined, registrationId: string, input: { nomenclatureIndex: string }): Promise<{ retainUntil: string | null }> {
  const reg = await loadRegistration(deps, registrationId);
  const { actor: who } = await requireRoles(deps, actor, reg.mailboxId, ['records_officer', 'head'], 'fileDocument');
  if (reg.status !== 'registered') throw new AppError('DOCFLOW_WRONG_STATE', { detail: 'not registered' });
  const n = await currentReference<NomenclatureData>(deps.database.db, 'nomenclature', input.nomenclatureIndex);
  if (!n) throw refuse('DOCFLOW_DOCUMENT_INVALID', [field('nomenclatureIndex', 'unknown_index')]);
  const now = deps.now();
  const year = Number(almatyDateOf(now).slice(0, 4));
  const retainUntil = n.data.retentionYears === null ? null : `${year + n.data.retentionYears}-12-31`;
  await deps.database.db.transaction(async (tx) => {
    await tx.update(docflowRegistrations).set({ filedIndex: input.nomenclatureIndex, filedAt: now, retainUntil, executionMark: reg.executionMark ?? `в дело ${input.nomenclatureIndex}` }).where(eq(docflowRegistrations.id, registrationId));
    await appendAudit(tx, { type: 'docflow.filed', payload: { registrationId, documentId: reg.documentId, index: input.nomenclatureIndex } }, { actor: who.actor, requestId: who.requestId });
  });
  return { retainUntil };
}

export interface ControlItem {
  executionId: string;
  registrationId: string;
  documentId: string;
  number: string;
  executorIin: string;
  executorName: string | null;
  deadline: string;
  status: string;
  overdue: boolean;
}

/** Assignments under control: all open ones, the overdue ones, or those due within one working day. */
export async function listControl(deps: Deps, actor: DocflowActor | undefined, mailboxId: string, filter: 'open' | 'overdue' | 'due_soon' = 'open'): Promise<ControlItem[]> {
  await requireRoles(deps, actor, mailboxId, ['head', 'records_officer', 'executor', 'signatory'], 'listControl');
  const now = deps.now();
  const conds = [eq(docflowExecutions.mailboxId, mailboxId), inArray(docflowExecutions.status, ['assigned', 'reported'])];
  if (filter === 'overdue') conds.push(lte(docflowExecutions.deadline, now));
  if (filter === 'due_soon') conds.push(sql`${docflowExecutions.deadline} > ${now} and ${docflowExecutions.deadline} <= ${addWorkingDays(now, 1)}`);
  const rows = await deps.database.db
    .select({ e: docflowExecutions, number: docflowRegistrations.number })
    .from(docflowExecutions)
    .innerJoin(docflowRegistrations, eq(docflowRegistrations.id, docflowExecutions.registrationId))
    .where(and(...conds))
    .orderBy(asc(docflowExecutions.deadline));
  return rows.map(({ e, number }) => ({
    executionId: e.id, registrationId: e.registrationId, documentId: e.documentId, number, executorIin: e.executorIin, executorName: e.executorName,
    deadline: e.deadline.toISOString(), status: e.status, overdue: e.deadline.getTime() <= now.getTime(),
  }));
}
