/**
 * CMS SignedData (RFC 5652) read with the lean DER reader (BER input is re-encoded first,
 * see ber.ts). Values are subarrays of the
 * input; the signed-attributes bytes are kept exactly as received (re-tagged as SET for the
 * signature input, per RFC 5652 5.4) so nothing is re-encoded before verification.
 * Limits: a stated maximum of signers, certificates and CRLs (a clear PKI_LIMIT_EXCEEDED,
 * not an unbounded loop over hostile input).
 */
import { AppError, isAppError } from '../../shared/errors.ts';
import { berElementEnd, retryAsBer } from './ber.ts';
import { Cursor, children, malformed, readIntegerHex, readOid, readSmallInt, readTlv, rootTlv, value, whole, type Tlv } from './der.ts';
import { OID } from './oids.ts';
import { toDer } from './pem.ts';
import { readAlgorithmId, type AlgorithmId } from './x509.ts';

export const CMS_LIMITS = { signers: 64, certificates: 256, crls: 64, attributes: 64, bytes: 256 * 1024 * 1024 };

export interface Attribute {
  oid: string;
  /** The values of the attribute's SET, as elements of `buf`. */
  values: Tlv[];
  buf: Uint8Array;
}

export type SignerId = { issuer: Uint8Array; serialNumber: string } | { subjectKeyId: string };

export interface SignerInfo {
  version: number;
  sid: SignerId;
  digestAlgorithm: AlgorithmId;
  /** DER of signedAttrs with the SET tag (0x31): the exact signature input. */
  signedAttrsDer?: Uint8Array;
  signedAttrs?: Attribute[];
  signatureAlgorithm: AlgorithmId;
  signature: Uint8Array;
  unsignedAttrs?: Attribute[];
  /** Offsets in the CMS of the whole SignerInfo, the signature value and the signed attributes. */
  range: { start: number; end: number; signature: [number, number]; signedAttrs?: [number, number] };
  /** DER of the whole SignerInfo (for re-assembly when a signer is added). */
  der: Uint8Array;
}

export interface SignedData {
  der: Uint8Array;
  version: number;
  digestAlgorithms: AlgorithmId[];
  eContentType: string;
  /** eContent octets; undefined for a detached signature. */
  eContent?: Uint8Array;
  eContentRange?: [number, number];
  /** DER of the whole EncapsulatedContentInfo. */
  encapDer: Uint8Array;
  certificates: Uint8Array[];
  crls: Uint8Array[];
  signers: SignerInfo[];
}

function readAttributes(buf: Uint8Array, t: Tlv, what: string): Attribute[] {
  const out: Attribute[] = [];
  for (const a of children(buf, t, what, CMS_LIMITS.attributes)) {
    const c = new Cursor(buf, a, 'Attribute');
    const oid = readOid(buf, c.next(0x06));
    const values = children(buf, c.next(0x31, 'attrValues'), 'attrValues', 64);
    c.done();
    out.push({ oid, values, buf });
  }
  return out;
}

function readSignerInfo(buf: Uint8Array, t: Tlv): SignerInfo {
  const c = new Cursor(buf, t, 'SignerInfo');
  const version = readSmallInt(buf, c.next(0x02, 'SignerInfo.version'));
  let sid: SignerId;
  const sidT = c.next(undefined, 'SignerInfo.sid');
  if (sidT.tag === 0x30) {
    const ic = new Cursor(buf, sidT, 'IssuerAndSerialNumber');
    const issuer = whole(buf, ic.next(0x30, 'issuer'));
    sid = { issuer, serialNumber: readIntegerHex(buf, ic.next(0x02, 'serialNumber')) };
    ic.done();
  } else if (sidT.tag === 0x80) {
    sid = { subjectKeyId: Buffer.from(value(buf, sidT)).toString('hex').toUpperCase() };
  } else throw malformed('SignerInfo.sid: neither issuerAndSerialNumber nor subjectKeyIdentifier');
  const digestAlgorithm = readAlgorithmId(buf, c.next(0x30, 'digestAlgorithm'), 'digestAlgorithm');
  const saT = c.optional(0xa0);
  let signedAttrsDer: Uint8Array | undefined;
  let signedAttrs: Attribute[] | undefined;
  if (saT) {
    signedAttrsDer = Buffer.from(whole(buf, saT));
    signedAttrsDer[0] = 0x31;
    signedAttrs = readAttributes(buf, saT, 'signedAttrs');
  }
  const signatureAlgorithm = readAlgorithmId(buf, c.next(0x30, 'signatureAlgorithm'), 'signatureAlgorithm');
  const sigT = c.next(0x04, 'signature');
  const uaT = c.optional(0xa1);
  c.done();
  return {
    version, sid, digestAlgorithm, signedAttrsDer, signedAttrs, signatureAlgorithm,
    signature: value(buf, sigT),
    unsignedAttrs: uaT ? readAttributes(buf, uaT, 'unsignedAttrs') : undefined,
    range: { start: t.start, end: t.end, signature: [sigT.valueStart, sigT.end], signedAttrs: saT ? [saT.start, saT.end] : undefined },
    der: whole(buf, t),
  };
}

