/**
 * The demo OCSP responder (RFC 6960): answers for certificates of both demo CAs, signed by the
 * CA that issued them, echoing the request's nonce (RFC 8954). Serials the CA never issued get
 * "unknown"; requests about other CAs get "unauthorized"; unreadable ones "malformedRequest".
 */
import { isAppError } from '../../shared/errors.ts';
import { tlv } from '../pki/der-write.ts';
import { certIdHashes, parseOcspRequest } from '../pki/ocsp.ts';
import { issueOcspResponse, type OcspEntrySpec } from '../pki/x509-build.ts';
import type { Certificate } from '../pki/x509.ts';
import { requireDemoCa, type CaKey, type DemoPkiDeps } from './demo-ca.ts';
import { findDemoCertificate, type DemoIssuer } from './record-certificate.ts';

export const OCSP_NEXT_UPDATE_MS = 10 * 60_000;

/** An OCSPResponse with only a status (no responseBytes). */
const statusOnly = (code: 1 | 2 | 6) => Buffer.from(tlv(0x30, tlv(0x0a, Buffer.from([code]))));
export const OCSP_MALFORMED = statusOnly(1);
export const OCSP_INTERNAL_ERROR = statusOnly(2);
export const OCSP_UNAUTHORIZED = statusOnly(6);

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return Buffer.compare(Buffer.from(a), Buffer.from(b)) === 0;
}

export async function answerOcspRequest(deps: DemoPkiDeps, requestDer: Uint8Array, now = new Date()): Promise<Buffer> {
  let req: ReturnType<typeof parseOcspRequest>;
  try {
    req = parseOcspRequest(requestDer);
  } catch (err) {
    if (isAppError(err)) return OCSP_MALFORMED;
    throw err;
  }
  const ca = await requireDemoCa(deps);
  const candidates: [DemoIssuer, CaKey][] = [['issuing', ca.issuing], ['root', ca.root]];
  let match: [DemoIssuer, CaKey] | undefined;
  for (const [name, key] of candidates) {
    let h;
    try {
      h = certIdHashes(key.cert, req.hashOid);
    } catch {
      return OCSP_MALFORMED; // a CertID hash we do not know
    }
    if (sameBytes(h.nameHash, req.issuerNameHash) && sameBytes(h.keyHash, req.issuerKeyHash)) match = [name, key];
  }
  if (!match) return OCSP_UNAUTHORIZED;
  const [issuerName, issuer] = match;
  const row = await findDemoCertificate(deps.db, issuerName, req.serialNumber);
  // The builder reads only the serial number of the certificate it answers about.
  const subjectOf = { serialNumber: req.serialNumber } as Certificate;
  const entry: OcspEntrySpec = !row
    ? { certificate: subjectOf, status: 'unknown' }
    : row.revokedAt
      ? { certificate: subjectOf, status: 'revoked', revokedAt: row.revokedAt, reason: row.revocationReason ?? undefined }
      : { certificate: subjectOf, status: 'good' };
  const producedAt = new Date(Math.floor(now.getTime() / 1000) * 1000);
  return issueOcspResponse({
    issuer: issuer.cert, responder: issuer.cert, signer: issuer.signer, entries: [entry], producedAt,
    nextUpdate: new Date(producedAt.getTime() + OCSP_NEXT_UPDATE_MS), nonce: req.nonce, hashOid: req.hashOid,
  });
}
