/**
 * Verifies a CMS with the signatures module and keeps the validation data it used (OCSP
 * answers and CRLs fetched or supplied), so that the document can be re-verified later without
 * the network (DF-14), including those reused from the revocation caches. Also turns a report into the docflow's coded reasons.
 */
import type { TrustStore } from '../pki/trust.ts';
import type { Fetcher, RevocationOptions } from '../pki/revocation.ts';
import type { SignerReport, VerificationReport } from '../pki/report.ts';
import { verifyCmsWithCertificates } from '../pki/verify.ts';
import type { Certificate } from '../pki/x509.ts';
import type { DocflowTrust } from './types.ts';

export interface ValidationItem {
  kind: 'ocsp' | 'crl';
  source: string | null;
  der: Uint8Array;
}

export interface RecordedVerification {
  report: VerificationReport;
  validation: ValidationItem[];
  /** Each signer's certificate as read from the CMS, in the order of `report.signers` (undefined where not found). */
  certificates: (Certificate | undefined)[];
}

function recordingFetcher(inner: Fetcher | undefined, out: ValidationItem[]): Fetcher | undefined {
  if (!inner) return undefined;
  return async (url, req) => {
    const body = await inner(url, req);
    out.push({ kind: req.contentType === 'application/ocsp-request' ? 'ocsp' : 'crl', source: url, der: body });
    return body;
  };
}

export async function verifyRecording(
  trust: DocflowTrust | { trustStore(): Promise<TrustStore>; revocation(): Promise<RevocationOptions> },
  cms: Uint8Array,
  opts: { content?: Uint8Array; receivedAt: Date; at?: Date },
): Promise<RecordedVerification> {
  const validation: ValidationItem[] = [];
  const rev = await trust.revocation();
  const revocation: RevocationOptions = {
    ...rev,
    fetcher: recordingFetcher(rev.fetcher, validation) ?? rev.fetcher,
    // Answers reused from the revocation caches are kept as fetched ones are: the bytes used (DF-14).
    onReuse(item) {
      validation.push({ kind: item.kind, source: item.url, der: item.der });
      rev.onReuse?.(item);
    },
  };
  for (const c of rev.crls ?? []) validation.push({ kind: 'crl', source: 'preloaded', der: c instanceof Uint8Array ? c : c.der });
  for (const o of rev.ocspResponses ?? []) validation.push({ kind: 'ocsp', source: 'preloaded', der: o instanceof Uint8Array ? o : o.der });
  const { report, certificates } = await verifyCmsWithCertificates(cms, { trust: await trust.trustStore(), content: opts.content, receivedAt: opts.receivedAt, at: opts.at ?? opts.receivedAt, purpose: 'signing', revocation });
  return { report, validation, certificates };
}

/** The distinct report codes of a signer (or of the whole report when no signer is given). */
export function reportCodes(report: VerificationReport, signer?: SignerReport): string[] {
  const codes = new Set<string>();
  for (const e of signer ? signer.errors : report.errors) codes.add(e.code);
  if (!signer) for (const s of report.signers) for (const e of s.errors) codes.add(e.code);
  return [...codes];
}

/** Only the revocation status is unknown: hold and re-check, do not refuse yet. */
export function onlyRevocationUnknown(codes: string[]): boolean {
  return codes.length > 0 && codes.every((c) => c === 'REVOCATION_UNKNOWN');
}
