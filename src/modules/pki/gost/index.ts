/**
 * GOST algorithms of the Kazakh NCA: hashes (GOST R 34.11-94 test S-box, Streebog-256/512),
 * signatures (GOST 34.310-2004 = R 34.10-2001 on CryptoPro-A; GOST 34.10-2015 256/512-bit),
 * OIDs, raw public keys from SPKI, and the Kalkan PKCS#12 key reader.
 *
 * Byte layout everywhere (fixtures README): public key x‖y and signature r‖s, each
 * little-endian; the digest bytes are read as a little-endian integer.
 */
import { AppError } from '../../../shared/errors.ts';
import { findCurve, type KnownCurveName } from './curves.ts';
import { Gost94 } from './gost94.ts';
import { algorithmByOid, type GostAlgorithmInfo as Info, type GostHashAlg as HashAlg } from './oids.ts';
import { readKalkanP12 as readP12 } from './p12.ts';
import { generateKey, publicKeyOf, sign, verify } from './sign.ts';
import { publicKeyFromCertificate, publicKeyFromSpki } from './spki.ts';
import { Streebog } from './streebog.ts';

export type GostHashAlg = HashAlg;
export type GostCurveName = KnownCurveName | (string & {});
export type GostAlgorithmInfo = Info;
export { OID as GOST_OID, GOST_ALGORITHMS, CURVE_BY_OID as GOST_CURVE_BY_OID, HASH_BY_OID as GOST_HASH_BY_OID } from './oids.ts';

/** Incremental hashing, for large or streamed content. */
export interface GostHasher {
  readonly outputLength: number;
  update(data: Uint8Array): GostHasher;
  digest(): Uint8Array;
}

export function createGostHash(alg: GostHashAlg): GostHasher {
  switch (alg) {
    case 'gost94-test':
      return new Gost94();
    case 'streebog256':
      return new Streebog(256);
    case 'streebog512':
      return new Streebog(512);
    default:
      throw new AppError('PKI_UNSUPPORTED_ALGORITHM', { detail: `unknown GOST hash ${JSON.stringify(alg)}` });
  }
}

export function gostHash(alg: GostHashAlg, data: Uint8Array): Uint8Array {
  return createGostHash(alg).update(data).digest();
}

/** Lookup by public key algorithm OID, signature algorithm OID or hash OID (also a curve OID); undefined when not a GOST OID. */
export function gostAlgorithmByOid(oid: string): GostAlgorithmInfo | undefined {
  return algorithmByOid(oid);
}

/** Whether the curve name is one this module implements. */
export function isGostCurve(curve: string): curve is KnownCurveName {
  return findCurve(curve) !== undefined;
}

/**
 * Verify: publicKey = x‖y little-endian as found in the certificate's SubjectPublicKeyInfo
 * BIT STRING after unwrapping the inner OCTET STRING; signature r‖s little-endian as in CMS
 * SignerInfo.signature; digest = the hash output bytes (interpreted little-endian).
 * False for any bad signature or key (wrong length, off-curve, r or s out of range);
 * throws PKI_UNSUPPORTED_ALGORITHM only for an unknown curve name.
 */
export function gostVerify(curve: GostCurveName, publicKey: Uint8Array, digest: Uint8Array, signature: Uint8Array): boolean {
  return verify(curve, publicKey, digest, signature);
}

/** Signature r‖s little-endian, with a fresh random k. */
export function gostSign(curve: GostCurveName, privateKeyLE: Uint8Array, digest: Uint8Array): Uint8Array {
  return sign(curve, privateKeyLE, digest);
}

/** x‖y little-endian of d·G. */
export function gostPublicKey(curve: GostCurveName, privateKeyLE: Uint8Array): Uint8Array {
  return publicKeyOf(curve, privateKeyLE);
}

export function gostGenerateKey(curve: GostCurveName): { privateKey: Uint8Array; publicKey: Uint8Array } {
  return generateKey(curve);
}

/**
 * The raw public key (x‖y little-endian) and algorithm of a DER SubjectPublicKeyInfo; the
 * curve and hash come from the SPKI parameters when present. Throws PKI_UNSUPPORTED_ALGORITHM
 * for a non-GOST key, PKI_MALFORMED for bad DER.
 */
export function gostPublicKeyFromSpki(spkiDer: Uint8Array): { publicKey: Uint8Array; info: GostAlgorithmInfo } {
  const { publicKey, info } = publicKeyFromSpki(spkiDer);
  return { publicKey, info };
}

/** The same, from a whole DER X.509 certificate. */
export function gostPublicKeyFromCertificate(certDer: Uint8Array): { publicKey: Uint8Array; info: GostAlgorithmInfo } {
  const { publicKey, info } = publicKeyFromCertificate(certDer);
  return { publicKey, info };
}

/**
 * Kalkan PKCS#12 reader: returns the GOST private key (d little-endian), its certificate(s)
 * DER (the one matching d first), and checks d·G matches the certificate.
 * Throws PKI_KEY_UNREADABLE (wrong password, damaged file, no GOST key), PKI_KEY_MISMATCH.
 */
export function readKalkanP12(der: Uint8Array, password: string): { privateKey: Uint8Array; curve: GostCurveName; certificates: Uint8Array[] } {
  return readP12(der, password);
}
