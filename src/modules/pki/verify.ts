/**
 * Full verification of a CMS signature into a report (issue 3, item 4): per signer the
 * cryptographic check, the signature timestamp, the trusted time, the chain to an anchor,
 * key usage for the purpose, and revocation of every certificate below the anchor.
 *
 * Time (ARCHITECTURE, Conventions): validity and revocation are judged at the RFC 3161
 * timestamp's genTime when a valid one is present, else at the time the server received the
 * signature (`receivedAt`), else at the verification time. signingTime is only reported: a
 * signer's clock can be set back past a revocation.
 */
import { AppError, isAppError } from '../../shared/errors.ts';
import { fitForAuthentication, fitForSigning, summarizeCertificate } from './certificate.ts';
import { buildChain } from './chain.ts';
import { attribute, parseSignedData, type SignedData, type SignerInfo } from './cms-parse.ts';
import { checkSigner, cmsCertificates } from './cms-verify.ts';
import { parseCrl, type Crl } from './crl.ts';
import { gostApi, gostLoadError, loadGost } from './gost-bridge.ts';
import { perObject } from './memo.ts';
import { OID, oidName } from './oids.ts';
import { reportError, type ReportError, type SignerReport, type VerificationReport } from './report.ts';
import { checkRevocation, type RevocationOptions } from './revocation.ts';
import { verifyTimestampToken, type VerifiedTimestamp } from './tsp.ts';
import type { TrustStore } from './trust.ts';
import type { Certificate } from './x509.ts';

export interface VerifyOptions {
  trust: TrustStore;
  /** The signed data of a detached signature. */
  content?: Uint8Array;
  /** Verify as of this moment (archives); default now. */
  at?: Date;
  /** When the server received the signature: the trusted time when there is no timestamp. */
  receivedAt?: Date;
  /** What the signature is for: a document (default) or a log-in. */
  purpose?: 'signing' | 'authentication';
  revocation?: RevocationOptions;
  /** Timestamp tokens stored beside the document, matched to signers by message imprint. */
  timestampTokens?: Uint8Array[];
  /** Further certificates (intermediates) to build chains with. */
  certificates?: Certificate[];
}

function timestampFor(signer: SignerInfo, opts: VerifyOptions, now: Date, extra: Certificate[]): VerifiedTimestamp | undefined {
  const attr = attribute(signer.unsignedAttrs, OID.signatureTimeStampToken);
  const candidates = attr ? attr.values.map((v) => attr.buf.subarray(v.start, v.end)) : [];
  let first: VerifiedTimestamp | undefined;
  for (const token of [...candidates, ...(opts.timestampTokens ?? [])]) {
    const r = verifyTimestampToken(token, signer.signature, opts.trust, now, extra);
    if (r.valid) return r;
    // A stored token about another signature is not this signer's; an embedded one is.
    const foreign = !candidates.includes(token) && r.errors.some((e) => e.message.includes('message imprint mismatch'));
    if (!foreign) first ??= r;
  }
  return first;
}

function withoutDate(ts: VerifiedTimestamp): SignerReport['timestamp'] {
  const { genTimeDate: _omit, ...timestamp } = ts;
  return timestamp as SignerReport['timestamp'];
}

// A certificate's validity as text, once per certificate object (the same CAs and officials recur).
const chainDates = perObject((c: Certificate) => ({ notBefore: c.notBefore.toISOString(), notAfter: c.notAfter.toISOString() }));

