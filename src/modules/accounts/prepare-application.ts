/**
 * Step one of an online application: the form is checked (every field error at once) and the
 * server returns the exact canonical document to sign, with a fresh single-use nonce and the
 * current agreement version and hash. The client signs those bytes and submits them.
 */
import type { Db } from '../../storage/db/database.ts';
import { currentAgreement } from './agreements.ts';
import { validateApplicationForm } from './application-form.ts';
import { refuse } from './field-errors.ts';
import { issueNonce } from './nonces.ts';
import { buildDocument } from './signed-document.ts';
import { APPLICATION_DOCUMENT_TYPE } from './submit-application.ts';

export async function prepareApplication(deps: { db: Db; domain: string }, input: Record<string, unknown>): Promise<{ document: string; nonce: string; expiresAt: string }> {
  const { form, errors } = validateApplicationForm(input);
  if (!form) throw refuse('VALIDATION_FAILED', errors);
  return deps.db.transaction(async (tx) => {
    const agreement = await currentAgreement(tx, deps.domain);
    const { nonce, expiresAt } = await issueNonce(tx, 'application');
    const document = buildDocument(APPLICATION_DOCUMENT_TYPE, nonce, {
      applicant: form.applicant,
      login: form.login,
      agreement: { version: agreement.version, sha256: agreement.sha256 },
    });
    return { document, nonce, expiresAt };
  });
}
