/**
 * Counter application (MB-5.2): a clerk, at their own post office, registers a paper
 * application with the same fields, the identity-document number the clerk checked, and the
 * scan of the signed paper form (PDF, JPEG or TIFF, kept as evidence with a blob reference).
 * The data are confirmed with the state registry (MB-13); the mailbox is created at once
 * (MB-6) pending activation, and the applicant gets a one-time activation code (14 days) on a
 * printed slip to set the password at first login.
 */
import type { Db } from '../../storage/db/database.ts';
import type { BlobStore } from '../../storage/blobs/blob-store.ts';
import { addBlobRef } from '../../storage/blob-refs.ts';
import { AppError, isAppError, type FieldError } from '../../shared/errors.ts';
import { appendAudit } from '../audit/append-audit.ts';
import type { AuditContext } from '../audit/audit-events.ts';
import type { StateRegistry } from '../identity/state-registry.ts';
import { issueCode } from './activation-codes.ts';
import { requireCurrentAgreement } from './agreements.ts';
import { validateApplicationForm } from './application-form.ts';
import { createMailboxAccount, type CreatedMailboxAccount } from './create-mailbox-account.ts';
import { field, refuse } from './field-errors.ts';
import { confirmWithRegistry } from './registry-check.ts';
import type { Account } from './sessions.ts';

export const SCAN_MAX_BYTES = 20 * 1024 * 1024;
export const SCAN_TYPES = ['application/pdf', 'image/jpeg', 'image/tiff'] as const;

export interface CounterApplicationInput {
  postOfficeId: string;
  applicant: Record<string, unknown>;
  login: string;
  /** The identity document number the clerk checked against the person at the counter. */
  identityDocumentChecked: string;
  agreementVersion: string;
  scan: { contentType: string; base64: string };
}

export interface CounterRegistration extends CreatedMailboxAccount {
  activationCode: string;
  activationExpiresAt: string;
}

/** The file's first bytes must say what its declared type says. */
export function scanMatchesType(bytes: Buffer, contentType: string): boolean {
  if (contentType === 'application/pdf') return bytes.subarray(0, 5).toString('latin1') === '%PDF-';
  if (contentType === 'image/jpeg') return bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
  if (contentType === 'image/tiff') {
    const h = bytes.subarray(0, 4).toString('hex');
    return h === '49492a00' || h === '4d4d002a';
  }
  return false;
}

export async function registerCounterApplication(
  deps: { db: Db; blobs: BlobStore; registry: StateRegistry; domain: string },
  clerk: Account,
  input: CounterApplicationInput,
  ctx: AuditContext,
): Promise<CounterRegistration> {
  try {
    if (clerk.staffRole !== 'clerk' || !clerk.postOfficeId) throw new AppError('FORBIDDEN', { detail: 'only a clerk registers counter applications' });
    if (input.postOfficeId !== clerk.postOfficeId) throw refuse('FORBIDDEN', [field('postOfficeId', 'other_post_office', 'other_post_office')]);
    const { form, errors } = validateApplicationForm({ applicant: input.applicant, login: input.login });
    const fields: FieldError[] = [...errors];
    const checked = input.identityDocumentChecked?.trim();
    if (!checked) fields.push(field('identityDocumentChecked', 'required'));
    else if (form?.applicant.kind === 'individual' && form.applicant.identityDocument.number.replace(/\s/g, '') !== checked.replace(/\s/g, '')) {
      fields.push(field('identityDocumentChecked', 'registry_mismatch', 'differs_from_form'));
    }
    if (!(SCAN_TYPES as readonly string[]).includes(input.scan.contentType)) fields.push(field('scan.contentType', 'scan_type', 'unsupported'));
    const bytes = Buffer.from(input.scan.base64, 'base64');
    if (bytes.length === 0 || bytes.length > SCAN_MAX_BYTES || !scanMatchesType(bytes, input.scan.contentType)) fields.push(field('scan.base64', 'scan_type', 'not_a_scan'));
    if (!form || fields.length > 0) throw refuse('VALIDATION_FAILED', fields);
    await requireCurrentAgreement(deps.db, deps.domain, input.agreementVersion, undefined, 'agreementVersion');
    await confirmWithRegistry(deps.registry, form.applicant);

    const stored = await deps.blobs.put(bytes, { maxBytes: SCAN_MAX_BYTES });
    return await deps.db.transaction(async (tx) => {
      const agreement = await requireCurrentAgreement(tx, deps.domain, input.agreementVersion, undefined, 'agreementVersion');
      const created = await createMailboxAccount(
        tx,
        deps.domain,
        {
          applicant: form.applicant,
          login: form.login,
          passwordHash: null,
          agreement,
          application: { channel: 'counter', clerkId: clerk.id, postOfficeId: clerk.postOfficeId!, identityDocumentChecked: checked, scan: { sha256: stored.sha256, contentType: input.scan.contentType } },
        },
        ctx,
      );
      await addBlobRef(tx, deps.blobs, stored, { kind: 'application_scan', id: created.applicationId });
      const { code, expiresAt } = await issueCode(tx, created.accountId, 'activation', `staff:${clerk.id}`, ctx);
      return { ...created, activationCode: code, activationExpiresAt: expiresAt.toISOString() };
    });
  } catch (err) {
    if (isAppError(err) && err.status < 500) {
      await deps.db.transaction((tx) => appendAudit(tx, { type: 'application.refused', payload: { channel: 'counter', code: err.code, fields: err.fields.map((f) => f.name) } }, ctx));
    }
    throw err;
  }
}
