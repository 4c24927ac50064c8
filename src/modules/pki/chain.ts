/**
 * Certification path building and validation (RFC 5280 6, the parts the NCA PKI uses):
 * from the signer's certificate up through intermediates (from the CMS or the trust
 * directory) to a trust anchor, each link's signature verified, each certificate valid at
 * the trusted time, each issuer a CA allowed to sign certificates. A depth-first search with
 * a visited set: a loop of cross-issued CAs ends with CHAIN_LOOP, never runs forever.
 */
import { isAppError } from '../../shared/errors.ts';
import { publicKeyOf, verifySignature } from './algorithms.ts';
import { BoundedMemo, bytesKey } from './memo.ts';
import { reportError, type ReportError } from './report.ts';
import { keyIdsAllow, type TrustStore } from './trust.ts';
import type { AlgorithmId, Certificate } from './x509.ts';

export const MAX_CHAIN_LENGTH = 8;

export interface ChainResult {
  /** Leaf first, anchor last (when anchored). */
  path: Certificate[];
  anchored: boolean;
  errors: ReportError[];
}

export interface SignedObject {
  tbs: Uint8Array;
  signatureAlgorithm: AlgorithmId;
  signatureValue: Uint8Array;
}

/** Verifies that `issuer`'s key signed `obj` (a certificate, CRL or OCSP response); a coded error or null. */
// Signatures that verified: the same bytes under the same key always verify (failures are not kept).
const verified = new BoundedMemo<true>(8192);

// The same parsed object (a memoised certificate, a reused OCSP answer: never changed after
// parsing) checked again against the same issuer object is found by identity, without hashing
// its bytes; a few issuers are kept per object.
const verifiedObjects = new WeakMap<Uint8Array, { issuer: Certificate; alg: AlgorithmId; sig: Uint8Array }[]>();

function verifiedBefore(obj: SignedObject, issuer: Certificate): boolean {
  const seen = verifiedObjects.get(obj.tbs);
  if (seen) for (const v of seen) if (v.issuer === issuer && v.alg === obj.signatureAlgorithm && v.sig === obj.signatureValue) return true;
  return false;
}

function rememberVerified(obj: SignedObject, issuer: Certificate): void {
  let seen = verifiedObjects.get(obj.tbs);
  if (!seen) verifiedObjects.set(obj.tbs, (seen = []));
  if (seen.length >= 4) seen.shift();
  seen.push({ issuer, alg: obj.signatureAlgorithm, sig: obj.signatureValue });
}

export function checkSignedBy(obj: SignedObject, what: string, issuer: Certificate): ReportError | null {
  if (verifiedBefore(obj, issuer)) return null;
  const key = bytesKey(issuer.fingerprint, obj.signatureAlgorithm.oid, obj.signatureAlgorithm.params ?? '', obj.tbs, obj.signatureValue);
  if (verified.get(key)) {
    rememberVerified(obj, issuer);
    return null;
  }
  try {
    if (verifySignature(publicKeyOf(issuer), obj.signatureAlgorithm, undefined, obj.tbs, obj.signatureValue)) {
      verified.set(key, true);
      rememberVerified(obj, issuer);
      return null;
    }
    return reportError('CERT_SIGNATURE_INVALID', `the signature of ${what} does not verify with the key of "${issuer.subject.text}"`);
  } catch (err) {
    if (isAppError(err)) return reportError(err.code === 'PKI_UNSUPPORTED_ALGORITHM' ? 'ALGORITHM_UNSUPPORTED' : 'CERT_SIGNATURE_INVALID', err.message);
    throw err;
  }
}

export function checkIssuedBy(cert: Certificate, issuer: Certificate): ReportError | null {
  return checkSignedBy(cert, `"${cert.subject.text}" (serial ${cert.serialNumber})`, issuer);
}

/** The certificates among `certs` whose subject is `cert`'s issuer (as `CertPool.issuersOf`; a few certificates need no index). */
function issuersAmong(certs: Certificate[], cert: Certificate): Certificate[] {
  const name = cert.issuer.der;
  const out: Certificate[] = [];
  for (const c of certs) {
    const subject = c.subject.der;
    if (subject.length !== name.length || Buffer.compare(subject, name) !== 0) continue;
    if (keyIdsAllow(c, cert)) out.push(c);
  }
  return out;
}