async function verifySigner(sd: SignedData, index: number, content: Uint8Array, certs: Certificate[], cmsCrls: Crl[], opts: VerifyOptions, now: Date): Promise<{ report: SignerReport; certificate?: Certificate }> {
  const signer = sd.signers[index];
  const known = opts.certificates?.length ? [...certs, ...opts.certificates] : certs;
  const check = checkSigner(sd, signer, content, known);
  const errors: ReportError[] = [...check.errors];
  const ts = timestampFor(signer, opts, now, known);
  if (ts && !ts.valid) errors.push(...ts.errors);
  let trustedTime = opts.receivedAt ?? now;
  let trustedTimeSource: SignerReport['trustedTimeSource'] = opts.receivedAt ? 'received' : 'verification-time';
  if (ts?.valid && ts.genTimeDate) {
    trustedTime = ts.genTimeDate;
    trustedTimeSource = 'timestamp';
  }
  if (trustedTime.getTime() > now.getTime()) errors.push(reportError('TIME_IN_FUTURE', `trusted time ${trustedTime.toISOString()} is after the verification time`));
  const report: SignerReport = {
    index, valid: false,
    digestAlgorithm: oidName(signer.digestAlgorithm.oid),
    signatureAlgorithm: oidName(signer.signatureAlgorithm.oid),
    signatureValid: check.signatureValid,
    signingTime: check.signingTime?.toISOString(),
    trustedTime: trustedTime.toISOString(), trustedTimeSource,
    timestamp: ts ? withoutDate(ts) : undefined,
    chain: [], chainValid: false, keyUsageFit: false, revocation: [], errors,
  };
  const cert = check.certificate;
  if (cert) {
    report.certificate = summarizeCertificate(cert);
    report.identity = report.certificate.identity;
    report.keyPurpose = report.identity.keyPurpose;
    const purpose = opts.purpose ?? 'signing';
    report.keyUsageFit = purpose === 'signing' ? fitForSigning(cert) : fitForAuthentication(cert);
    if (!report.keyUsageFit) errors.push(reportError('KEY_USAGE_MISMATCH', `the key of "${cert.subject.text}" is a ${report.keyPurpose} key, not for ${purpose}`));
    const chain = buildChain(cert, known, opts.trust, trustedTime);
    errors.push(...chain.errors);
    report.chainValid = chain.anchored && chain.errors.length === 0;
    report.chain = chain.path.map((c) => {
      const d = chainDates(c);
      return { subject: c.subject.text, serialNumber: c.serialNumber, notBefore: d.notBefore, notAfter: d.notAfter, trustAnchor: opts.trust.isAnchor(c) };
    });
    if (chain.anchored) {
      for (let i = 0; i + 1 < chain.path.length; i++) {
        const c = chain.path[i];
        if (opts.trust.isAnchor(c)) break;
        const r = await checkRevocation(c, chain.path[i + 1], trustedTime, now, opts.revocation ?? {}, cmsCrls);
        report.revocation.push(r);
        if (r.status === 'revoked') errors.push(reportError('REVOKED', `"${r.subject}" revoked ${r.revokedAt ?? ''} (${r.reason ?? 'no reason given'}) per ${r.source} ${r.location ?? ''}`.trim()));
        if (r.status === 'unknown') errors.push(reportError('REVOCATION_UNKNOWN', `"${r.subject}": ${(r.unknownReasons ?? []).join('; ')}`));
      }
    }
  }
  report.valid = errors.length === 0;
  return { report, certificate: cert };
}

/** Verifies a CMS signature. Throws AppError (PKI_*) only for input that cannot be read. */
export async function verifyCms(cms: Uint8Array, opts: VerifyOptions): Promise<VerificationReport> {
  return (await verifyCmsWithCertificates(cms, opts)).report;
}

/**
 * `verifyCms`, also giving each signer's certificate as parsed from the CMS (in the order of
 * `report.signers`; undefined where it was not found), for a caller that keeps the keys that
 * signed (DF-14) without reading the CMS a second time.
 */
export async function verifyCmsWithCertificates(cms: Uint8Array, opts: VerifyOptions): Promise<{ report: VerificationReport; certificates: (Certificate | undefined)[] }> {
  if (!gostApi() && gostLoadError() === undefined) await loadGost(); // once per process, not a wait per document
  const now = opts.at ?? new Date();
  const sd = parseSignedData(cms);
  const errors: ReportError[] = [];
  let content = sd.eContent;
  if (!content) {
    if (!opts.content) throw new AppError('PKI_CONTENT_REQUIRED', { detail: 'the signature is detached: pass the signed data' });
    content = opts.content;
  } else if (opts.content && Buffer.compare(opts.content, content) !== 0) {
    errors.push(reportError('MESSAGE_DIGEST_MISMATCH', 'the supplied content differs from the content inside the signature'));
  }
  if (sd.signers.length === 0) errors.push(reportError('NO_SIGNERS'));
  const certs = cmsCertificates(sd);
  const cmsCrls: Crl[] = [];
  for (const der of sd.crls) {
    try {
      cmsCrls.push(parseCrl(der, 'carried in the CMS'));
    } catch (err) {
      if (!isAppError(err)) throw err;
    }
  }
  const signers: SignerReport[] = [];
  const certificates: (Certificate | undefined)[] = [];
  for (let i = 0; i < sd.signers.length; i++) {
    const v = await verifySigner(sd, i, content, certs, cmsCrls, opts, now);
    signers.push(v.report);
    certificates.push(v.certificate);
  }
  const report: VerificationReport = {
    valid: errors.length === 0 && signers.length > 0 && signers.every((s) => s.valid),
    verificationTime: now.toISOString(),
    detached: sd.eContent === undefined,
    contentType: oidName(sd.eContentType),
    contentLength: content.length,
    signers,
    errors,
  };
  return { report, certificates };
}
