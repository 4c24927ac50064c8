/**
 * Making CMS SignedData (RFC 5652): attached or detached, one or many signers, adding a
 * signer to an existing signature, and adding unsigned attributes (the RFC 3161 signature
 * timestamp). Existing signers and certificates are copied byte for byte, so adding a signer
 * never disturbs the signatures already there.
 */
import { AppError } from '../../shared/errors.ts';
import { digest } from './algorithms.ts';
import { attribute, parseSignedData, type SignedData } from './cms-parse.ts';
import { Cursor, readOid, readTlv, rootTlv } from './der.ts';
import { algId, ctx, int, octets, oid, seq, setOf, time, tlv } from './der-write.ts';
import { OID } from './oids.ts';
import type { Certificate } from './x509.ts';

export interface CmsSigner {
  certificate: Certificate;
  /** Further certificates to include (intermediate CAs). */
  chain?: Certificate[];
  /** Hash OID for messageDigest (and the signature, unless the signature OID fixes it). */
  digestAlgorithm: string;
  /** Write NULL parameters in the digest AlgorithmIdentifier (as NCA GOST software does). */
  digestParamsNull?: boolean;
  /** Signature AlgorithmIdentifier; `params` undefined = absent, null = NULL. */
  signatureAlgorithm: { oid: string; params?: Uint8Array | null };
  /** Signs `data` (hashing it itself) and returns the signature value as CMS carries it. */
  sign(data: Uint8Array): Uint8Array;
}

export interface ExtraAttribute {
  oid: string;
  values: Uint8Array[];
}

export interface SignCmsOptions {
  detached?: boolean;
  /** eContentType; default id-data. */
  contentType?: string;
  /** The signingTime attribute (reported by verifiers, never trusted); null = leave out. Default now. */
  signingTime?: Date | null;
  /** Include the signers' certificates (and chains). Default true. */
  includeCertificates?: boolean;
  extraSignedAttributes?: ExtraAttribute[];
}

function digestAlgId(s: CmsSigner): Uint8Array {
  return algId(s.digestAlgorithm, s.digestParamsNull ? null : undefined);
}

function attr(o: string, ...values: Uint8Array[]): Uint8Array {
  return seq(oid(o), setOf(...values));
}

/** One SignerInfo (version 1, issuerAndSerialNumber) over `content`. */
export function buildSignerInfo(content: Uint8Array, contentType: string, signer: CmsSigner, opts: SignCmsOptions = {}): Uint8Array {
  const attrs = [
    attr(OID.contentTypeAttr, oid(contentType)),
    attr(OID.messageDigestAttr, octets(digest(signer.digestAlgorithm, content))),
  ];
  const signingTime = opts.signingTime === undefined ? new Date() : opts.signingTime;
  if (signingTime) attrs.push(attr(OID.signingTimeAttr, time(signingTime)));
  for (const a of opts.extraSignedAttributes ?? []) attrs.push(attr(a.oid, ...a.values));
  const signedAttrs = Buffer.from(setOf(...attrs));
  const signature = signer.sign(signedAttrs);
  signedAttrs[0] = 0xa0; // [0] IMPLICIT in the SignerInfo; the signature was over the SET
  const cert = signer.certificate;
  return seq(
    int(1),
    seq(cert.issuer.der, int(cert.serialNumber)),
    digestAlgId(signer),
    signedAttrs,
    algId(signer.signatureAlgorithm.oid, signer.signatureAlgorithm.params),
    octets(signature),
  );
}

