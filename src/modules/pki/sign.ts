/**
 * Signing keys: from PKCS#12 (RSA and ECDSA through node-forge's container reader; GOST,
 * including Kalkan's layout, through ./gost) or from PEM. Before a key is used it signs a
 * probe that the certificate's public key must verify: a key that does not belong to its
 * certificate is refused (PKI_KEY_MISMATCH) instead of producing signatures nobody accepts.
 * Passwords are parameters only: never logged, never part of an error message.
 */
import { constants, createPrivateKey, createPublicKey, randomBytes, sign as nodeSign, type KeyObject } from 'node:crypto';
import forge from 'node-forge';
import { AppError, isAppError } from '../../shared/errors.ts';
import { publicKeyOf, verifySignature } from './algorithms.ts';
import type { CmsSigner } from './cms-sign.ts';
import { Cursor, readOid, rootTlv } from './der.ts';
import { algId, ctx, int, seq } from './der-write.ts';
import { isGostOid, loadGost } from './gost-bridge.ts';
import { HASH_OID_BY_NAME, OID } from './oids.ts';
import { pemBlocks } from './pem.ts';
import { openPkcs12 } from './pkcs12-open.ts';
import { parseCertificate, type Certificate } from './x509.ts';

export type HashName = 'sha256' | 'sha384' | 'sha512';

export interface SignerOptions {
  /** Hash for RSA/ECDSA; default SHA-256 (SHA-384 for P-384). GOST fixes its own hash. */
  hash?: HashName;
  /** RSA-PSS instead of PKCS#1 v1.5. */
  pss?: boolean;
}

function checkPair(signer: CmsSigner): CmsSigner {
  const probe = randomBytes(32);
  let ok = false;
  try {
    ok = verifySignature(publicKeyOf(signer.certificate), { oid: signer.signatureAlgorithm.oid, params: signer.signatureAlgorithm.params ?? undefined }, signer.digestAlgorithm, probe, signer.sign(probe));
  } catch (err) {
    if (isAppError(err) && err.code === 'PKI_UNSUPPORTED_ALGORITHM') throw err;
    ok = false;
  }
  if (!ok) throw new AppError('PKI_KEY_MISMATCH', { detail: `the private key does not match certificate ${signer.certificate.serialNumber}` });
  return signer;
}

/** A signer for an RSA or EC private key (Node KeyObject). */
export function nodeSigner(key: KeyObject, certificate: Certificate, chain: Certificate[] = [], opts: SignerOptions = {}): CmsSigner {
  const type = key.asymmetricKeyType;
  if (type === 'ec') {
    const curve = key.asymmetricKeyDetails?.namedCurve;
    const hash = opts.hash ?? (curve === 'secp384r1' ? 'sha384' : 'sha256');
    const sigOid = { sha256: OID.ecdsaSha256, sha384: OID.ecdsaSha384, sha512: OID.ecdsaSha512 }[hash];
    return checkPair({ certificate, chain, digestAlgorithm: HASH_OID_BY_NAME[hash], signatureAlgorithm: { oid: sigOid }, sign: (d) => nodeSign(hash, d, key) });
  }
  if (type === 'rsa' || type === 'rsa-pss') {
    const hash = opts.hash ?? 'sha256';
    const hashOid = HASH_OID_BY_NAME[hash];
    if (opts.pss || type === 'rsa-pss') {
      const saltLength = { sha256: 32, sha384: 48, sha512: 64 }[hash];
      const params = seq(ctx(0, algId(hashOid, null)), ctx(1, algId(OID.mgf1, algId(hashOid, null))), ctx(2, int(saltLength)));
      return checkPair({
        certificate, chain, digestAlgorithm: hashOid, signatureAlgorithm: { oid: OID.rsaPss, params },
        sign: (d) => nodeSign(hash, d, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength }),
      });
    }
    const sigOid = { sha256: OID.sha256WithRSA, sha384: OID.sha384WithRSA, sha512: OID.sha512WithRSA }[hash];
    return checkPair({ certificate, chain, digestAlgorithm: hashOid, signatureAlgorithm: { oid: sigOid, params: null }, sign: (d) => nodeSign(hash, d, key) });
  }
  throw new AppError('PKI_UNSUPPORTED_ALGORITHM', { detail: `unsupported private key type ${type}` });
}

/** A signer for a GOST private scalar (32/64 bytes, little-endian) and its certificate. */
export async function gostSigner(privateKeyLE: Uint8Array, certificate: Certificate, chain: Certificate[] = []): Promise<CmsSigner> {
  const g = await loadGost();
  if (!g) throw new AppError('PKI_UNSUPPORTED_ALGORITHM', { detail: `GOST support is not available for key ${certificate.publicKeyAlgorithm.oid}` });
  const { info } = g.gostPublicKeyFromSpki(certificate.spki);
  const d = Uint8Array.from(privateKeyLE);
  return checkPair({
    certificate, chain, digestAlgorithm: info.hashOid, digestParamsNull: true, signatureAlgorithm: { oid: info.signatureOid, params: null },
    sign: (data) => g.gostSign(info.curve, d, g.gostHash(info.hash, data)),
  });
}

