/**
 * Issuing certificates, CRLs and OCSP responses: what the demo CA (issue 3, item 6) and the
 * tests need. NCA-shaped subjects come from `ncaSubject`. Signing goes through a RawSigner,
 * so the same code issues with RSA, ECDSA or GOST keys.
 */
import { createHash, sign as nodeSign, type KeyObject } from 'node:crypto';
import { Cursor, readBitString, rootTlv } from './der.ts';
import { algId, bitString, bool, ctx, ctxPrim, generalizedTime, int, octets, oid, printable, seq, setOf, time, tlv, utf8 } from './der-write.ts';
import { CRL_REASONS } from './crl.ts';
import { certIdHashes } from './ocsp.ts';
import { NAME_ATTRS, OID } from './oids.ts';
import { parseCertificate, type Certificate, type KeyUsageName } from './x509.ts';

export interface RawSigner {
  signatureAlgorithm: { oid: string; params?: Uint8Array | null };
  sign(data: Uint8Array): Uint8Array;
}

/** RSA (PKCS#1 v1.5) or ECDSA signer for issuing, from a Node private key. */
export function keySigner(key: KeyObject, hash: 'sha256' | 'sha384' | 'sha512' = 'sha256'): RawSigner {
  if (key.asymmetricKeyType === 'ec') {
    return { signatureAlgorithm: { oid: { sha256: OID.ecdsaSha256, sha384: OID.ecdsaSha384, sha512: OID.ecdsaSha512 }[hash] }, sign: (d) => nodeSign(hash, d, key) };
  }
  return { signatureAlgorithm: { oid: { sha256: OID.sha256WithRSA, sha384: OID.sha384WithRSA, sha512: OID.sha512WithRSA }[hash], params: null }, sign: (d) => nodeSign(hash, d, key) };
}

const ATTR_OID: Record<string, string> = Object.fromEntries(Object.entries(NAME_ATTRS).map(([o, n]) => [n, o]));

/** A Name from [type, value] pairs in order ("CN", "O", "SERIALNUMBER", … or dotted OIDs). */
export function encodeName(rdns: [string, string][]): Uint8Array {
  return seq(...rdns.map(([type, v]) => {
    const o = ATTR_OID[type] ?? type;
    const printableOnly = o === OID.country || o === OID.serialNumber;
    return setOf(seq(oid(o), printableOnly ? printable(v) : utf8(v)));
  }));
}

/** An NCA-shaped subject: CN "SURNAME NAME", SURNAME, SERIALNUMBER IIN…, C, O, OU BIN…, GIVENNAME. */
export function ncaSubject(p: { surname: string; name: string; patronymic?: string; iin: string; bin?: string; org?: string }): [string, string][] {
  const out: [string, string][] = [['CN', `${p.surname} ${p.name}`], ['SURNAME', p.surname], ['SERIALNUMBER', `IIN${p.iin}`], ['C', 'KZ']];
  if (p.org) out.push(['O', p.org]);
  if (p.bin) out.push(['OU', `BIN${p.bin}`]);
  if (p.patronymic) out.push(['GIVENNAME', p.patronymic]);
  return out;
}

export interface IssueCertificateOptions {
  subject: [string, string][];
  /** SubjectPublicKeyInfo DER of the new certificate's key. */
  spki: Uint8Array;
  /** The issuing CA; absent = self-signed (then `signer` holds the subject's own key). */
  issuer?: Certificate;
  signer: RawSigner;
  serialNumber: bigint;
  notBefore: Date;
  notAfter: Date;
  ca?: boolean;
  pathLen?: number;
  keyUsage?: KeyUsageName[];
  extKeyUsage?: string[];
  policies?: string[];
  crlUrls?: string[];
  ocspUrls?: string[];
  /** Override the issuer name (to build broken or cross-issued chains in tests). */
  issuerName?: [string, string][];
  extraExtensions?: { oid: string; critical?: boolean; value: Uint8Array }[];
}

const KU_ORDER: KeyUsageName[] = ['digitalSignature', 'nonRepudiation', 'keyEncipherment', 'dataEncipherment', 'keyAgreement', 'keyCertSign', 'cRLSign', 'encipherOnly', 'decipherOnly'];

function keyUsageDer(ku: KeyUsageName[]): Uint8Array {
  const bits = ku.map((k) => KU_ORDER.indexOf(k));
  const last = Math.max(...bits);
  const bytes = Buffer.alloc(Math.floor(last / 8) + 1);
  for (const b of bits) bytes[b >> 3] |= 0x80 >> (b & 7);
  return bitString(bytes, 7 - (last % 8));
}

const ext = (o: string, critical: boolean, v: Uint8Array) => (critical ? seq(oid(o), bool(true), octets(v)) : seq(oid(o), octets(v)));

/** The subjectPublicKey BIT STRING contents of an SPKI (what the key identifier hashes). */
function spkiKeyBits(spki: Uint8Array): Uint8Array {
  const c = new Cursor(spki, rootTlv(spki, 0x30, 'SubjectPublicKeyInfo'), 'SubjectPublicKeyInfo');
  c.next(0x30);
  return readBitString(spki, c.next(0x03));
}