/**
 * The certificates or CRLs of a SignedData. They are signed objects copied byte for byte even
 * from BER input (see ber.ts), so one may itself be BER with an indefinite length: its end is
 * then found by the BER decoder. Other formats ([0] extended, [1] v1 attr, [2] v2 attr,
 * [3] other) are skipped.
 */
function signedObjects(buf: Uint8Array, parent: Tlv, what: string, max: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  let pos = parent.valueStart;
  for (let n = 0; pos < parent.end; n++) {
    if (n >= max) throw new AppError('PKI_LIMIT_EXCEEDED', { detail: `${what}: more than ${max} elements` });
    let end: number;
    try {
      end = readTlv(buf, pos, parent.end).end;
    } catch (err) {
      if (!isAppError(err) || err.code !== 'PKI_MALFORMED' || buf[pos + 1] !== 0x80) throw err;
      end = berElementEnd(buf, pos, parent.end);
    }
    if (buf[pos] === 0x30) out.push(buf.subarray(pos, end));
    pos = end;
  }
  return out;
}

/**
 * Reads a ContentInfo holding SignedData (DER, BER, or PEM "CMS"/"PKCS7"). BER (indefinite
 * lengths, constructed OCTET STRINGs: openssl cms -stream, pkijs) is re-encoded as DER first,
 * see ber.ts; then `der` and all offsets refer to that DER. Throws PKI_MALFORMED.
 */
export function parseSignedData(input: Uint8Array): SignedData {
  if (input.length > CMS_LIMITS.bytes) throw new AppError('PKI_LIMIT_EXCEEDED', { detail: `CMS larger than ${CMS_LIMITS.bytes} bytes` });
  const buf = toDer(input, ['CMS', 'PKCS7', 'PKCS #7 SIGNED DATA'], 'CMS');
  try {
    return readSignedData(buf);
  } catch (err) {
    if (!isAppError(err) || err.code !== 'PKI_MALFORMED') throw err;
    return retryAsBer(buf, err, readSignedData);
  }
}

function readSignedData(buf: Uint8Array): SignedData {
  const ci = new Cursor(buf, rootTlv(buf, 0x30, 'ContentInfo'), 'ContentInfo');
  const ct = readOid(buf, ci.next(0x06, 'contentType'));
  if (ct !== OID.signedData) throw malformed(`ContentInfo holds ${ct}, not SignedData`);
  const explicit = ci.next(0xa0, 'ContentInfo.content');
  ci.done();
  const sdT = readTlv(buf, explicit.valueStart, explicit.end);
  if (sdT.tag !== 0x30 || sdT.end !== explicit.end) throw malformed('SignedData: bad wrapping');
  const c = new Cursor(buf, sdT, 'SignedData');
  const version = readSmallInt(buf, c.next(0x02, 'SignedData.version'));
  const digestAlgorithms = children(buf, c.next(0x31, 'digestAlgorithms'), 'digestAlgorithms', 32).map((t) => readAlgorithmId(buf, t, 'digestAlgorithm'));
  const encT = c.next(0x30, 'encapContentInfo');
  const ec = new Cursor(buf, encT, 'EncapsulatedContentInfo');
  const eContentType = readOid(buf, ec.next(0x06, 'eContentType'));
  let eContent: Uint8Array | undefined;
  let eContentRange: [number, number] | undefined;
  const ecT = ec.optional(0xa0);
  if (ecT) {
    const os = readTlv(buf, ecT.valueStart, ecT.end);
    if (os.tag !== 0x04 || os.end !== ecT.end) throw malformed('eContent: expected one primitive OCTET STRING (DER)');
    eContent = value(buf, os);
    eContentRange = [os.valueStart, os.end];
  }
  ec.done();
  const certsT = c.optional(0xa0);
  const crlsT = c.optional(0xa1);
  const signersT = c.next(0x31, 'signerInfos');
  c.done();
  const certificates = certsT ? signedObjects(buf, certsT, 'certificates', CMS_LIMITS.certificates) : [];
  const crls = crlsT ? signedObjects(buf, crlsT, 'crls', CMS_LIMITS.crls) : [];
  const signers = children(buf, signersT, 'signerInfos', CMS_LIMITS.signers).map((t) => readSignerInfo(buf, t));
  return { der: buf, version, digestAlgorithms, eContentType, eContent, eContentRange, encapDer: whole(buf, encT), certificates, crls, signers };
}

export function attribute(attrs: Attribute[] | undefined, oid: string): Attribute | undefined {
  return attrs?.find((a) => a.oid === oid);
}
