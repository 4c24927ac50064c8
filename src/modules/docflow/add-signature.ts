/**
 * addDocumentSignature (DF-19): an official signs the content — one detached CMS per content
 * file — before registration. Each signature must verify (chain, validity at the time we receive
 * it, revocation, key usage), be by the person acting, and carry the sending organisation's BIN;
 * the signer must hold a signing role (head or signatory). Co-signers are added as further
 * SignerInfos of the same CMS. The first official's signature dates the document.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { BlobStore } from '../../storage/blobs/blob-store.ts';
import type { Database } from '../../storage/db/database.ts';
import { AppError, fieldError, isAppError, type FieldError } from '../../shared/errors.ts';
import { almatyDateOf } from '../../domain/working-days.ts';
import { appendAudit } from '../audit/append-audit.ts';
import { parseSignedData } from '../pki/cms-parse.ts';
import { REPORT_CODES, type ReportCode, type SignerReport } from '../pki/report.ts';
import { requireRoles } from './access.ts';
import { field, refuse } from './field-texts.ts';
import { linkSigners, signerRecord, type SignerRecord } from './keys.ts';
import { mergeCms, newSigners } from './merge-cms.ts';
import { docflowDocuments, docflowFiles } from './schema.ts';
import type { DocflowActor, DocflowTrust, MemberRole, MembershipPolicy } from './types.ts';
import { onlyRevocationUnknown, reportCodes, verifyRecording } from './verify-recording.ts';

export interface SignatureInput {
  /** Position of the content file (as listed by getDocument). */
  position: number;
  cms: Buffer;
}

function codeField(name: string, code: string): FieldError {
  return fieldError(name, code.toLowerCase(), REPORT_CODES[code as ReportCode] ?? { kk: code, ru: code, en: code });
}

