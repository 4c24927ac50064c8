/**
 * Cryptographic check of one CMS signer (RFC 5652 5.4–5.6): find its certificate, check the
 * signed attributes (contentType, messageDigest over the content, each exactly once; ESS
 * signing-certificate if present) and the signature over the exact signed-attribute bytes.
 * Shared by document signatures and RFC 3161 timestamp tokens. Trust (chain, time,
 * revocation) is judged in verify.ts.
 */
import { isAppError } from '../../shared/errors.ts';
import { digest, publicKeyOf, verifySignature } from './algorithms.ts';
import { attribute, type SignedData, type SignerInfo } from './cms-parse.ts';
import { Cursor, readOid, readTime, readTlv, value } from './der.ts';
import { BytesMemo, perObject } from './memo.ts';
import { OID } from './oids.ts';
import { reportError, type ReportError } from './report.ts';
import { parseCertificate, type Certificate } from './x509.ts';

export interface SignerCheck {
  certificate?: Certificate;
  signatureValid: boolean;
  signingTime?: Date;
  errors: ReportError[];
}

// Certificates recur from document to document (the same officials): parsed once, from a copy
// of their bytes (so a memoised one holds no reference into a CMS), found again by those bytes.
const parsed = new BytesMemo<Certificate>(4096);

/** The CMS's certificates, parsed; a damaged one is skipped (it can only fail to match). */
export function cmsCertificates(sd: SignedData): Certificate[] {
  const out: Certificate[] = [];
  for (const der of sd.certificates) {
    try {
      let cert = parsed.get(der);
      if (!cert) {
        const copy = Buffer.from(der);
        parsed.set(copy, (cert = parseCertificate(copy)));
      }
      out.push(cert);
    } catch (err) {
      if (!isAppError(err)) throw err;
    }
  }
  return out;
}

export function findSignerCertificate(signer: SignerInfo, certs: Certificate[]): Certificate | undefined {
  const sid = signer.sid;
  if ('subjectKeyId' in sid) return certs.find((c) => c.subjectKeyId === sid.subjectKeyId);
  return certs.find((c) => c.serialNumber === sid.serialNumber && Buffer.compare(c.issuer.der, sid.issuer) === 0);
}

function unsupportedOrThrow(err: unknown): ReportError {
  if (isAppError(err) && err.code === 'PKI_UNSUPPORTED_ALGORITHM') return reportError('ALGORITHM_UNSUPPORTED', err.message);
  if (isAppError(err)) return reportError('SIGNED_ATTRIBUTES_INVALID', err.message);
  throw err;
}

// A signer's certificate digest by hash OID, once per certificate object (officials recur).
const certDigests = perObject((_cert: Certificate) => new Map<string, Uint8Array>());

function certificateDigest(cert: Certificate, hashOid: string): Uint8Array {
  const byOid = certDigests(cert);
  let d = byOid.get(hashOid);
  if (!d) byOid.set(hashOid, (d = digest(hashOid, cert.der)));
  return d;
}

/** ESS signingCertificate (SHA-1) / signingCertificateV2: the first ESSCertID must hash the signer's certificate. */
function checkSigningCertificateAttr(signer: SignerInfo, cert: Certificate): ReportError | null {
  const v1 = attribute(signer.signedAttrs, OID.signingCertificate);
  const v2 = attribute(signer.signedAttrs, OID.signingCertificateV2);
  const a = v2 ?? v1;
  if (!a || a.values.length !== 1) return null;
  const b = a.buf;
  const certs = new Cursor(b, new Cursor(b, a.values[0], 'SigningCertificate').next(0x30, 'certs'), 'certs');
  const first = new Cursor(b, certs.next(0x30, 'ESSCertID'), 'ESSCertID');
  let hashOid: string = OID.sha1;
  if (v2 && first.peekTag() === 0x30) hashOid = readOid(b, new Cursor(b, first.next(0x30), 'hashAlgorithm').next(0x06));
  else if (v2) hashOid = OID.sha256;
  const expected = value(b, first.next(0x04, 'certHash'));
  return Buffer.compare(certificateDigest(cert, hashOid), expected) === 0 ? null : reportError('SIGNING_CERTIFICATE_MISMATCH');
}

export function checkSigner(sd: SignedData, signer: SignerInfo, content: Uint8Array, certs: Certificate[]): SignerCheck {
  const errors: ReportError[] = [];
  const certificate = findSignerCertificate(signer, certs);
  if (!certificate) {
    errors.push(reportError('SIGNER_CERTIFICATE_NOT_FOUND'));
    return { signatureValid: false, errors };
  }
  let signingTime: Date | undefined;
  let signedBytes: Uint8Array = content;
  try {
    if (signer.signedAttrs) {
      signedBytes = signer.signedAttrsDer!;
      const seen = new Set<string>();
      for (const a of signer.signedAttrs) {
        if (seen.has(a.oid)) errors.push(reportError('SIGNED_ATTRIBUTES_INVALID', `attribute ${a.oid} appears twice`));
        seen.add(a.oid);
      }
      const ct = attribute(signer.signedAttrs, OID.contentTypeAttr);
      if (!ct || ct.values.length !== 1 || readOid(ct.buf, ct.values[0]) !== sd.eContentType) errors.push(reportError('CONTENT_TYPE_MISMATCH'));
      const md = attribute(signer.signedAttrs, OID.messageDigestAttr);
      if (!md || md.values.length !== 1 || md.values[0].tag !== 0x04) errors.push(reportError('SIGNED_ATTRIBUTES_INVALID', 'messageDigest attribute missing or malformed'));
      else if (Buffer.compare(value(md.buf, md.values[0]), digest(signer.digestAlgorithm.oid, content)) !== 0) errors.push(reportError('MESSAGE_DIGEST_MISMATCH'));
      const st = attribute(signer.signedAttrs, OID.signingTimeAttr);
      if (st && st.values.length === 1) signingTime = readTime(st.buf, readTlv(st.buf, st.values[0].start, st.values[0].end));
      const sc = checkSigningCertificateAttr(signer, certificate);
      if (sc) errors.push(sc);
    } else if (sd.eContentType !== OID.data) {
      errors.push(reportError('SIGNED_ATTRIBUTES_INVALID', 'signed attributes are required when the content type is not id-data'));
    }
  } catch (err) {
    errors.push(unsupportedOrThrow(err));
  }
  let signatureValid = false;
  try {
    signatureValid = verifySignature(publicKeyOf(certificate), signer.signatureAlgorithm, signer.digestAlgorithm.oid, signedBytes, signer.signature);
    if (!signatureValid) errors.push(reportError('SIGNATURE_INVALID'));
  } catch (err) {
    errors.push(unsupportedOrThrow(err));
  }
  return { certificate, signatureValid: signatureValid && errors.length === 0, signingTime, errors };
}
