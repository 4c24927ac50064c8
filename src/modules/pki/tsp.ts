/**
 * RFC 3161 timestamps: reading responses and tokens, verifying a token (its CMS signature,
 * the TSA certificate's timeStamping EKU and chain at genTime, and the message imprint over
 * the signature value it timestamps), requesting one from a TSA, and issuing one (the demo
 * TSA and tests). A valid token's genTime is the time a signature is judged at.
 */
import { randomBytes } from 'node:crypto';
import { AppError } from '../../shared/errors.ts';
import { digest } from './algorithms.ts';
import { buildChain } from './chain.ts';
import { parseSignedData } from './cms-parse.ts';
import { signCms, type CmsSigner } from './cms-sign.ts';
import { checkSigner, cmsCertificates } from './cms-verify.ts';
import { Cursor, readIntegerHex, readOid, readSmallInt, readTime, rootTlv, value, whole } from './der.ts';
import { algId, bool, generalizedTime, int, octets, oid, seq } from './der-write.ts';
import { OID } from './oids.ts';
import { reportError, type ReportError, type TimestampReport } from './report.ts';
import type { TrustStore } from './trust.ts';
import type { Certificate } from './x509.ts';

export interface TstInfo {
  policy: string;
  hashAlgorithm: string;
  hashedMessage: Uint8Array;
  serialNumber: string;
  genTime: Date;
  nonce?: string;
}

export function parseTstInfo(der: Uint8Array): TstInfo {
  const c = new Cursor(der, rootTlv(der, 0x30, 'TSTInfo'), 'TSTInfo');
  if (readSmallInt(der, c.next(0x02)) !== 1) throw new AppError('PKI_MALFORMED', { detail: 'TSTInfo version' });
  const policy = readOid(der, c.next(0x06));
  const mi = new Cursor(der, c.next(0x30, 'messageImprint'), 'MessageImprint');
  const hashAlgorithm = readOid(der, new Cursor(der, mi.next(0x30), 'hashAlgorithm').next(0x06));
  const hashedMessage = value(der, mi.next(0x04));
  const serialNumber = readIntegerHex(der, c.next(0x02));
  const genTime = readTime(der, c.next(0x18, 'genTime'));
  c.optional(0x30); // accuracy
  c.optional(0x01); // ordering
  const n = c.optional(0x02);
  return { policy, hashAlgorithm, hashedMessage, serialNumber, genTime, nonce: n ? readIntegerHex(der, n) : undefined };
}

/** TimeStampResp → the token (ContentInfo DER). Throws PKI_MALFORMED when not granted. */
export function tokenFromResponse(resp: Uint8Array): Uint8Array {
  const c = new Cursor(resp, rootTlv(resp, 0x30, 'TimeStampResp'), 'TimeStampResp');
  const si = new Cursor(resp, c.next(0x30, 'PKIStatusInfo'), 'PKIStatusInfo');
  const status = readSmallInt(resp, si.next(0x02));
  if (status !== 0 && status !== 1) throw new AppError('PKI_MALFORMED', { detail: `timestamp not granted (PKIStatus ${status})` });
  const tok = c.next(0x30, 'timeStampToken');
  return Uint8Array.from(whole(resp, tok));
}

export interface VerifiedTimestamp extends TimestampReport {
  genTimeDate?: Date;
}

/**
 * Verifies a token. `imprintData` is what it must timestamp (a signature value); undefined
 * skips that check (a token on its own, e.g. the fixture).
 */