export async function addDocumentSignature(
  deps: { database: Database; blobs: BlobStore; membership: MembershipPolicy; trust: DocflowTrust; now: () => Date },
  actor: DocflowActor | undefined,
  documentId: string,
  signatures: SignatureInput[],
): Promise<{ signers: SignerRecord[]; documentDate: string }> {
  const db = deps.database.db;
  const [doc] = await db.select().from(docflowDocuments).where(eq(docflowDocuments.id, documentId));
  if (!doc) throw new AppError('NOT_FOUND', { detail: `document ${documentId}` });
  // DF-18: the electronic copy of a paper document is certified by the executor or the records officer.
  const signingRoles: MemberRole[] = doc.medium === 'paper' ? ['head', 'signatory', 'executor', 'records_officer'] : ['head', 'signatory'];
  const { actor: who } = await requireRoles(deps, actor, doc.senderMailboxId, signingRoles, 'addDocumentSignature');
  if (doc.status !== 'draft' && doc.status !== 'signed') throw new AppError('DOCFLOW_WRONG_STATE', { detail: `document is ${doc.status}` });
  const files = (await db.select().from(docflowFiles).where(eq(docflowFiles.documentId, documentId))).filter((f) => f.role === 'content');
  const positions = signatures.map((s) => s.position).sort((a, b) => a - b);
  if (positions.length !== files.length || files.some((f) => !positions.includes(f.position))) {
    throw refuse('DOCFLOW_DOCUMENT_INVALID', [field('signatures', 'signature_count')]);
  }
  const [sender] = (await db.execute<{ bin: string | null }>(sql`select bin from mailboxes where id = ${doc.senderMailboxId}`)).rows;
  const receivedAt = deps.now();
  const errors: FieldError[] = [];
  const results: { file: (typeof files)[number]; merged: Buffer; record: SignerRecord; cms: Buffer; signers: SignerReport[] }[] = [];
  let unknownOnly = false;
  for (const [i, s] of signatures.entries()) {
    const name = `signatures[${i}].cms`;
    const file = files.find((f) => f.position === s.position)!;
    let added;
    try {
      added = parseSignedData(s.cms);
    } catch (err) {
      if (isAppError(err)) {
        errors.push(codeField(name, 'SIGNED_ATTRIBUTES_INVALID'));
        continue;
      }
      throw err;
    }
    const base = file.cms ? parseSignedData(file.cms) : undefined;
    const fresh = base ? newSigners(base, added) : added.signers;
    if (fresh.length !== 1) {
      errors.push(field(name, 'signature_count'));
      continue;
    }
    const merged = file.cms ? mergeCms(file.cms, s.cms) : Buffer.from(s.cms);
    const content = await deps.blobs.getBytes(file.sha256);
    const { report } = await verifyRecording(deps.trust, merged, { content, receivedAt });
    const sr = report.signers[report.signers.length - 1];
    const codes = reportCodes(report, sr);
    if (codes.length) {
      if (onlyRevocationUnknown(codes)) unknownOnly = true;
      for (const c of codes) errors.push(codeField(name, c));
      continue;
    }
    const record = signerRecord(sr);
    if (!sender?.bin || record.bin !== sender.bin) errors.push(field(name, 'signer_other_org'));
    if (who.iin && record.iin !== who.iin) errors.push(field(name, 'signer_iin'));
    const prior = (file.signers as SignerRecord[]) ?? [];
    if (prior.some((p) => p.iin && p.iin === record.iin)) errors.push(field(name, 'already_signed'));
    if (record.iin) {
      const roles = await deps.membership.rolesOf({ accountId: '', iin: record.iin }, doc.senderMailboxId);
      if (!roles.some((r) => signingRoles.includes(r))) errors.push(field(name, 'signer_not_member'));
    }
    results.push({ file, merged, record, cms: merged, signers: report.signers });
  }
  if (errors.length) {
    if (unknownOnly && errors.every((e) => e.code === 'revocation_unknown')) throw refuse('PKI_REVOCATION_UNKNOWN', errors);
    const authority = errors.some((e) => ['signer_other_org', 'signer_iin', 'signer_not_member'].includes(e.code));
    throw refuse(authority ? 'DOCFLOW_SIGNER_NOT_AUTHORISED' : 'PKI_SIGNATURE_INVALID', errors);
  }
  return db.transaction(async (tx) => {
    // Lock the document: concurrent co-signers merge one after another.
    const [locked] = await tx.select().from(docflowDocuments).where(eq(docflowDocuments.id, documentId)).for('update');
    if (locked.status !== 'draft' && locked.status !== 'signed') throw new AppError('DOCFLOW_WRONG_STATE', { detail: `document is ${locked.status}` });
    for (const r of results) {
      const [current] = await tx.select().from(docflowFiles).where(and(eq(docflowFiles.documentId, documentId), eq(docflowFiles.position, r.file.position)));
      const cms = current.cms && (!r.file.cms || Buffer.compare(current.cms, r.file.cms) !== 0) ? mergeCms(current.cms, r.merged) : r.merged;
      const signers = [...((current.signers as SignerRecord[]) ?? []), r.record];
      await tx.update(docflowFiles).set({ cms, signers }).where(and(eq(docflowFiles.documentId, documentId), eq(docflowFiles.position, r.file.position)));
      await linkSigners(tx, documentId, cms, r.signers, 'content');
      await appendAudit(tx, { type: 'docflow.document_signed', payload: { documentId, position: r.file.position, signerSerial: r.record.serialNumber, signerIin: r.record.iin } }, { actor: who.actor, requestId: who.requestId });
    }
    const firstSignedAt = locked.firstSignedAt ?? receivedAt;
    const documentDate = locked.documentDate ?? almatyDateOf(receivedAt);
    await tx.update(docflowDocuments).set({ status: 'signed', firstSignedAt, documentDate }).where(eq(docflowDocuments.id, documentId));
    return { signers: results.map((r) => r.record), documentDate };
  });
}
