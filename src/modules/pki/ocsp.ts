/**
 * OCSP (RFC 6960): requests with a nonce, responses read with the lean DER reader, the
 * responder's signature and authority checked (the CA itself, or a certificate the CA issued
 * with the OCSPSigning EKU). "Revoked at 1970-01-01, certificateHold" is RFC 6960 2.2's
 * answer for a certificate that was never issued and is reported as `non-issued`.
 */
import { randomBytes } from 'node:crypto';
import { AppError } from '../../shared/errors.ts';
import { digest } from './algorithms.ts';
import { checkIssuedBy, checkSignedBy } from './chain.ts';
import { CRL_REASONS } from './crl.ts';
import { Cursor, children, readBitString, readIntegerHex, readOid, readSmallInt, readTlv, readTime, rootTlv, value, whole, type Tlv } from './der.ts';
import { algId, ctx, int, octets, oid, seq } from './der-write.ts';
import { OID } from './oids.ts';
import { parseCertificate, readAlgorithmId, readName, type AlgorithmId, type Certificate } from './x509.ts';

export const OCSP_STATUS = ['successful', 'malformedRequest', 'internalError', 'tryLater', 'unused', 'sigRequired', 'unauthorized'];

export interface OcspSingle {
  hashAlgorithm: string;
  issuerNameHash: Uint8Array;
  issuerKeyHash: Uint8Array;
  serialNumber: string;
  status: 'good' | 'revoked' | 'unknown' | 'non-issued';
  revokedAt?: Date;
  reason?: string;
  thisUpdate: Date;
  nextUpdate?: Date;
}

export interface OcspResponse {
  der: Uint8Array;
  responseStatus: string;
  tbs?: Uint8Array;
  responderName?: Uint8Array;
  responderKeyHash?: Uint8Array;
  producedAt?: Date;
  responses: OcspSingle[];
  nonce?: Uint8Array;
  signatureAlgorithm?: AlgorithmId;
  signatureValue?: Uint8Array;
  certificates: Certificate[];
}

function readSingle(buf: Uint8Array, t: Tlv): OcspSingle {
  const c = new Cursor(buf, t, 'SingleResponse');
  const id = new Cursor(buf, c.next(0x30, 'CertID'), 'CertID');
  const hashAlgorithm = readAlgorithmId(buf, id.next(0x30), 'hashAlgorithm').oid;
  const issuerNameHash = value(buf, id.next(0x04));
  const issuerKeyHash = value(buf, id.next(0x04));
  const serialNumber = readIntegerHex(buf, id.next(0x02));
  const st = c.next(undefined, 'certStatus');
  let status: OcspSingle['status'];
  let revokedAt: Date | undefined;
  let reason: string | undefined;
  if (st.tag === 0x80) status = 'good';
  else if (st.tag === 0x82) status = 'unknown';
  else if (st.tag === 0xa1) {
    const rc = new Cursor(buf, st, 'RevokedInfo');
    revokedAt = readTime(buf, rc.next(0x18, 'revocationTime'));
    const r = rc.optional(0xa0);
    if (r) {
      const en = readTlv(buf, r.valueStart, r.end);
      if (en.tag === 0x0a && en.end - en.valueStart === 1) reason = CRL_REASONS[buf[en.valueStart]] ?? `reason ${buf[en.valueStart]}`;
    }
    status = revokedAt.getTime() === 0 && reason === 'certificateHold' ? 'non-issued' : 'revoked';
  } else throw new AppError('PKI_MALFORMED', { detail: `OCSP certStatus tag 0x${st.tag.toString(16)}` });
  const thisUpdate = readTime(buf, c.next(0x18, 'thisUpdate'));
  const nu = c.optional(0xa0);
  const nextUpdate = nu ? readTime(buf, readTlv(buf, nu.valueStart, nu.end)) : undefined;
  return { hashAlgorithm, issuerNameHash, issuerKeyHash, serialNumber, status, revokedAt, reason, thisUpdate, nextUpdate };
}

