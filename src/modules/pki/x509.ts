/**
 * X.509 certificate structure (RFC 5280) read with the lean DER reader. Everything the
 * verifier and the NCA profile need is decoded once; the signed TBS bytes, names and public
 * key stay subarrays of the input. Extensions we do not know are kept (OID, criticality,
 * bytes) and a damaged non-critical extension becomes a `problems` entry, not a crash.
 */
import { createHash } from 'node:crypto';
import { Cursor, children, hex, readBitString, readIntegerHex, readOid, readSmallInt, readString, readTime, readTlv, rootTlv, value, walk, whole, type Tlv } from './der.ts';
import { isAppError } from '../../shared/errors.ts';
import { berFirstChild, retryAsBer } from './ber.ts';
import { NAME_ATTRS, OID } from './oids.ts';
import { toDer } from './pem.ts';

export interface AlgorithmId {
  oid: string;
  /** DER of the parameters element; undefined when absent. */
  params?: Uint8Array;
}

export interface NameAttribute {
  oid: string;
  type: string;
  value: string;
}

export interface Name {
  der: Uint8Array;
  attributes: NameAttribute[];
  /** "CN=…, O=…" in the certificate's order. */
  text: string;
}

export interface Extension {
  oid: string;
  critical: boolean;
  value: Uint8Array;
}

export type KeyUsageName = 'digitalSignature' | 'nonRepudiation' | 'keyEncipherment' | 'dataEncipherment' | 'keyAgreement' | 'keyCertSign' | 'cRLSign' | 'encipherOnly' | 'decipherOnly';
const KU_BITS: KeyUsageName[] = ['digitalSignature', 'nonRepudiation', 'keyEncipherment', 'dataEncipherment', 'keyAgreement', 'keyCertSign', 'cRLSign', 'encipherOnly', 'decipherOnly'];

export interface Certificate {
  der: Uint8Array;
  tbs: Uint8Array;
  version: number;
  serialNumber: string;
  signatureAlgorithm: AlgorithmId;
  signatureValue: Uint8Array;
  issuer: Name;
  subject: Name;
  notBefore: Date;
  notAfter: Date;
  spki: Uint8Array;
  publicKeyAlgorithm: AlgorithmId;
  /** subjectPublicKey BIT STRING contents (what OCSP's issuerKeyHash hashes). */
  publicKeyBits: Uint8Array;
  extensions: Extension[];
  keyUsage?: KeyUsageName[];
  extKeyUsage?: string[];
  policies: string[];
  basicConstraints?: { ca: boolean; pathLen?: number };
  subjectKeyId?: string;
  authorityKeyId?: string;
  crlUrls: string[];
  ocspUrls: string[];
  caIssuerUrls: string[];
  /** SHA-256 of the DER, upper-case hex: the certificate's identity in caches and reports. */
  fingerprint: string;
  problems: string[];
}

export function readAlgorithmId(buf: Uint8Array, t: Tlv, what: string): AlgorithmId {
  const c = new Cursor(buf, t, what);
  const oid = readOid(buf, c.next(0x06, what));
  const params = c.more ? whole(buf, c.next()) : undefined;
  c.done();
  return { oid, params };
}

export function readName(buf: Uint8Array, t: Tlv): Name {
  const attributes: NameAttribute[] = [];
  for (const rdn of children(buf, t, 'Name', 256, 'PKI_MALFORMED')) {
    for (const atv of children(buf, rdn, 'RelativeDistinguishedName', 64, 'PKI_MALFORMED')) {
      const c = new Cursor(buf, atv, 'AttributeTypeAndValue');
      const oid = readOid(buf, c.next(0x06));
      const v = c.next();
      attributes.push({ oid, type: NAME_ATTRS[oid] ?? oid, value: readString(buf, v) });
    }
  }
  return { der: whole(buf, t), attributes, text: attributes.map((a) => `${a.type}=${a.value}`).join(', ') };
}

function uris(buf: Uint8Array, root: Tlv): string[] {
  const out: string[] = [];
  walk(buf, root, (t) => {
    if (t.tag === 0x86) out.push(Buffer.from(value(buf, t)).toString('latin1'));
  });
  return out;
}

function applyExtension(cert: Certificate, ext: Extension): void {
  const b = ext.value;
  const root = rootTlv(b, b[0] ?? 0, `extension ${ext.oid}`);
  switch (ext.oid) {
    case OID.keyUsage: {
      const bits = readBitString(b, root);
      cert.keyUsage = KU_BITS.filter((_, i) => (bits[i >> 3] ?? 0) & (0x80 >> (i & 7)));
      break;
    }
    case OID.extKeyUsage:
      cert.extKeyUsage = children(b, root, 'ExtKeyUsage', 256, 'PKI_MALFORMED').map((t) => readOid(b, t));
      break;
    case OID.certificatePolicies:
      for (const pi of children(b, root, 'CertificatePolicies', 256, 'PKI_MALFORMED')) {
        cert.policies.push(readOid(b, new Cursor(b, pi, 'PolicyInformation').next(0x06)));
      }
      break;
    case OID.basicConstraints: {
      const c = new Cursor(b, root, 'BasicConstraints');
      const ca = c.peekTag() === 0x01 ? b[c.next(0x01).valueStart] !== 0 : false;
      const pathLen = c.peekTag() === 0x02 ? readSmallInt(b, c.next(0x02)) : undefined;
      cert.basicConstraints = { ca, pathLen };
      break;
    }
    case OID.subjectKeyId:
      cert.subjectKeyId = hex(value(b, root));
      break;
    case OID.authorityKeyId: {
      const c = new Cursor(b, root, 'AuthorityKeyIdentifier');
      const kid = c.optional(0x80);
      if (kid) cert.authorityKeyId = hex(value(b, kid));
      break;
    }
    case OID.crlDistributionPoints:
      cert.crlUrls.push(...uris(b, root));
      break;
    case OID.authorityInfoAccess:
      for (const ad of children(b, root, 'AuthorityInfoAccess', 64, 'PKI_MALFORMED')) {
        const c = new Cursor(b, ad, 'AccessDescription');
        const method = readOid(b, c.next(0x06));
        const loc = c.next();
        if (loc.tag !== 0x86) continue;
        const url = Buffer.from(value(b, loc)).toString('latin1');
        if (method === OID.aiaOcsp) cert.ocspUrls.push(url);
        else if (method === OID.aiaCaIssuers) cert.caIssuerUrls.push(url);
      }
      break;
  }
}

