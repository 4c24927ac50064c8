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
import { eq, getTableColumns, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import type { Tx } from '../../storage/db/database.ts';
import { onConnectionOf } from '../../storage/db/execute-named.ts';
import { addWorkingDays } from '../../domain/working-days.ts';
import { enqueueJob } from '../../storage/jobs/enqueue-job.ts';
import { appendAuditEntries } from '../audit/append-audit.ts';
import type { AuditContext, AuditEvent } from '../audit/audit-events.ts';
import { mailboxJson } from './access.ts';
import { BatchContent } from './batch-content.ts';
import type { CmsSigner } from '../pki/cms-sign.ts';
import { decideAutomaticallyMany, type AutomaticDecision } from './decide-automatically.ts';
import { certificateLinks, linkKeys, signerRecord, type KeyLink, type SignerRecord } from './keys.ts';
import { parseRcc, sha256Hex } from './rcc.ts';
import { reason, type Reason } from './reasons.ts';
import { referenceVersion, type DocumentTypeData } from './reference.ts';
import { checkRequisites } from './requisites.ts';
import { docflowDeliveries, docflowDocuments } from './schema.ts';
import type { DocflowDeps, DocflowTrust } from './types.ts';
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
function filesJson(documentId: SQLWrapper): SQL<{ position: number; role: 'content' | 'attachment'; filename: string; sha256: string; size: number; cms: string | null }[]> {
  return sql`(select coalesce(jsonb_agg(jsonb_build_object('position', f.position, 'role', f.role, 'filename', f.filename, 'sha256', f.sha256, 'size', f.size, 'cms', encode(f.cms, 'hex')) order by f.position), '[]'::jsonb)
    from docflow_files f where f.document_id = ${documentId})`;
}

export async function checkIncoming(tx: Tx, deps: Omit<DocflowDeps, 'database'>, deliveryId: string): Promise<CheckResult | undefined> {
  const [r] = await checkIncomingMany(tx, deps, [deliveryId]);
  if (r instanceof Error) throw r;
  return r;
}

/** How many deliveries the check job takes at once (see `docflowJobHandlers`). */
export const CHECK_BATCH = 64;

type Row = Awaited<ReturnType<typeof selectDeliveries>>[number];

// The document row without its extracted text (up to 200,000 characters, for search): nothing in
// the check uses it, and reading it would cost PostgreSQL a TOAST read and Node a decode for every
// delivery. The field is there (the row type the writers take) and empty.
const { searchText: _notForTheCheck, ...checkedDocumentColumns } = getTableColumns(docflowDocuments);
const checkedDocument = { ...checkedDocumentColumns, searchText: sql<string>`''` };

/**
 * The deliveries (locked, in id order), their documents, files, senders and recipients in one
 * round trip. A named statement with the ids as one array parameter, built once and run in each
 * batch's transaction: PostgreSQL parses and plans it once per connection, Drizzle builds it once.
 */
function deliveriesStatement(tx: Tx) {
  return tx.select({
    delivery: docflowDeliveries, doc: checkedDocument, files: filesJson(docflowDocuments.id),
    sender: mailboxJson(docflowDocuments.senderMailboxId), recipient: mailboxJson(docflowDeliveries.recipientMailboxId),
  }).from(docflowDeliveries)
    .innerJoin(docflowDocuments, eq(docflowDocuments.id, docflowDeliveries.documentId))
    .where(sql`${docflowDeliveries.id} = any(${sql.placeholder('ids')}::uuid[])`).orderBy(docflowDeliveries.id).for('update', { of: docflowDeliveries })
    .prepare('jashik_docflow_check_deliveries');
}
let deliveries: ReturnType<typeof deliveriesStatement> | undefined;

function selectDeliveries(tx: Tx, deliveryIds: string[]) {
  deliveries ??= deliveriesStatement(tx);
  return onConnectionOf(deliveries, tx).execute({ ids: deliveryIds });
}

/**
 * Checks several deliveries in one transaction (the check job's batch): one read for all of
 * them, then each document verified and processed on its own (its signatures, content digests,
 * time, validity and revocation, requisites and signers), then the automatic decisions written
 * together (`decideAutomaticallyMany`: two statements for the batch) and the others one by one.
 * A document whose check throws (a missing file, say) gives its Error in its place and writes
 * nothing; the others go on. An error of the writes fails the batch (the job worker then runs
 * the jobs one by one). Content files are read once per batch however many deliveries share them,
 * read ahead up to a budget and let go after their last use (`BatchContent`).
 * Returns, in the order of `deliveryIds`, the check, or `undefined` when the delivery is not
 * waiting for one (already decided, unknown, or a second time in the batch).
 */
export async function checkIncomingMany(tx: Tx, deps: Omit<DocflowDeps, 'database'>, deliveryIds: string[]): Promise<(CheckResult | undefined | Error)[]> {
  const valid = deliveryIds.filter((id) => /^[0-9a-f-]{36}$/i.test(id));
  const rows = valid.length ? await selectDeliveries(tx, [...new Set(valid)]) : [];
  const byId = new Map(rows.map((r) => [r.delivery.id, r]));
  // The content files the checks below will verify, in their order: read ahead up to a budget.
  const checked = (id: string) => {
    const r = byId.get(id);
    return r && (r.delivery.status === 'checking' || r.delivery.status === 'held') ? r : undefined;
  };
  const planned = [...new Set(deliveryIds)].flatMap((id) => checked(id)?.files.filter((f) => f.role === 'content' && f.cms) ?? []);
  const contents = new BatchContent((sha256) => deps.blobs.getBytes(sha256), planned);
  const content = (sha256: string) => contents.take(sha256);
  const keys = new Map<string, Promise<CmsSigner | undefined>>();
  const keyFor = (mailboxId: string) => {
    let p = keys.get(mailboxId);
    if (!p) keys.set(mailboxId, (p = deps.receiptKeys.signerFor(mailboxId)));
    return p;
  };

  // The trust anchors and revocation options once per batch (production reads the trust
  // directory's listing to see whether it changed): every document is still judged against them.
  const trust = rows.length ? await batchTrust(deps.trust) : deps.trust;
  const batchDeps = { ...deps, trust };

  const results: (CheckResult | undefined | Error)[] = [];
  const automatic: AutomaticDecision[] = [];
  const others: { row: Row; e: Evaluation }[] = [];
  const seen = new Set<string>();
  for (const id of deliveryIds) {
    const row = checked(id);
    if (!row || seen.has(id)) {
      results.push(undefined);
      continue;
    }
    seen.add(id);
    try {
      const e = await evaluate(tx, batchDeps, row, content);
      results.push(e.check);
      const key = e.outcome !== 'held' && row.recipient ? await keyFor(row.delivery.recipientMailboxId) : undefined;
      if (key && row.recipient && e.outcome !== 'held') {
        // The automatic path closes the delivery (check included) in the same statement as the
        // receipt; the audit rows come last, so the audit log's lock is held only until the commit.
        automatic.push({ deliveryId: id, doc: row.doc, sender: row.sender ?? undefined, recipient: row.recipient, key, outcome: e.outcome, reasons: e.check.reasons, receivedAt: row.delivery.receivedAt, links: e.links, validation: e.validation, check: e.check, auditFirst: [checkedEntry(row, e.check)], alerted: row.delivery.alertedAt !== null });
      } else others.push({ row, e });
    } catch (err) {
      results.push(err instanceof Error ? err : new Error(String(err)));
    }
  }
  await decideAutomaticallyMany(tx, deps, automatic);
  const audit: { event: AuditEvent; ctx?: AuditContext }[] = [];
  for (const { row, e } of others) {
    const deliveryId = row.delivery.id;
    const { check } = e;
    if (e.outcome === 'held') {
      await tx.update(docflowDeliveries).set({ status: 'held', heldUntil: e.heldUntil, checkedAt: new Date(check.checkedAt), check }).where(eq(docflowDeliveries.id, deliveryId));
      const runAt = new Date(Math.min(Date.parse(check.checkedAt) + RECHECK_INTERVAL_MS, e.heldUntil!.getTime() + 1000));
      await enqueueJob(tx, { kind: 'docflow.check-incoming', payload: { deliveryId }, runAt, idempotencyKey: `docflow.check:${deliveryId}:${runAt.getTime()}` });
    } else {
      await linkKeys(tx, row.doc.id, e.links, e.validation);
      await tx.update(docflowDeliveries).set({ status: e.outcome === 'positive' ? 'awaiting_acceptance' : 'awaiting_rejection', checkedAt: new Date(check.checkedAt), check }).where(eq(docflowDeliveries.id, deliveryId));
    }
    audit.push(checkedEntry(row, check));
  }
  await appendAuditEntries(tx, audit);
  return results;
}

async function batchTrust(trust: DocflowTrust): Promise<DocflowTrust> {
  const [store, revocation] = await Promise.all([trust.trustStore(), trust.revocation()]);
  return { trustStore: async () => store, revocation: async () => revocation };
}

function checkedEntry(row: Row, check: CheckResult): { event: AuditEvent; ctx: AuditContext } {
  return { event: { type: 'docflow.checked', payload: { documentId: row.doc.id, deliveryId: row.delivery.id, outcome: check.outcome, reasons: check.reasons.map((r) => r.code) } }, ctx: { actor: 'system' } };
}

interface Evaluation {
  outcome: CheckResult['outcome'];
  check: CheckResult;
  heldUntil?: Date;
  links: KeyLink[];
  validation: ValidationItem[];
}

/** Whether a signature check failed, and whether every failure so far is only "revocation unknown". */
interface Failures {
  any: boolean;
  unknownOnly: boolean;
}

/** A failed signature check's reason (a module-level function: `evaluate` runs for every document). */
function noteFailure(failures: Failures, reasons: Reason[], codes: string[], what: string): void {
  if (!codes.length) return;
  failures.any = true;
  const unknown = onlyRevocationUnknown(codes);
  if (!unknown) failures.unknownOnly = false;
  reasons.push(reason(unknown ? 'REVOCATION_UNKNOWN' : 'SIGNATURE_INVALID', what, codes));
}

/** One delivery's verification and primary processing (reads only; the caller writes). */
async function evaluate(tx: Tx, deps: Omit<DocflowDeps, 'database'>, row: Row, content: (sha256: string) => Promise<Buffer>): Promise<Evaluation> {
  const { delivery, doc } = row;
  const files = row.files.map((f) => ({ position: f.position, role: f.role, filename: f.filename, sha256: f.sha256, cms: f.cms === null ? null : Buffer.from(f.cms, 'hex') }));
  const now = deps.now();
  const reasons: Reason[] = [];
  const signers: CheckResult['signers'] = [];
  const validation: ValidationItem[] = [];
  const failures: Failures = { unknownOnly: true, any: false };
  if (doc.stateSecret) reasons.push(reason('STATE_SECRET'));
  const rcc = doc.rccCanonical ? parseRcc(doc.rccCanonical) : undefined;
  if (!rcc || !doc.rccCms || rcc.documentId !== doc.id) reasons.push(reason('RCC_INVALID'));
  const links: KeyLink[] = [];
  for (const f of files.filter((x) => x.role === 'content')) {
    if (!f.cms) {
      reasons.push(reason('SIGNATURE_INVALID', `files[${f.position}] is not signed`));
      failures.unknownOnly = false;
      failures.any = true;
      continue;
    }
    const v = await verifyRecording(deps.trust, f.cms, { content: await content(f.sha256), receivedAt: delivery.receivedAt, at: now });
    validation.push(...v.validation);
    noteFailure(failures, reasons, reportCodes(v.report), `files[${f.position}] ${f.filename}`);
    for (const s of v.report.signers) signers.push({ ...signerRecord(s), file: f.position });
    links.push(...certificateLinks(v.certificates, 'content'));
  }
  if (rcc && doc.rccCms && doc.rccCanonical) {
    const v = await verifyRecording(deps.trust, doc.rccCms, { content: doc.rccCanonical, receivedAt: delivery.receivedAt, at: now });
    validation.push(...v.validation);
    noteFailure(failures, reasons, reportCodes(v.report), 'registration card');
    for (const s of v.report.signers) signers.push({ ...signerRecord(s), file: 'rcc' });
    links.push(...certificateLinks(v.certificates, 'rcc'));
    for (const f of files) {
      const listed = rcc.files.find((x) => x.position === f.position);
      const cmsOk = f.role !== 'content' || (f.cms && listed?.cmsSha256 === sha256Hex(f.cms));
      if (!listed || listed.sha256 !== f.sha256 || !cmsOk) reasons.push(reason('CONTENT_DIGEST_MISMATCH', `files[${f.position}] ${f.filename}`));
    }
    if (files.length !== rcc.files.length) reasons.push(reason('CONTENT_DIGEST_MISMATCH', 'the card lists another set of files'));
  }

  // Revocation unknown and nothing else wrong: hold and re-check for one working day.
  if (failures.any && failures.unknownOnly && reasons.every((r) => r.code === 'REVOCATION_UNKNOWN')) {
    const heldUntil = delivery.heldUntil ?? addWorkingDays(delivery.receivedAt, 1);
    if (now.getTime() < heldUntil.getTime()) {
      return { outcome: 'held', heldUntil, check: { outcome: 'held', reasons, signers, checkedAt: now.toISOString() }, links: [], validation: [] };
    }
  }

  const sender = row.sender ?? undefined;
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

  const outcome = reasons.length ? 'negative' : 'positive';
  return { outcome, check: { outcome, reasons, signers, checkedAt: now.toISOString() }, links, validation };
}