function uniqueBytes(list: Uint8Array[]): Uint8Array[] {
  const seen = new Set<string>();
  return list.filter((b) => {
    const k = Buffer.from(b.buffer, b.byteOffset, b.length).toString('latin1');
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function assemble(parts: { digestAlgorithms: Uint8Array[]; encap: Uint8Array; eContentType: string; certificates: Uint8Array[]; crls: Uint8Array[]; signerInfos: Uint8Array[] }): Buffer {
  // Version 3 when the content is not id-data (RFC 5652 5.1); all our SignerInfos are v1.
  const version = parts.eContentType === OID.data ? 1 : 3;
  const certs = uniqueBytes(parts.certificates);
  const body = [int(version), setOf(...uniqueBytes(parts.digestAlgorithms)), parts.encap];
  if (certs.length) body.push(tlv(0xa0, ...certs));
  if (parts.crls.length) body.push(tlv(0xa1, ...parts.crls));
  body.push(tlv(0x31, ...parts.signerInfos)); // signer order kept: callers address signers by index
  return Buffer.from(seq(oid(OID.signedData), ctx(0, seq(...body))));
}

/** Signs `content` with every signer; returns DER ContentInfo(SignedData). */
export function signCms(content: Uint8Array, signers: CmsSigner[], opts: SignCmsOptions = {}): Buffer {
  if (signers.length === 0) throw new AppError('VALIDATION_FAILED', { detail: 'signCms needs at least one signer' });
  const contentType = opts.contentType ?? OID.data;
  const encap = opts.detached ? seq(oid(contentType)) : seq(oid(contentType), ctx(0, octets(content)));
  const include = opts.includeCertificates ?? true;
  return assemble({
    digestAlgorithms: signers.map(digestAlgId),
    encap, eContentType: contentType,
    certificates: include ? signers.flatMap((s) => [s.certificate.der, ...(s.chain ?? []).map((c) => c.der)]) : [],
    crls: [],
    signerInfos: signers.map((s) => buildSignerInfo(content, contentType, s, opts)),
  });
}

function rebuild(sd: SignedData, changes: { signerInfos?: Uint8Array[]; addCerts?: Uint8Array[]; addDigest?: Uint8Array[] }): Buffer {
  return assemble({
    digestAlgorithms: [...digestAlgorithmsDer(sd), ...(changes.addDigest ?? [])],
    encap: sd.encapDer, eContentType: sd.eContentType,
    certificates: [...sd.certificates, ...(changes.addCerts ?? [])],
    crls: sd.crls,
    signerInfos: changes.signerInfos ?? sd.signers.map((s) => s.der),
  });
}

function digestAlgorithmsDer(sd: SignedData): Uint8Array[] {
  return sd.digestAlgorithms.map((a) => algId(a.oid, a.params ?? undefined));
}

/** Adds a signer to an existing CMS (co-signature). `content` is needed when it is detached. */
export function addCmsSigner(cms: Uint8Array, signer: CmsSigner, opts: SignCmsOptions & { content?: Uint8Array } = {}): Buffer {
  const sd = parseSignedData(cms);
  const content = sd.eContent ?? opts.content;
  if (!content) throw new AppError('PKI_CONTENT_REQUIRED', { detail: 'detached CMS: pass the signed content to add a signer' });
  const si = buildSignerInfo(content, sd.eContentType, signer, opts);
  const include = opts.includeCertificates ?? true;
  return rebuild(sd, {
    signerInfos: [...sd.signers.map((s) => s.der), si],
    addCerts: include ? [signer.certificate.der, ...(signer.chain ?? []).map((c) => c.der)] : [],
    addDigest: [digestAlgId(signer)],
  });
}

/** Adds an unsigned attribute value to signer `index` (e.g. a signature timestamp token). */
export function addUnsignedAttribute(cms: Uint8Array, index: number, attrOid: string, valueDer: Uint8Array): Buffer {
  const sd = parseSignedData(cms);
  const s = sd.signers[index];
  if (!s) throw new AppError('VALIDATION_FAILED', { detail: `no signer ${index}` });
  // Re-emit the SignerInfo's elements as they are, replacing or appending [1] unsignedAttrs.
  const c = new Cursor(s.der, rootTlv(s.der, 0x30, 'SignerInfo'), 'SignerInfo');
  const parts: Uint8Array[] = [];
  const unsigned: Uint8Array[] = [];
  while (c.more) {
    const t = c.next();
    if (t.tag === 0xa1) {
      let p = t.valueStart;
      while (p < t.end) {
        const a = readTlv(s.der, p, t.end);
        unsigned.push(s.der.subarray(a.start, a.end));
        p = a.end;
      }
    } else parts.push(s.der.subarray(t.start, t.end));
  }
  const existing = attribute(s.unsignedAttrs, attrOid);
  if (existing) {
    // Add a value to the existing attribute rather than repeating the attribute.
    const values = existing.values.map((v) => existing.buf.subarray(v.start, v.end));
    const idx = unsigned.findIndex((u) => readOid(u, new Cursor(u, rootTlv(u, 0x30, 'Attribute'), 'Attribute').next(0x06)) === attrOid);
    unsigned[idx] = seq(oid(attrOid), setOf(...values, valueDer));
  } else unsigned.push(seq(oid(attrOid), setOf(valueDer)));
  const si = seq(...parts, tlv(0xa1, ...unsigned));
  return rebuild(sd, { signerInfos: sd.signers.map((x, i) => (i === index ? si : x.der)) });
}

export function addSignatureTimestamp(cms: Uint8Array, index: number, timestampToken: Uint8Array): Buffer {
  return addUnsignedAttribute(cms, index, OID.signatureTimeStampToken, timestampToken);
}
