/**
 * Signature and digest algorithms by OID. RSA (PKCS#1 v1.5, PSS) and ECDSA go to Node's
 * native crypto (OpenSSL); GOST goes to ./gost through the bridge. Anything else is a coded
 * PKI_UNSUPPORTED_ALGORITHM error naming the OID — never a silent "invalid".
 */
import { constants, createHash, createPublicKey, verify as nodeVerify, type KeyObject } from 'node:crypto';
import { AppError } from '../../shared/errors.ts';
import { Cursor, readOid, readSmallInt, readTlv, rootTlv } from './der.ts';
import { gostApi, gostLoadError, isGostOid, type GostAlgorithmInfo } from './gost-bridge.ts';
import { NODE_HASH, OID } from './oids.ts';
import type { AlgorithmId, Certificate } from './x509.ts';

export type PublicKey =
  | { kind: 'node'; type: 'rsa' | 'rsa-pss' | 'ec'; key: KeyObject }
  | { kind: 'gost'; xy: Uint8Array; info: GostAlgorithmInfo };

export function unsupported(oid: string, what: string): AppError {
  const extra = isGostOid(oid) && !gostApi() ? ` (GOST support not loaded: ${gostLoadError() ?? 'not yet loaded'})` : '';
  return new AppError('PKI_UNSUPPORTED_ALGORITHM', { detail: `unsupported ${what} algorithm ${oid}${extra}` });
}

// Creating a KeyObject costs more than the RSA verification itself, and the same CA and
// signer keys recur, so keys are memoised by their SPKI bytes (bounded, oldest dropped).
const keyCache = new Map<string, PublicKey>();
const KEY_CACHE_MAX = 2048;

// And kept beside the certificate object (not changed after parsing), found without the SPKI key.
const keyOfCertificate = new WeakMap<Certificate, PublicKey>();

export function publicKeyOf(cert: Certificate): PublicKey {
  const known = keyOfCertificate.get(cert);
  if (known) return known;
  const cacheKey = Buffer.from(cert.spki.buffer, cert.spki.byteOffset, cert.spki.length).toString('latin1');
  const hit = keyCache.get(cacheKey);
  if (hit) {
    keyOfCertificate.set(cert, hit);
    return hit;
  }
  const alg = cert.publicKeyAlgorithm.oid;
  let pk: PublicKey;
  if (alg === OID.rsaEncryption || alg === OID.rsaPss || alg === OID.ecPublicKey) {
    let key: KeyObject;
    try {
      key = createPublicKey({ key: Buffer.from(cert.spki), format: 'der', type: 'spki' });
    } catch (err) {
      throw new AppError('PKI_MALFORMED', { detail: `public key of certificate ${cert.serialNumber} cannot be read`, cause: err });
    }
    pk = { kind: 'node', type: alg === OID.ecPublicKey ? 'ec' : alg === OID.rsaPss ? 'rsa-pss' : 'rsa', key };
  } else if (isGostOid(alg) && gostApi()) {
    try {
      const { publicKey, info } = gostApi()!.gostPublicKeyFromSpki(cert.spki);
      pk = { kind: 'gost', xy: publicKey, info };
    } catch (err) {
      if (err instanceof AppError) throw err;
      throw unsupported(alg, 'public key');
    }
  } else throw unsupported(alg, 'public key');
  if (keyCache.size >= KEY_CACHE_MAX) keyCache.delete(keyCache.keys().next().value as string);
  keyCache.set(cacheKey, pk);
  keyOfCertificate.set(cert, pk);
  return pk;
}

/** Digest by hash OID (SHA family natively, GOST hashes through ./gost). */
export function digest(hashOid: string, data: Uint8Array): Uint8Array {
  const node = NODE_HASH[hashOid];
  if (node) return createHash(node).update(data).digest();
  const g = gostApi();
  const info = isGostOid(hashOid) && g ? g.gostAlgorithmByOid(hashOid) : undefined;
  if (g && info && info.hashOid === hashOid) return g.gostHash(info.hash, data);
  throw unsupported(hashOid, 'digest');
}

