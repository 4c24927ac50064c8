/**
 * Online application (MB-5.1): the applicant signs the canonical application document with EDS.
 * The server reads the document, checks the form (IIN/BIN checksum, login, password, current
 * agreement), the signature (chain, validity, key purpose, revocation: unknown → "try later"),
 * that the certificate is the applicant's (IIN; for a legal entity its BIN and the head's or
 * right-to-sign role), confirms the data with the state registry (MB-13), and then creates the
 * mailbox at once (MB-6). Any refusal changes nothing but the audit log.
 */
import { isAppError, type FieldError } from '../../shared/errors.ts';
import type { Db } from '../../storage/db/database.ts';
import { appendAudit } from '../audit/append-audit.ts';
import type { AuditContext } from '../audit/audit-events.ts';
import type { StateRegistry } from '../identity/state-registry.ts';
import { requireCurrentAgreement } from './agreements.ts';
import { validateApplicationForm, type Applicant } from './application-form.ts';
import { createMailboxAccount, type CreatedMailboxAccount } from './create-mailbox-account.ts';
import { field, refuse } from './field-errors.ts';
import { consumeNonce, peekNonce } from './nonces.ts';
import { checkPassword, type PasswordHasher } from './password.ts';
import { confirmWithRegistry } from './registry-check.ts';
import { signerRecord, verifyPersonSignature, type SignatureTrust, type VerifiedSigner } from './signature-check.ts';
import { readSignedDocument, type SignedInput } from './signed-document.ts';

export const APPLICATION_DOCUMENT_TYPE = 'jashik.mailbox-application';

export interface SubmitApplicationDeps {
  db: Db;
  trust: SignatureTrust;
  registry: StateRegistry;
  hasher: PasswordHasher;
  domain: string;
}

export interface SubmitApplicationInput extends SignedInput {
  password: string;
}

/** The certificate must be the applicant's own: IIN for a person; BIN and head/right-to-sign role for a legal entity. */
export function checkSignerIsApplicant(applicant: Applicant, signer: VerifiedSigner): void {
  const id = signer.identity;
  if (applicant.kind === 'individual') {
    if (id.iin !== applicant.iin) throw refuse('IDENTITY_MISMATCH', [field('applicant.iin', 'iin_mismatch', 'certificate_mismatch')]);
    return;
  }
  if (id.bin !== applicant.bin) throw refuse('IDENTITY_MISMATCH', [field('applicant.bin', 'bin_mismatch', 'certificate_mismatch')]);
  if (!id.roles.includes('first_head') && !id.roles.includes('right_to_sign')) throw refuse('IDENTITY_MISMATCH', [field('signature', 'not_head', 'not_head')]);
}

export async function submitApplication(deps: SubmitApplicationDeps, input: SubmitApplicationInput, ctx: AuditContext = {}): Promise<CreatedMailboxAccount> {
  const receivedAt = new Date();
  try {
    const doc = readSignedDocument(input, APPLICATION_DOCUMENT_TYPE);
    const { form, errors } = validateApplicationForm(doc.value, receivedAt);
    const fields: FieldError[] = [...errors];
    if (form) {
      const pw = checkPassword(input.password, form.login);
      if (pw) fields.push(pw);
    }
    if (!form || fields.length > 0) throw refuse('VALIDATION_FAILED', fields);
    const agreement = (doc.value.agreement ?? {}) as { version?: unknown; sha256?: unknown };
    await requireCurrentAgreement(deps.db, deps.domain, agreement.version, agreement.sha256);
    await peekNonce(deps.db, String(doc.value.nonce), 'application');

    const signer = await verifyPersonSignature(deps.trust, { cms: doc.cms, content: doc.bytes, purpose: 'signing', receivedAt });
    checkSignerIsApplicant(form.applicant, signer);
    await confirmWithRegistry(deps.registry, form.applicant);
    const passwordHash = await deps.hasher.hash(input.password);

    return await deps.db.transaction(async (tx) => {
      await consumeNonce(tx, String(doc.value.nonce), 'application');
      const current = await requireCurrentAgreement(tx, deps.domain, agreement.version, agreement.sha256);
      return createMailboxAccount(
        tx,
        deps.domain,
        {
          applicant: form.applicant,
          login: form.login,
          passwordHash,
          personIin: signer.identity.iin,
          agreement: current,
          application: { channel: 'online', canonical: doc.text, cms: doc.cms, signer: signerRecord(signer) },
        },
        ctx,
      );
    });
  } catch (err) {
    if (isAppError(err) && err.status < 500) {
      await deps.db.transaction((tx) =>
        appendAudit(tx, { type: 'application.refused', payload: { channel: 'online', code: err.code, fields: err.fields.map((f) => f.name) } }, ctx),
      );
    }
    throw err;
  }
}

