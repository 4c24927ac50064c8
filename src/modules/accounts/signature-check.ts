/**
 * Checks a person's signature on a signed document with the signatures module (chain to the
 * trusted CAs, validity at the time the server received it, key purpose, revocation) and turns
 * the report into the accounts module's refusals:
 * - revocation status unknown (and nothing else wrong) → PKI_REVOCATION_UNKNOWN, 503 "try later";
 * - any other failed check → PKI_SIGNATURE_INVALID naming the field `signature` and the report codes.
 * Exactly one signer is expected.
 */
import { fieldError } from '../../shared/errors.ts';
import type { NcaIdentity } from '../pki/certificate.ts';
import { REPORT_CODES, type SignerReport } from '../pki/report.ts';
import type { RevocationOptions } from '../pki/revocation.ts';
import type { TrustStore } from '../pki/trust.ts';
import { verifyCms } from '../pki/verify.ts';
import { refuse, field } from './field-errors.ts';

/** Where trust comes from: the NCA anchors in production, the demo CA in demo mode. */
export interface SignatureTrust {
  trustStore(): Promise<TrustStore>;
  revocation(): Promise<RevocationOptions>;
}

export interface VerifiedSigner {
  identity: NcaIdentity;
  /** Certificate serial number (hex) and SHA-256 fingerprint, for the audit log and the stored record. */
  serialNumber: string;
  fingerprint: string;
  subject: string;
  notAfter: string;
  report: SignerReport;
}

export async function verifyPersonSignature(
  trust: SignatureTrust,
  input: { cms: Uint8Array; content: Uint8Array; purpose: 'signing' | 'authentication'; receivedAt?: Date },
): Promise<VerifiedSigner> {
  const receivedAt = input.receivedAt ?? new Date();
  const report = await verifyCms(input.cms, {
    trust: await trust.trustStore(),
    content: input.content,
    receivedAt,
    at: receivedAt,
    purpose: input.purpose,
    revocation: await trust.revocation(),
  });
  if (report.signers.length !== 1) {
    throw refuse('PKI_SIGNATURE_INVALID', [field('signature', 'signature_invalid', 'signer_count')], `expected one signer, found ${report.signers.length}`);
  }
  const signer = report.signers[0];
  const errors = [...report.errors, ...signer.errors];
  if (!report.valid || errors.length > 0) {
    const codes = [...new Set(errors.map((e) => e.code))];
    if (codes.length === 1 && codes[0] === 'REVOCATION_UNKNOWN') {
      throw refuse('PKI_REVOCATION_UNKNOWN', [fieldError('signature', 'revocation_unknown', REPORT_CODES.REVOCATION_UNKNOWN)], errors.map((e) => e.message).join('; '));
    }
    const fields = codes.filter((c) => c !== 'REVOCATION_UNKNOWN').map((c) => (c === 'KEY_USAGE_MISMATCH' ? field('signature', 'signature_key_usage', 'key_usage_mismatch') : fieldError('signature', c.toLowerCase(), REPORT_CODES[c])));
    throw refuse('PKI_SIGNATURE_INVALID', fields, errors.map((e) => `${e.code}: ${e.message}`).join('; '));
  }
  // A valid report always names the signer's certificate.
  return {
    identity: signer.identity ?? { roles: [], keyPurpose: 'unspecified', unknownExtKeyUsages: [], unknownPolicies: [] },
    serialNumber: signer.certificate?.serialNumber ?? '',
    fingerprint: signer.certificate?.fingerprintSha256 ?? '',
    subject: signer.certificate?.subject ?? '',
    notAfter: signer.certificate?.notAfter ?? '',
    report: signer,
  };
}

/** What is kept with an application or confirmation: who signed, with which certificate. */
export function signerRecord(s: VerifiedSigner): Record<string, unknown> {
  return {
    subject: s.subject,
    serialNumber: s.serialNumber,
    fingerprint: s.fingerprint,
    notAfter: s.notAfter,
    iin: s.identity.iin ?? null,
    bin: s.identity.bin ?? null,
    roles: s.identity.roles,
    trustedTime: s.report.trustedTime,
    revocation: s.report.revocation.map((r) => ({ subject: r.subject, status: r.status, source: r.source ?? null })),
  };
}