function search(path: Certificate[], extra: Certificate[], trust: TrustStore, errors: ReportError[]): Certificate[] | null {
  const cur = path[path.length - 1];
  if (trust.isAnchor(cur)) return path;
  if (path.length >= MAX_CHAIN_LENGTH) {
    errors.push(reportError('CHAIN_TOO_LONG', `no trust anchor within ${MAX_CHAIN_LENGTH} certificates`));
    return null;
  }
  const seen = new Set<string>();
  const candidates = [...trust.pool.issuersOf(cur), ...issuersAmong(extra, cur)]
    .filter((c) => (seen.has(c.fingerprint) ? false : (seen.add(c.fingerprint), true)))
    .sort((a, b) => Number(trust.isAnchor(b)) - Number(trust.isAnchor(a)));
  if (candidates.length === 0 || (candidates.length === 1 && candidates[0].fingerprint === cur.fingerprint)) {
    errors.push(reportError('CHAIN_UNTRUSTED', `no trusted issuer found for "${cur.subject.text}" (issuer "${cur.issuer.text}")`));
    return null;
  }
  for (const cand of candidates) {
    if (cand.fingerprint === cur.fingerprint) continue; // a self-signed certificate that is not an anchor
    if (path.some((p) => p.fingerprint === cand.fingerprint)) {
      errors.push(reportError('CHAIN_LOOP', `certificate "${cand.subject.text}" appears twice in the path`));
      continue;
    }
    // Links inside the (static) trust store are verified once per process.
    const internal = trust.pool.has(cur) && trust.pool.has(cand);
    const link = internal ? `${cur.fingerprint}>${cand.fingerprint}` : '';
    if (!(internal && trust.verifiedLinks.has(link))) {
      const bad = checkIssuedBy(cur, cand);
      if (bad) {
        errors.push(bad);
        continue;
      }
      if (internal) trust.verifiedLinks.add(link);
    }
    const found = search([...path, cand], extra, trust, errors);
    if (found) return found;
  }
  return null;
}

/** Builds and validates the path of `leaf` at `time`. */
export function buildChain(leaf: Certificate, extra: Certificate[], trust: TrustStore, time: Date): ChainResult {
  const searchErrors: ReportError[] = [];
  const path = search([leaf], extra, trust, searchErrors);
  if (!path) {
    // The most telling error first: a bad signature or loop explains more than "untrusted".
    const order = ['CERT_SIGNATURE_INVALID', 'CHAIN_LOOP', 'ALGORITHM_UNSUPPORTED', 'CHAIN_TOO_LONG', 'CHAIN_UNTRUSTED'];
    const sorted = [...searchErrors].sort((a, b) => order.indexOf(a.code) - order.indexOf(b.code));
    const unique = sorted.filter((e, i) => sorted.findIndex((x) => x.code === e.code && x.message === e.message) === i);
    if (!unique.some((e) => e.code === 'CHAIN_UNTRUSTED')) unique.push(reportError('CHAIN_UNTRUSTED', `no valid path from "${leaf.subject.text}" to a trust anchor`));
    return { path: [leaf], anchored: false, errors: unique };
  }
  const errors: ReportError[] = [];
  const t = time.getTime();
  for (const c of path) {
    if (t > c.notAfter.getTime()) errors.push(reportError('CERT_EXPIRED', `"${c.subject.text}" expired ${c.notAfter.toISOString()}, before ${time.toISOString()}`));
    else if (t < c.notBefore.getTime()) errors.push(reportError('CERT_NOT_YET_VALID', `"${c.subject.text}" is valid from ${c.notBefore.toISOString()}, after ${time.toISOString()}`));
  }
  for (let i = 1; i < path.length; i++) {
    const ca = path[i];
    const anchor = trust.isAnchor(ca);
    const notCa = ca.basicConstraints ? !ca.basicConstraints.ca : !anchor && ca.version >= 3;
    const noSignBit = ca.keyUsage !== undefined && !ca.keyUsage.includes('keyCertSign');
    const pathLenExceeded = ca.basicConstraints?.pathLen !== undefined && i - 1 > ca.basicConstraints.pathLen;
    if (notCa || noSignBit || pathLenExceeded) {
      const why = notCa ? 'is not a CA' : noSignBit ? 'may not sign certificates (key usage)' : 'exceeds its path length';
      errors.push(reportError('CA_NOT_AUTHORISED', `"${ca.subject.text}" ${why}`));
    }
  }
  return { path, anchored: true, errors };
}