export function parseOcspResponse(input: Uint8Array): OcspResponse {
  const buf = Buffer.from(input.buffer, input.byteOffset, input.length);
  const c = new Cursor(buf, rootTlv(buf, 0x30, 'OCSPResponse'), 'OCSPResponse');
  const st = c.next(0x0a, 'responseStatus');
  const responseStatus = OCSP_STATUS[buf[st.valueStart]] ?? `status ${buf[st.valueStart]}`;
  const rb = c.optional(0xa0);
  const out: OcspResponse = { der: buf, responseStatus, responses: [], certificates: [] };
  if (!rb) return out;
  const rbc = new Cursor(buf, readTlv(buf, rb.valueStart, rb.end), 'ResponseBytes');
  if (readOid(buf, rbc.next(0x06)) !== OID.ocspBasic) throw new AppError('PKI_MALFORMED', { detail: 'OCSP response type is not id-pkix-ocsp-basic' });
  const os = rbc.next(0x04);
  const b = new Cursor(buf, readTlv(buf, os.valueStart, os.end), 'BasicOCSPResponse');
  const tbsT = b.next(0x30, 'ResponseData');
  out.tbs = whole(buf, tbsT);
  out.signatureAlgorithm = readAlgorithmId(buf, b.next(0x30), 'signatureAlgorithm');
  out.signatureValue = readBitString(buf, b.next(0x03));
  const certsT = b.optional(0xa0);
  if (certsT) {
    const list = readTlv(buf, certsT.valueStart, certsT.end);
    out.certificates = children(buf, list, 'OCSP certs', 16).map((t) => parseCertificate(whole(buf, t)));
  }
  const r = new Cursor(buf, tbsT, 'ResponseData');
  const v = r.optional(0xa0);
  if (v && readSmallInt(buf, readTlv(buf, v.valueStart, v.end)) !== 0) throw new AppError('PKI_MALFORMED', { detail: 'OCSP ResponseData version' });
  const rid = r.next(undefined, 'responderID');
  const inner = readTlv(buf, rid.valueStart, rid.end);
  if (rid.tag === 0xa1) out.responderName = readName(buf, inner).der;
  else if (rid.tag === 0xa2) out.responderKeyHash = value(buf, inner);
  else throw new AppError('PKI_MALFORMED', { detail: 'OCSP responderID' });
  out.producedAt = readTime(buf, r.next(0x18, 'producedAt'));
  out.responses = children(buf, r.next(0x30, 'responses'), 'responses', 256).map((t) => readSingle(buf, t));
  const ext = r.optional(0xa1);
  if (ext) {
    for (const x of children(buf, readTlv(buf, ext.valueStart, ext.end), 'responseExtensions', 32, 'PKI_MALFORMED')) {
      const xc = new Cursor(buf, x, 'Extension');
      if (readOid(buf, xc.next(0x06)) !== OID.ocspNonce) continue;
      if (xc.peekTag() === 0x01) xc.next();
      const ev = xc.next(0x04);
      const n = readTlv(buf, ev.valueStart, ev.end);
      // RFC 8954: the value is an OCTET STRING; some responders put the raw bytes.
      out.nonce = n.tag === 0x04 && n.end === ev.end ? value(buf, n) : value(buf, ev);
    }
  }
  return out;
}

// CertID hashes by issuer (a parsed certificate is not changed after parsing): every OCSP
// answer about a certificate of that issuer is matched against the same two digests.
const certIdMemo = new WeakMap<Certificate, Map<string, { nameHash: Uint8Array; keyHash: Uint8Array }>>();

/** CertID fields for `cert` issued by `issuer` with hash `hashOid`. */
export function certIdHashes(issuer: Certificate, hashOid: string): { nameHash: Uint8Array; keyHash: Uint8Array } {
  let byOid = certIdMemo.get(issuer);
  if (!byOid) certIdMemo.set(issuer, (byOid = new Map()));
  let h = byOid.get(hashOid);
  if (!h) byOid.set(hashOid, (h = { nameHash: digest(hashOid, issuer.subject.der), keyHash: digest(hashOid, issuer.publicKeyBits) }));
  return h;
}

export function findSingle(resp: OcspResponse, cert: Certificate, issuer: Certificate): OcspSingle | undefined {
  return resp.responses.find((s) => {
    if (s.serialNumber !== cert.serialNumber) return false;
    try {
      const h = certIdHashes(issuer, s.hashAlgorithm);
      return Buffer.compare(h.nameHash, s.issuerNameHash) === 0 && Buffer.compare(h.keyHash, s.issuerKeyHash) === 0;
    } catch {
      return false; // a CertID hash we cannot compute does not match
    }
  });
}