const RSA_HASH: Record<string, string> = {
  [OID.sha1WithRSA]: 'sha1', [OID.sha224WithRSA]: 'sha224', [OID.sha256WithRSA]: 'sha256', [OID.sha384WithRSA]: 'sha384', [OID.sha512WithRSA]: 'sha512',
};
const ECDSA_HASH: Record<string, string> = { [OID.ecdsaSha256]: 'sha256', [OID.ecdsaSha384]: 'sha384', [OID.ecdsaSha512]: 'sha512' };

/** RSASSA-PSS-params (RFC 4055): hash, MGF1 hash (must equal it: Node ties them), salt. */
export function readPssParams(params: Uint8Array | undefined): { hash: string; saltLength: number } {
  let hash = OID.sha1 as string;
  let mgfHash = OID.sha1 as string;
  let saltLength = 20;
  if (params && !(params.length === 2 && params[0] === 0x05)) {
    const c = new Cursor(params, rootTlv(params, 0x30, 'RSASSA-PSS-params'), 'RSASSA-PSS-params');
    const h = c.optional(0xa0);
    if (h) hash = readOid(params, new Cursor(params, readTlv(params, h.valueStart, h.end), 'hashAlgorithm').next(0x06));
    const m = c.optional(0xa1);
    if (m) {
      const mc = new Cursor(params, readTlv(params, m.valueStart, m.end), 'maskGenAlgorithm');
      if (readOid(params, mc.next(0x06)) !== OID.mgf1) throw unsupported('mask generation', 'PSS');
      mgfHash = readOid(params, new Cursor(params, mc.next(0x30), 'mgf1 hash').next(0x06));
    }
    const s = c.optional(0xa2);
    if (s) saltLength = readSmallInt(params, readTlv(params, s.valueStart, s.end));
  }
  const node = NODE_HASH[hash];
  if (!node || mgfHash !== hash) throw unsupported(`${OID.rsaPss} with hash ${hash}/MGF1 ${mgfHash}`, 'signature');
  if (saltLength < 0 || saltLength > 512) throw new AppError('PKI_MALFORMED', { detail: `PSS salt length ${saltLength}` });
  return { hash: node, saltLength };
}

/**
 * Verifies `signature` over `data` (the hash is computed here). `digestOid` is the CMS
 * SignerInfo digestAlgorithm, used when the signature OID names only the key type.
 * Returns false for a wrong signature; throws PKI_UNSUPPORTED_ALGORITHM for an unknown one.
 */
export function verifySignature(key: PublicKey, sigAlg: AlgorithmId, digestOid: string | undefined, data: Uint8Array, signature: Uint8Array): boolean {
  const oid = sigAlg.oid;
  if (key.kind === 'gost') {
    const g = gostApi()!;
    const info = g.gostAlgorithmByOid(oid);
    if (!info || info.family !== key.info.family) throw unsupported(oid, 'signature');
    const hashInfo = digestOid && isGostOid(digestOid) ? g.gostAlgorithmByOid(digestOid) : undefined;
    const hashAlg = hashInfo && hashInfo.hashOid === digestOid ? hashInfo.hash : info.hash;
    try {
      return g.gostVerify(key.info.curve, key.xy, g.gostHash(hashAlg, data), signature);
    } catch {
      return false;
    }
  }
  let hash: string | undefined;
  let opts: { key: KeyObject; padding?: number; saltLength?: number } = { key: key.key };
  if (key.type === 'ec') {
    hash = ECDSA_HASH[oid] ?? (oid === OID.ecPublicKey && digestOid ? NODE_HASH[digestOid] : undefined);
  } else if (oid === OID.rsaPss) {
    const pss = readPssParams(sigAlg.params);
    hash = pss.hash;
    opts = { key: key.key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: pss.saltLength };
  } else if (key.type === 'rsa') {
    hash = RSA_HASH[oid] ?? (oid === OID.rsaEncryption && digestOid ? NODE_HASH[digestOid] : undefined);
  }
  if (!hash) throw unsupported(oid, 'signature');
  try {
    return nodeVerify(hash, data, opts, signature);
  } catch {
    return false; // malformed signature encodings (e.g. a damaged ECDSA DER) are just wrong
  }
}