/**
 * Parses one certificate (DER, BER, or PEM "CERTIFICATE"). Throws PKI_MALFORMED.
 *
 * A BER certificate (indefinite lengths, constructed strings) is read from its DER
 * re-encoding, but its signature is over the TBS bytes as the issuer encoded them, so `tbs`,
 * `der` and the fingerprint keep the original bytes (OpenSSL, too, verifies the TBS as
 * received); names and keys are compared in their DER form.
 */
export function parseCertificate(input: Uint8Array): Certificate {
  const buf = toDer(input, ['CERTIFICATE', 'X509 CERTIFICATE', 'TRUSTED CERTIFICATE'], 'certificate');
  try {
    return readCertificate(buf);
  } catch (err) {
    if (!isAppError(err) || err.code !== 'PKI_MALFORMED') throw err;
    const cert = retryAsBer(buf, err, readCertificate);
    cert.der = buf;
    cert.tbs = berFirstChild(buf);
    cert.fingerprint = createHash('sha256').update(buf).digest('hex').toUpperCase();
    return cert;
  }
}

function readCertificate(buf: Uint8Array): Certificate {
  const root = rootTlv(buf, 0x30, 'Certificate');
  const c = new Cursor(buf, root, 'Certificate');
  const tbsT = c.next(0x30, 'TBSCertificate');
  const signatureAlgorithm = readAlgorithmId(buf, c.next(0x30, 'signatureAlgorithm'), 'signatureAlgorithm');
  const signatureValue = readBitString(buf, c.next(0x03, 'signatureValue'));
  c.done();

  const t = new Cursor(buf, tbsT, 'TBSCertificate');
  let version = 1;
  const v = t.optional(0xa0);
  if (v) version = readSmallInt(buf, readTlv(buf, v.valueStart, v.end)) + 1;
  const serialNumber = readIntegerHex(buf, t.next(0x02, 'serialNumber'));
  t.next(0x30, 'signature');
  const issuer = readName(buf, t.next(0x30, 'issuer'));
  const validity = new Cursor(buf, t.next(0x30, 'validity'), 'Validity');
  const notBefore = readTime(buf, validity.next());
  const notAfter = readTime(buf, validity.next());
  validity.done();
  const subject = readName(buf, t.next(0x30, 'subject'));
  const spkiT = t.next(0x30, 'subjectPublicKeyInfo');
  const sc = new Cursor(buf, spkiT, 'SubjectPublicKeyInfo');
  const publicKeyAlgorithm = readAlgorithmId(buf, sc.next(0x30), 'SubjectPublicKeyInfo.algorithm');
  const publicKeyBits = readBitString(buf, sc.next(0x03));
  sc.done();
  t.optional(0x81);
  t.optional(0x82);
  const extensions: Extension[] = [];
  const extsT = t.optional(0xa3);
  t.done();

  const cert: Certificate = {
    der: buf, tbs: whole(buf, tbsT), version, serialNumber, signatureAlgorithm, signatureValue, issuer, subject, notBefore, notAfter,
    spki: whole(buf, spkiT), publicKeyAlgorithm, publicKeyBits, extensions, policies: [], crlUrls: [], ocspUrls: [], caIssuerUrls: [],
    fingerprint: createHash('sha256').update(buf).digest('hex').toUpperCase(), problems: [],
  };
  if (extsT) {
    const seqT = readTlv(buf, extsT.valueStart, extsT.end);
    for (const e of children(buf, seqT, 'Extensions', 256, 'PKI_MALFORMED')) {
      const ec = new Cursor(buf, e, 'Extension');
      const oid = readOid(buf, ec.next(0x06));
      const critical = ec.peekTag() === 0x01 ? buf[ec.next(0x01).valueStart] !== 0 : false;
      const ext = { oid, critical, value: value(buf, ec.next(0x04, 'extnValue')) };
      ec.done();
      extensions.push(ext);
      try {
        applyExtension(cert, ext);
      } catch (err) {
        // A damaged extension we understand is reported; if it is critical the cert is unusable.
        if (ext.critical) throw err;
        cert.problems.push(`extension ${oid} could not be read: ${(err as Error).message}`);
      }
    }
  }
  return cert;
}

/** Same name: byte equality of the DER (what NCA and OpenSSL-issued chains give in practice). */
export function sameName(a: Name, b: Name): boolean {
  return Buffer.compare(a.der, b.der) === 0;
}

export function isSelfIssued(cert: Certificate): boolean {
  return sameName(cert.subject, cert.issuer);
}