export function verifyTimestampToken(token: Uint8Array, imprintData: Uint8Array | undefined, trust: TrustStore, verificationTime: Date, extra: Certificate[] = []): VerifiedTimestamp {
  const errors: ReportError[] = [];
  const fail = (message: string) => ({ valid: false, errors: [...errors, reportError('TIMESTAMP_INVALID', message)] });
  let sd;
  let tst: TstInfo;
  try {
    sd = parseSignedData(token);
    if (sd.eContentType !== OID.tstInfo || !sd.eContent) return fail('the token does not hold a TSTInfo');
    if (sd.signers.length !== 1) return fail(`the token has ${sd.signers.length} signers, not one`);
    tst = parseTstInfo(sd.eContent);
  } catch (err) {
    if (err instanceof AppError) return fail(`unreadable token: ${err.message}`);
    throw err;
  }
  const base = { genTime: tst.genTime.toISOString(), genTimeDate: tst.genTime, serialNumber: tst.serialNumber, policy: tst.policy };
  const certs = [...cmsCertificates(sd), ...extra];
  const check = checkSigner(sd, sd.signers[0], sd.eContent, certs);
  for (const e of check.errors) errors.push(reportError('TIMESTAMP_INVALID', `token: ${e.message}`));
  const tsa = check.certificate;
  if (tsa) {
    if (!(tsa.extKeyUsage ?? []).includes(OID.ekuTimeStamping)) errors.push(reportError('TIMESTAMP_INVALID', `"${tsa.subject.text}" lacks the timeStamping EKU`));
    const chain = buildChain(tsa, certs, trust, tst.genTime);
    for (const e of chain.errors) errors.push(reportError('TIMESTAMP_INVALID', `TSA certificate: ${e.message}`));
  }
  if (imprintData) {
    try {
      if (Buffer.compare(digest(tst.hashAlgorithm, imprintData), tst.hashedMessage) !== 0) errors.push(reportError('TIMESTAMP_INVALID', 'the token timestamps other data (message imprint mismatch)'));
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      errors.push(reportError('ALGORITHM_UNSUPPORTED', err.message));
    }
  }
  if (tst.genTime.getTime() > verificationTime.getTime()) errors.push(reportError('TIME_IN_FUTURE', `timestamp ${tst.genTime.toISOString()} is after the verification time`));
  return { valid: errors.length === 0, tsa: tsa?.subject.text, ...base, errors };
}

/** DER TimeStampReq for `data` (RFC 3161 2.4.1), asking for the TSA certificate. */
export function buildTimestampRequest(data: Uint8Array, hashOid: string = OID.sha256, nonce: Uint8Array = randomBytes(8)): { der: Buffer; nonce: string } {
  const der = Buffer.from(seq(int(1), seq(algId(hashOid, null), octets(digest(hashOid, data))), int(nonce), bool(true)));
  const c = new Cursor(der, rootTlv(der, 0x30, 'TimeStampReq'), 'TimeStampReq');
  c.next(0x02);
  c.next(0x30);
  return { der, nonce: readIntegerHex(der, c.next(0x02)) };
}

export interface IssueTimestampOptions {
  signer: CmsSigner;
  hashOid: string;
  hashedMessage: Uint8Array;
  serialNumber: bigint;
  genTime?: Date;
  policy?: string;
  nonce?: string;
}

/** Issues a timestamp token (demo TSA, tests): TSTInfo signed with ESS signingCertificateV2. */
export function issueTimestampToken(o: IssueTimestampOptions): Buffer {
  const parts = [int(1), oid(o.policy ?? OID.ncaPolicyTsa), seq(algId(o.hashOid, null), octets(o.hashedMessage)), int(o.serialNumber), generalizedTime(o.genTime ?? new Date())];
  if (o.nonce) parts.push(int(o.nonce));
  const tstInfo = seq(...parts);
  const essCertIdV2 = seq(octets(digest(OID.sha256, o.signer.certificate.der))); // default hash SHA-256
  return signCms(tstInfo, [o.signer], {
    contentType: OID.tstInfo,
    signingTime: o.genTime ?? new Date(),
    extraSignedAttributes: [{ oid: OID.signingCertificateV2, values: [seq(seq(essCertIdV2))] }],
  });
}

/** Reads a TimeStampReq (for the demo TSA). */
export function parseTimestampRequest(req: Uint8Array): { hashOid: string; hashedMessage: Uint8Array; nonce?: string } {
  const c = new Cursor(req, rootTlv(req, 0x30, 'TimeStampReq'), 'TimeStampReq');
  c.next(0x02);
  const mi = new Cursor(req, c.next(0x30), 'MessageImprint');
  const hashOid = readOid(req, new Cursor(req, mi.next(0x30), 'hashAlgorithm').next(0x06));
  const hashedMessage = value(req, mi.next(0x04));
  c.optional(0x06);
  const n = c.optional(0x02);
  return { hashOid, hashedMessage, nonce: n ? readIntegerHex(req, n) : undefined };
}

/** TimeStampResp (granted) wrapping a token. */
export function timestampResponse(token: Uint8Array): Buffer {
  return Buffer.from(seq(seq(int(0)), token));
}
