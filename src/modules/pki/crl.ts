/**
 * Certificate revocation lists (RFC 5280 5). A CRL is parsed once into a serial → entry map
 * (a lookup is then one Map.get) and its signature is verified once per issuer; callers keep
 * parsed CRLs (or use `crlFromUrl`'s cache) so the hot path never re-reads a CRL.
 */
import { Cursor, children, hex, readBitString, readIntegerHex, readOid, readTlv, readTime, rootTlv, value, whole } from './der.ts';
import { checkSignedBy } from './chain.ts';
import { OID } from './oids.ts';
import { toDer } from './pem.ts';
import { readAlgorithmId, readName, type AlgorithmId, type Certificate, type Name } from './x509.ts';

export const CRL_REASONS = ['unspecified', 'keyCompromise', 'cACompromise', 'affiliationChanged', 'superseded', 'cessationOfOperation', 'certificateHold', 'unused', 'removeFromCRL', 'privilegeWithdrawn', 'aACompromise'];

export interface CrlEntry {
  revokedAt: Date;
  reason?: string;
}

export interface Crl {
  der: Uint8Array;
  tbs: Uint8Array;
  issuer: Name;
  thisUpdate: Date;
  nextUpdate?: Date;
  crlNumber?: string;
  authorityKeyId?: string;
  signatureAlgorithm: AlgorithmId;
  signatureValue: Uint8Array;
  entries: Map<string, CrlEntry>;
  /** Where it came from, for the report (file name or URL). */
  location?: string;
  /** Fingerprints of issuers whose key verified this CRL's signature. */
  verifiedBy: Set<string>;
}

export const MAX_CRL_ENTRIES = 5_000_000;

export function parseCrl(input: Uint8Array, location?: string): Crl {
  const buf = toDer(input, ['X509 CRL'], 'CRL');
  const c = new Cursor(buf, rootTlv(buf, 0x30, 'CertificateList'), 'CertificateList');
  const tbsT = c.next(0x30, 'TBSCertList');
  const signatureAlgorithm = readAlgorithmId(buf, c.next(0x30), 'signatureAlgorithm');
  const signatureValue = readBitString(buf, c.next(0x03, 'signatureValue'));
  c.done();
  const t = new Cursor(buf, tbsT, 'TBSCertList');
  t.optional(0x02);
  t.next(0x30, 'signature');
  const issuer = readName(buf, t.next(0x30, 'issuer'));
  const thisUpdate = readTime(buf, t.next(undefined, 'thisUpdate'));
  const nextUpdate = t.peekTag() === 0x17 || t.peekTag() === 0x18 ? readTime(buf, t.next()) : undefined;
  const entries = new Map<string, CrlEntry>();
  const revokedT = t.optional(0x30);
  if (revokedT) {
    for (const e of children(buf, revokedT, 'revokedCertificates', MAX_CRL_ENTRIES)) {
      const ec = new Cursor(buf, e, 'revokedCertificate');
      const serial = readIntegerHex(buf, ec.next(0x02));
      const revokedAt = readTime(buf, ec.next());
      let reason: string | undefined;
      const extsT = ec.optional(0x30);
      if (extsT) {
        for (const x of children(buf, extsT, 'crlEntryExtensions', 32, 'PKI_MALFORMED')) {
          const xc = new Cursor(buf, x, 'Extension');
          if (readOid(buf, xc.next(0x06)) !== OID.crlReason) continue;
          if (xc.peekTag() === 0x01) xc.next();
          const os = xc.next(0x04);
          const en = readTlv(buf, os.valueStart, os.end);
          if (en.tag === 0x0a && en.end - en.valueStart === 1) reason = CRL_REASONS[buf[en.valueStart]] ?? `reason ${buf[en.valueStart]}`;
        }
      }
      entries.set(serial, { revokedAt, reason });
    }
  }
  let crlNumber: string | undefined;
  let authorityKeyId: string | undefined;
  const extsT = t.optional(0xa0);
  t.done();
  if (extsT) {
    const seqT = readTlv(buf, extsT.valueStart, extsT.end);
    for (const x of children(buf, seqT, 'crlExtensions', 64, 'PKI_MALFORMED')) {
      const xc = new Cursor(buf, x, 'Extension');
      const oid = readOid(buf, xc.next(0x06));
      if (xc.peekTag() === 0x01) xc.next();
      const os = xc.next(0x04);
      const inner = readTlv(buf, os.valueStart, os.end);
      if (oid === OID.crlNumber && inner.tag === 0x02) crlNumber = readIntegerHex(buf, inner);
      if (oid === OID.authorityKeyId && inner.tag === 0x30) {
        const kid = new Cursor(buf, inner, 'AuthorityKeyIdentifier').optional(0x80);
        if (kid) authorityKeyId = hex(value(buf, kid));
      }
    }
  }
  return { der: buf, tbs: whole(buf, tbsT), issuer, thisUpdate, nextUpdate, crlNumber, authorityKeyId, signatureAlgorithm, signatureValue, entries, location, verifiedBy: new Set() };
}

/** Whether this CRL is about `cert`'s issuer (name, and key identifier when both state one). */
export function crlCovers(crl: Crl, cert: Certificate): boolean {
  if (Buffer.compare(crl.issuer.der, cert.issuer.der) !== 0) return false;
  return !crl.authorityKeyId || !cert.authorityKeyId || crl.authorityKeyId === cert.authorityKeyId;
}

/** Checks the CRL's signature with the issuer's key (once per issuer); an error text or null. */
export function checkCrlSignature(crl: Crl, issuer: Certificate): string | null {
  if (crl.verifiedBy.has(issuer.fingerprint)) return null;
  if (issuer.keyUsage && !issuer.keyUsage.includes('cRLSign')) return `"${issuer.subject.text}" may not sign CRLs`;
  const err = checkSignedBy(crl, `the CRL of "${crl.issuer.text}"`, issuer);
  if (err) return err.message;
  crl.verifiedBy.add(issuer.fingerprint);
  return null;
}

export type CrlAnswer =
  | { status: 'good' | 'revoked'; revokedAt?: Date; reason?: string; checkedAt: Date }
  | { status: 'unknown'; reason: string };

/** Clocks of a CA and of this server differ a little: a CRL dated this much ahead is still usable. */
export const CRL_SKEW_MS = 15 * 60_000;

/** The status of `cert` at time `at` by this CRL (already known to cover it and verified). */
export function crlStatus(crl: Crl, cert: Certificate, at: Date, verificationTime: Date): CrlAnswer {
  if (crl.thisUpdate.getTime() > verificationTime.getTime() + CRL_SKEW_MS) return { status: 'unknown', reason: `CRL issued ${crl.thisUpdate.toISOString()}, after the verification time` };
  const entry = crl.entries.get(cert.serialNumber);
  if (entry && entry.revokedAt.getTime() <= at.getTime()) return { status: 'revoked', revokedAt: entry.revokedAt, reason: entry.reason, checkedAt: crl.thisUpdate };
  // Not revoked at `at` by this list; it speaks for `at` if issued after it or current at it.
  const current = crl.thisUpdate.getTime() >= at.getTime() || (crl.nextUpdate !== undefined && crl.nextUpdate.getTime() >= at.getTime());
  if (!current) return { status: 'unknown', reason: `CRL ${crl.location ?? ''} is stale: next update ${crl.nextUpdate?.toISOString() ?? 'not stated'}, before ${at.toISOString()}`.replace('  ', ' ') };
  return { status: 'good', checkedAt: crl.thisUpdate };
}