/** Checks who signed the response: the CA, or a delegated responder the CA certified. An error text or null. */
export function checkOcspSignature(resp: OcspResponse, issuer: Certificate): string | null {
  if (!resp.tbs || !resp.signatureAlgorithm || !resp.signatureValue) return `OCSP response status ${resp.responseStatus}`;
  const signed = { tbs: resp.tbs, signatureAlgorithm: resp.signatureAlgorithm, signatureValue: resp.signatureValue };
  const matches = (c: Certificate) => resp.responderName ? Buffer.compare(c.subject.der, resp.responderName) === 0 : Buffer.compare(digest(OID.sha1, c.publicKeyBits), resp.responderKeyHash!) === 0;
  const candidates = [issuer, ...resp.certificates].filter(matches);
  if (candidates.length === 0) return 'OCSP responder certificate not found';
  const problems: string[] = [];
  for (const responder of candidates) {
    if (responder.fingerprint !== issuer.fingerprint) {
      if (!(responder.extKeyUsage ?? []).includes(OID.ekuOcspSigning)) {
        problems.push(`responder "${responder.subject.text}" lacks the OCSPSigning EKU`);
        continue;
      }
      const notIssued = checkIssuedBy(responder, issuer);
      if (notIssued) {
        problems.push(`responder certificate: ${notIssued.message}`);
        continue;
      }
      const at = resp.producedAt?.getTime() ?? 0;
      if (at < responder.notBefore.getTime() || at > responder.notAfter.getTime()) {
        problems.push(`responder certificate not valid at ${resp.producedAt?.toISOString()}`);
        continue;
      }
    }
    const bad = checkSignedBy(signed, 'the OCSP response', responder);
    if (!bad) return null;
    problems.push(bad.message);
  }
  return problems.join('; ');
}

/** DER OCSPRequest for one certificate, with a nonce (RFC 6960 4.4.1 / RFC 8954). */
export function buildOcspRequest(cert: Certificate, issuer: Certificate, opts: { nonce?: Uint8Array; hashOid?: string } = {}): { der: Buffer; nonce: Uint8Array } {
  const hashOid = opts.hashOid ?? OID.sha256;
  const nonce = opts.nonce ?? randomBytes(16);
  const h = certIdHashes(issuer, hashOid);
  const certId = seq(algId(hashOid, null), octets(h.nameHash), octets(h.keyHash), int(cert.serialNumber));
  const nonceExt = seq(oid(OID.ocspNonce), octets(octets(nonce)));
  return { der: Buffer.from(seq(seq(seq(seq(certId)), ctx(2, seq(nonceExt))))), nonce };
}

/** Reads an OCSPRequest (for the demo responder and tests): the first request's CertID and the nonce. */
export function parseOcspRequest(input: Uint8Array): { hashOid: string; issuerNameHash: Uint8Array; issuerKeyHash: Uint8Array; serialNumber: string; nonce?: Uint8Array } {
  const buf = input;
  const tbs = new Cursor(buf, new Cursor(buf, rootTlv(buf, 0x30, 'OCSPRequest'), 'OCSPRequest').next(0x30, 'TBSRequest'), 'TBSRequest');
  tbs.optional(0xa0);
  tbs.optional(0xa1);
  const list = tbs.next(0x30, 'requestList');
  const req = new Cursor(buf, new Cursor(buf, list, 'requestList').next(0x30, 'Request'), 'Request');
  const id = new Cursor(buf, req.next(0x30, 'CertID'), 'CertID');
  const hashOid = readAlgorithmId(buf, id.next(0x30), 'hashAlgorithm').oid;
  const issuerNameHash = value(buf, id.next(0x04));
  const issuerKeyHash = value(buf, id.next(0x04));
  const serialNumber = readIntegerHex(buf, id.next(0x02));
  let nonce: Uint8Array | undefined;
  const ext = tbs.optional(0xa2);
  if (ext) {
    for (const x of children(buf, readTlv(buf, ext.valueStart, ext.end), 'requestExtensions', 32, 'PKI_MALFORMED')) {
      const xc = new Cursor(buf, x, 'Extension');
      if (readOid(buf, xc.next(0x06)) !== OID.ocspNonce) continue;
      if (xc.peekTag() === 0x01) xc.next();
      const ev = xc.next(0x04);
      const n = readTlv(buf, ev.valueStart, ev.end);
      nonce = n.tag === 0x04 && n.end === ev.end ? value(buf, n) : value(buf, ev);
    }
  }
  return { hashOid, issuerNameHash, issuerKeyHash, serialNumber, nonce };
}