export function issueCertificate(o: IssueCertificateOptions): Certificate {
  const subjectDer = encodeName(o.subject);
  const issuerDer = o.issuerName ? encodeName(o.issuerName) : o.issuer ? o.issuer.subject.der : subjectDer;
  const ski = createHash('sha1').update(spkiKeyBits(o.spki)).digest();
  const exts: Uint8Array[] = [ext(OID.subjectKeyId, false, octets(ski))];
  const akid = o.issuer?.subjectKeyId ? Buffer.from(o.issuer.subjectKeyId, 'hex') : o.issuer || o.issuerName ? undefined : ski;
  if (akid) exts.push(ext(OID.authorityKeyId, false, seq(ctxPrim(0, akid))));
  if (o.ca) exts.push(ext(OID.basicConstraints, true, seq(bool(true), ...(o.pathLen !== undefined ? [int(o.pathLen)] : []))));
  const ku = o.keyUsage ?? (o.ca ? ['keyCertSign', 'cRLSign'] : undefined);
  if (ku) exts.push(ext(OID.keyUsage, true, keyUsageDer(ku)));
  if (o.extKeyUsage?.length) exts.push(ext(OID.extKeyUsage, false, seq(...o.extKeyUsage.map(oid))));
  if (o.policies?.length) exts.push(ext(OID.certificatePolicies, false, seq(...o.policies.map((p) => seq(oid(p))))));
  if (o.crlUrls?.length) exts.push(ext(OID.crlDistributionPoints, false, seq(...o.crlUrls.map((u) => seq(ctx(0, ctx(0, ctxPrim(6, Buffer.from(u, 'latin1')))))))));
  if (o.ocspUrls?.length) exts.push(ext(OID.authorityInfoAccess, false, seq(...o.ocspUrls.map((u) => seq(oid(OID.aiaOcsp), ctxPrim(6, Buffer.from(u, 'latin1')))))));
  for (const x of o.extraExtensions ?? []) exts.push(ext(x.oid, x.critical ?? false, x.value));
  const sigAlg = algId(o.signer.signatureAlgorithm.oid, o.signer.signatureAlgorithm.params);
  const tbs = seq(ctx(0, int(2)), int(o.serialNumber), sigAlg, issuerDer, seq(time(o.notBefore), time(o.notAfter)), subjectDer, o.spki, ctx(3, seq(...exts)));
  return parseCertificate(seq(tbs, sigAlg, bitString(o.signer.sign(tbs))));
}

export interface CrlEntrySpec {
  serialNumber: string | bigint;
  revokedAt: Date;
  reason?: string;
}

/** A v2 CRL signed by `issuer`'s key. */
export function issueCrl(o: { issuer: Certificate; signer: RawSigner; thisUpdate: Date; nextUpdate?: Date; entries: CrlEntrySpec[]; crlNumber?: bigint }): Buffer {
  const sigAlg = algId(o.signer.signatureAlgorithm.oid, o.signer.signatureAlgorithm.params);
  const parts = [int(1), sigAlg, o.issuer.subject.der, time(o.thisUpdate)];
  if (o.nextUpdate) parts.push(time(o.nextUpdate));
  if (o.entries.length) {
    parts.push(seq(...o.entries.map((e) => {
      const idx = e.reason ? CRL_REASONS.indexOf(e.reason) : -1;
      const exts = idx >= 0 ? [seq(ext(OID.crlReason, false, tlv(0x0a, Buffer.from([idx]))))] : [];
      return seq(int(e.serialNumber), time(e.revokedAt), ...exts);
    })));
  }
  const crlExts = [ext(OID.crlNumber, false, int(o.crlNumber ?? 1n))];
  if (o.issuer.subjectKeyId) crlExts.push(ext(OID.authorityKeyId, false, seq(ctxPrim(0, Buffer.from(o.issuer.subjectKeyId, 'hex')))));
  parts.push(ctx(0, seq(...crlExts)));
  const tbs = seq(...parts);
  return Buffer.from(seq(tbs, sigAlg, bitString(o.signer.sign(tbs))));
}

export interface OcspEntrySpec {
  certificate: Certificate;
  status: 'good' | 'revoked' | 'unknown';
  revokedAt?: Date;
  reason?: string;
}

/** A successful BasicOCSPResponse from `responder` (the CA itself or a delegated responder). */
export function issueOcspResponse(o: { issuer: Certificate; responder: Certificate; signer: RawSigner; entries: OcspEntrySpec[]; producedAt: Date; nextUpdate?: Date; nonce?: Uint8Array; hashOid?: string }): Buffer {
  const hashOid = o.hashOid ?? OID.sha256;
  const h = certIdHashes(o.issuer, hashOid);
  const singles = o.entries.map((e) => {
    const certId = seq(algId(hashOid, null), octets(h.nameHash), octets(h.keyHash), int(e.certificate.serialNumber));
    let status: Uint8Array;
    if (e.status === 'good') status = ctxPrim(0, new Uint8Array(0));
    else if (e.status === 'unknown') status = ctxPrim(2, new Uint8Array(0));
    else {
      const idx = e.reason ? CRL_REASONS.indexOf(e.reason) : -1;
      status = ctx(1, generalizedTime(e.revokedAt ?? o.producedAt), ...(idx >= 0 ? [ctx(0, tlv(0x0a, Buffer.from([idx])))] : []));
    }
    return seq(certId, status, generalizedTime(o.producedAt), ...(o.nextUpdate ? [ctx(0, generalizedTime(o.nextUpdate))] : []));
  });
  const rdParts = [ctx(1, o.responder.subject.der), generalizedTime(o.producedAt), seq(...singles)];
  if (o.nonce) rdParts.push(ctx(1, seq(seq(oid(OID.ocspNonce), octets(octets(o.nonce))))));
  const tbs = seq(...rdParts);
  const sigAlg = algId(o.signer.signatureAlgorithm.oid, o.signer.signatureAlgorithm.params);
  const basic = seq(tbs, sigAlg, bitString(o.signer.sign(tbs)), ctx(0, seq(o.responder.der)));
  return Buffer.from(seq(tlv(0x0a, Buffer.from([0])), ctx(0, seq(oid(OID.ocspBasic), octets(basic)))));
}