/** Picks the certificate that belongs to the key; the rest become the chain. */
async function pairWithCertificate(certs: Certificate[], make: (c: Certificate) => CmsSigner | Promise<CmsSigner>): Promise<CmsSigner> {
  let lastErr: unknown = new AppError('PKI_KEY_UNREADABLE', { detail: 'no certificate in the key container' });
  for (const c of certs) {
    try {
      const s = await make(c);
      s.chain = certs.filter((x) => x !== c);
      return s;
    } catch (err) {
      lastErr = err;
    }
  }
  throw lastErr;
}

function privateKeyInfoOid(pkcs8: Uint8Array): string {
  const c = new Cursor(pkcs8, rootTlv(pkcs8, 0x30, 'PrivateKeyInfo'), 'PrivateKeyInfo');
  c.next(0x02);
  return readOid(pkcs8, new Cursor(pkcs8, c.next(0x30), 'privateKeyAlgorithm').next(0x06));
}

/** A signer from a PKCS#12 file (RSA, ECDSA, GOST incl. Kalkan). Wrong password: PKI_KEY_UNREADABLE. */
export async function loadP12Signer(der: Uint8Array, password: string, opts: SignerOptions = {}): Promise<CmsSigner> {
  let p12: forge.pkcs12.Pkcs12Pfx;
  try {
    p12 = openPkcs12(forge, der, password, false);
  } catch (err) {
    throw new AppError('PKI_KEY_UNREADABLE', { detail: `PKCS#12 cannot be opened: ${(err as Error).message.replace(password, '***')}` });
  }
  const bags = p12.safeContents.flatMap((sc) => sc.safeBags);
  const certs = bags.filter((b) => b.type === forge.pki.oids.certBag).map((b) =>
    parseCertificate(Buffer.from(forge.asn1.toDer(b.asn1 ?? forge.pki.certificateToAsn1(b.cert!)).getBytes(), 'binary')));
  const keyBag = bags.find((b) => b.type === forge.pki.oids.pkcs8ShroudedKeyBag || b.type === forge.pki.oids.keyBag);
  if (!keyBag) throw new AppError('PKI_KEY_UNREADABLE', { detail: 'PKCS#12 holds no private key' });
  const pkcs8 = keyBag.key
    ? Buffer.from(forge.asn1.toDer(forge.pki.wrapRsaPrivateKey(forge.pki.privateKeyToAsn1(keyBag.key))).getBytes(), 'binary')
    : Buffer.from(forge.asn1.toDer(keyBag.asn1!).getBytes(), 'binary');
  const alg = privateKeyInfoOid(pkcs8);
  if (isGostOid(alg)) {
    const g = await loadGost();
    if (!g) throw new AppError('PKI_UNSUPPORTED_ALGORITHM', { detail: `GOST support is not available for key ${alg}` });
    let k: ReturnType<typeof g.readKalkanP12>;
    try {
      k = g.readKalkanP12(der, password);
    } catch (err) {
      throw isAppError(err) ? err : new AppError('PKI_KEY_UNREADABLE', { detail: 'GOST key container cannot be read' });
    }
    const all = [...certs, ...k.certificates.map((c) => parseCertificate(c))];
    const unique = all.filter((c, i) => all.findIndex((x) => x.fingerprint === c.fingerprint) === i);
    return pairWithCertificate(unique, (c) => gostSigner(k.privateKey, c));
  }
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' });
  } catch {
    throw new AppError('PKI_UNSUPPORTED_ALGORITHM', { detail: `unsupported private key algorithm ${alg}` });
  }
  return pairWithCertificate(certs, (c) => nodeSigner(key, c, [], opts));
}

/** A signer from PEM: a private key (encrypted with `password` if given) and certificate(s). */
export async function loadPemSigner(keyPem: Uint8Array | string, certPem: Uint8Array | string, password?: string, opts: SignerOptions = {}): Promise<CmsSigner> {
  const certs = pemBlocks(certPem).filter((b) => b.label === 'CERTIFICATE').map((b) => parseCertificate(b.der));
  if (certs.length === 0) throw new AppError('PKI_MALFORMED', { detail: 'no PEM CERTIFICATE block' });
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: Buffer.from(keyPem), format: 'pem', passphrase: password });
  } catch {
    throw new AppError('PKI_KEY_UNREADABLE', { detail: 'PEM private key cannot be read (wrong password or format)' });
  }
  createPublicKey(key); // fails early for key types without a public half
  return pairWithCertificate(certs, (c) => nodeSigner(key, c, [], opts));
}
