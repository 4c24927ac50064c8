/**
 * Incoming document on arrival (DF-7 … DF-9, DF-20), run as the durable job
 * `docflow.check-incoming`: every signature is verified (content files' CMS and the RCC: math,
 * chain, validity at the time received, revocation, key usage) and the RCC's digests are matched
 * against the files. If revocation status alone is unknown, the document is held and re-checked
 * until one working day has passed, then refused with that reason. A positive result goes on to
 * primary processing: requisites, and each signer's authority (belongs to the sender; the head
 * signed where the type requires). The outcome waits for the recipient's records officer — or,
 * when the organisation has an information-system key, is decided at once (automatic receipt).
 */
import { eq, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import type { Tx } from '../../storage/db/database.ts';
import { addWorkingDays } from '../../domain/working-days.ts';
import { enqueueJob } from '../../storage/jobs/enqueue-job.ts';
import { appendAudit, appendAuditEntries } from '../audit/append-audit.ts';
import type { AuditContext, AuditEvent } from '../audit/audit-events.ts';
import { mailboxJson } from './access.ts';
import { decideAutomatically } from './decide-automatically.ts';
import { linkKeys, signerLinks, signerRecord, type SignerRecord } from './keys.ts';
import { parseRcc, sha256Hex } from './rcc.ts';
import { reason, type Reason } from './reasons.ts';
import { referenceVersion, type DocumentTypeData } from './reference.ts';
import { checkRequisites } from './requisites.ts';
import { docflowDeliveries, docflowDocuments } from './schema.ts';
import type { DocflowDeps } from './types.ts';
import { onlyRevocationUnknown, reportCodes, verifyRecording, type ValidationItem } from './verify-recording.ts';

/** How often a held document is re-checked while its revocation status is unknown. */
export const RECHECK_INTERVAL_MS = 60 * 60_000;

export interface CheckResult {
  outcome: 'positive' | 'negative' | 'held';
  reasons: Reason[];
  signers: (SignerRecord & { file: number | 'rcc' })[];
  checkedAt: string;
}

/** The document's files as the check needs them (no extracted text), in order, as a JSON sub-select; the CMS in hex. */
function filesJson(documentId: SQLWrapper): SQL<{ position: number; role: 'content' | 'attachment'; filename: string; sha256: string; cms: string | null }[]> {
  return sql`(select coalesce(jsonb_agg(jsonb_build_object('position', f.position, 'role', f.role, 'filename', f.filename, 'sha256', f.sha256, 'cms', encode(f.cms, 'hex')) order by f.position), '[]'::jsonb)
    from docflow_files f where f.document_id = ${documentId})`;
}

export async function checkIncoming(tx: Tx, deps: Omit<DocflowDeps, 'database'>, deliveryId: string): Promise<CheckResult | undefined> {
  // The delivery (locked), its document, its files, sender and recipient in one round trip.
  const [row] = await tx.select({
    delivery: docflowDeliveries, doc: docflowDocuments, files: filesJson(docflowDocuments.id),
    sender: mailboxJson(docflowDocuments.senderMailboxId), recipient: mailboxJson(docflowDeliveries.recipientMailboxId),
  }).from(docflowDeliveries)
    .innerJoin(docflowDocuments, eq(docflowDocuments.id, docflowDeliveries.documentId))
    .where(eq(docflowDeliveries.id, deliveryId)).for('update', { of: docflowDeliveries });
  if (!row || (row.delivery.status !== 'checking' && row.delivery.status !== 'held')) return undefined;
  const { delivery, doc } = row;
  const files = row.files.map((f) => ({ ...f, cms: f.cms === null ? null : Buffer.from(f.cms, 'hex') }));
  const now = deps.now();
  const reasons: Reason[] = [];
  const signers: CheckResult['signers'] = [];
  const validation: ValidationItem[] = [];
  let unknownOnly = true;
  let anyFailure = false;
  const note = (codes: string[], what: string) => {
    if (!codes.length) return;
    anyFailure = true;
    if (!onlyRevocationUnknown(codes)) unknownOnly = false;
    reasons.push(reason(onlyRevocationUnknown(codes) ? 'REVOCATION_UNKNOWN' : 'SIGNATURE_INVALID', what, codes));
  };
  if (doc.stateSecret) reasons.push(reason('STATE_SECRET'));
  const rcc = doc.rccCanonical ? parseRcc(doc.rccCanonical) : undefined;
  if (!rcc || !doc.rccCms || rcc.documentId !== doc.id) reasons.push(reason('RCC_INVALID'));
  const reports: { cms: Buffer; report: Awaited<ReturnType<typeof verifyRecording>>['report']; usage: 'content' | 'rcc' }[] = [];
  for (const f of files.filter((x) => x.role === 'content')) {
    if (!f.cms) {
      reasons.push(reason('SIGNATURE_INVALID', `files[${f.position}] is not signed`));
      unknownOnly = false;
      anyFailure = true;
      continue;
    }
    const content = await deps.blobs.getBytes(f.sha256);
    const v = await verifyRecording(deps.trust, f.cms, { content, receivedAt: delivery.receivedAt, at: now });
    validation.push(...v.validation);
    note(reportCodes(v.report), `files[${f.position}] ${f.filename}`);
    v.report.signers.forEach((s) => signers.push({ ...signerRecord(s), file: f.position }));
    reports.push({ cms: f.cms, report: v.report, usage: 'content' });
  }
  if (rcc && doc.rccCms && doc.rccCanonical) {
    const v = await verifyRecording(deps.trust, doc.rccCms, { content: doc.rccCanonical, receivedAt: delivery.receivedAt, at: now });
    validation.push(...v.validation);
    note(reportCodes(v.report), 'registration card');
    v.report.signers.forEach((s) => signers.push({ ...signerRecord(s), file: 'rcc' }));
    reports.push({ cms: doc.rccCms, report: v.report, usage: 'rcc' });
    for (const f of files) {
      const listed = rcc.files.find((x) => x.position === f.position);
      const cmsOk = f.role !== 'content' || (f.cms && listed?.cmsSha256 === sha256Hex(f.cms));
      if (!listed || listed.sha256 !== f.sha256 || !cmsOk) reasons.push(reason('CONTENT_DIGEST_MISMATCH', `files[${f.position}] ${f.filename}`));
    }
    if (files.length !== rcc.files.length) reasons.push(reason('CONTENT_DIGEST_MISMATCH', 'the card lists another set of files'));
  }

  // Revocation unknown and nothing else wrong: hold and re-check for one working day.
  if (anyFailure && unknownOnly && reasons.every((r) => r.code === 'REVOCATION_UNKNOWN')) {
    const heldUntil = delivery.heldUntil ?? addWorkingDays(delivery.receivedAt, 1);
    if (now.getTime() < heldUntil.getTime()) {
      await tx.update(docflowDeliveries).set({ status: 'held', heldUntil, checkedAt: now, check: { outcome: 'held', reasons, signers, checkedAt: now.toISOString() } }).where(eq(docflowDeliveries.id, deliveryId));
      const runAt = new Date(Math.min(now.getTime() + RECHECK_INTERVAL_MS, heldUntil.getTime() + 1000));
      await enqueueJob(tx, { kind: 'docflow.check-incoming', payload: { deliveryId }, runAt, idempotencyKey: `docflow.check:${deliveryId}:${runAt.getTime()}` });
      await appendAudit(tx, { type: 'docflow.checked', payload: { documentId: doc.id, deliveryId, outcome: 'held', reasons: reasons.map((r) => r.code) } }, { actor: 'system' });
      return { outcome: 'held', reasons, signers, checkedAt: now.toISOString() };
    }
  }

  const sender = row.sender ?? undefined;
  const recipient = row.recipient ?? undefined;

  // Primary processing (DF-8, DF-9) only after a positive verification.
  if (reasons.length === 0) {
    const type = await referenceVersion<DocumentTypeData>(tx, 'document_type', doc.typeCode, doc.typeVersion);
    const reqErrors = type ? checkRequisites(doc.requisites as Record<string, unknown>, doc.card as Record<string, unknown>, type.data.mandatory) : [];
    if (!type || reqErrors.length) reasons.push(reason('REQUISITES_MISSING', reqErrors.map((e) => e.name).join(', ') || 'unknown document type'));
    for (const s of signers) if (!sender?.bin || s.bin !== sender.bin) reasons.push(reason('SIGNER_FOREIGN', `${s.file === 'rcc' ? 'registration card' : `files[${s.file}]`}: ${s.subject}`));
    if (type?.data.requiresHeadSignature) {
      const contentSigners = signers.filter((s) => s.file !== 'rcc');
      let head = contentSigners.some((s) => s.roles.includes('first_head'));
      for (const s of contentSigners) if (!head && s.iin) head = (await deps.membership.rolesOf({ accountId: '', iin: s.iin }, doc.senderMailboxId)).includes('head');
      if (!head) reasons.push(reason('HEAD_SIGNATURE_MISSING'));
    }
  }

  const links = reports.flatMap((r) => signerLinks(r.cms, r.report.signers, r.usage));

  const outcome = reasons.length ? 'negative' : 'positive';
  const check: CheckResult = { outcome, reasons, signers, checkedAt: now.toISOString() };
  const checked = { event: { type: 'docflow.checked', payload: { documentId: doc.id, deliveryId, outcome, reasons: reasons.map((r) => r.code) } }, ctx: { actor: 'system' } } satisfies { event: AuditEvent; ctx: AuditContext };
  const key = recipient ? await deps.receiptKeys.signerFor(delivery.recipientMailboxId) : undefined;
  if (key && recipient) {
    // The automatic path closes the delivery (check included) in the same statement as the
    // receipt; the audit rows come last, so the audit log's lock is held only until the commit.
    await decideAutomatically(tx, deps, { deliveryId, doc, sender, recipient, key, outcome, reasons, receivedAt: delivery.receivedAt, links, validation, check, auditFirst: [checked] });
    return check;
  }
  await linkKeys(tx, doc.id, links, validation);
  await tx.update(docflowDeliveries).set({ status: outcome === 'positive' ? 'awaiting_acceptance' : 'awaiting_rejection', checkedAt: now, check }).where(eq(docflowDeliveries.id, deliveryId));
  await appendAuditEntries(tx, [checked]);
  return check;
}
