/**
 * Checks a person's signature over a document the server prepared (the RCC, a receipt): the CMS
 * holds exactly one signer, is over exactly the prepared bytes, verifies (chain, validity,
 * revocation, key usage), is by the person acting, carries the organisation's BIN and the
 * signer holds the role (records officer) in that organisation.
 */
import { fieldError, isAppError, type FieldError } from '../../shared/errors.ts';
import { parseSignedData } from '../pki/cms-parse.ts';
import { REPORT_CODES, type ReportCode, type SignerReport } from '../pki/report.ts';
import { field, refuse } from './field-texts.ts';
import { signerRecord, type SignerRecord } from './keys.ts';
import type { DocflowActor, DocflowTrust, MemberRole, MembershipPolicy } from './types.ts';
import { onlyRevocationUnknown, reportCodes, verifyRecording } from './verify-recording.ts';

export async function verifyOfficerSignature(
  deps: { trust: DocflowTrust; membership: MembershipPolicy; now: () => Date },
  input: { cms: Buffer; content: Buffer; actor: DocflowActor; mailboxId: string; bin: string | null; iin?: string | null; role: MemberRole },
): Promise<{ record: SignerRecord; report: SignerReport; detached: boolean }> {
  let sd;
  try {
    sd = parseSignedData(input.cms);
  } catch (err) {
    if (isAppError(err)) throw refuse('PKI_MALFORMED', [fieldError('signature', 'malformed', REPORT_CODES.SIGNED_ATTRIBUTES_INVALID)]);
    throw err;
  }
  if (sd.eContent && Buffer.compare(Buffer.from(sd.eContent), input.content) !== 0) throw refuse('PKI_SIGNATURE_INVALID', [field('signature', 'card_differs')]);
  if (sd.signers.length !== 1) throw refuse('PKI_SIGNATURE_INVALID', [field('signature', 'signature_count')]);
  const { report } = await verifyRecording(deps.trust, input.cms, { content: sd.eContent ? undefined : input.content, receivedAt: deps.now() });
  const codes = reportCodes(report);
  if (codes.length) {
    const fields = codes.map((c) => fieldError('signature', c.toLowerCase(), REPORT_CODES[c as ReportCode]));
    throw refuse(onlyRevocationUnknown(codes) ? 'PKI_REVOCATION_UNKNOWN' : 'PKI_SIGNATURE_INVALID', fields);
  }
  const record = signerRecord(report.signers[0]);
  const errors: FieldError[] = [];
  if (input.bin && record.bin !== input.bin) errors.push(field('signature', 'signer_other_org'));
  if (input.iin && record.iin !== input.iin) errors.push(field('signature', 'signer_other_org'));
  if (input.actor.iin && record.iin !== input.actor.iin) errors.push(field('signature', 'signer_iin'));
  if (record.iin) {
    const roles = await deps.membership.rolesOf({ accountId: '', iin: record.iin }, input.mailboxId);
    if (!roles.includes(input.role)) errors.push(field('signature', 'signer_not_member'));
  }
  if (errors.length) throw refuse('DOCFLOW_SIGNER_NOT_AUTHORISED', errors);
  return { record, report: report.signers[0], detached: !sd.eContent };
}
