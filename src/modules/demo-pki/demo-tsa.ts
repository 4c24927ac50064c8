/**
 * The demo RFC 3161 timestamp authority: over HTTP (`POST /demo-pki/tsa`) and in-process (the
 * operator's evidence in demo mode). Tokens carry the TSA certificate and its chain, the
 * request's nonce, and ESS signingCertificateV2, so `openssl ts -verify` accepts them.
 */
import { isAppError } from '../../shared/errors.ts';
import { digest } from '../pki/algorithms.ts';
import { int, seq, tlv } from '../pki/der-write.ts';
import { OID } from '../pki/oids.ts';
import { issueTimestampToken, parseTimestampRequest, timestampResponse } from '../pki/tsp.ts';
import { requireDemoCa, type DemoPkiDeps } from './demo-ca.ts';
import { randomSerial } from './demo-files.ts';

/** TimeStampResp "rejection" with failInfo (RFC 3161 2.4.2): badAlg = bit 0, badDataFormat = bit 5. */
function rejection(bit: 0 | 5): Buffer {
  const failInfo = tlv(0x03, Buffer.from([7 - bit, 0x80 >> bit]));
  return Buffer.from(seq(seq(int(2), failInfo)));
}

const HASH_LENGTHS: Record<string, number> = { [OID.sha1]: 20, [OID.sha256]: 32, [OID.sha384]: 48, [OID.sha512]: 64 };

/** Answers a DER TimeStampReq with a DER TimeStampResp. */
export async function answerTimestampRequest(deps: DemoPkiDeps, requestDer: Uint8Array, now = new Date()): Promise<Buffer> {
  let req: ReturnType<typeof parseTimestampRequest>;
  try {
    req = parseTimestampRequest(requestDer);
  } catch (err) {
    if (isAppError(err)) return rejection(5);
    throw err;
  }
  const size = HASH_LENGTHS[req.hashOid];
  if (!size) return rejection(0);
  if (req.hashedMessage.length !== size) return rejection(5);
  const ca = await requireDemoCa(deps);
  const token = issueTimestampToken({ signer: ca.tsa, hashOid: req.hashOid, hashedMessage: req.hashedMessage, serialNumber: randomSerial(), genTime: now, nonce: req.nonce });
  return timestampResponse(token);
}

/** A timestamp token (ContentInfo DER) over `data`, made in-process by the demo TSA. */
export async function demoTimestampToken(deps: DemoPkiDeps, data: Uint8Array, now = new Date()): Promise<Buffer> {
  const ca = await requireDemoCa(deps);
  return issueTimestampToken({ signer: ca.tsa, hashOid: OID.sha256, hashedMessage: digest(OID.sha256, data), serialNumber: randomSerial(), genTime: now });
}
