/**
 * GOST for pkijs through its crypto-engine hook (issue 3, item 2): a `CryptoEngine` subclass
 * that knows the Kazakh GOST OIDs — GOST 34.310-2004 (key 1.2.398.3.10.1.1.1.1, signature
 * .1.1.1.2, hash GOST R 34.11-94 test S-box .1.3.1) and GOST 34.10-2015 256/512 (keys
 * .1.1.2.1/.2, signatures .1.1.2.3.1/.2, Streebog .1.3.2/.3) — and hands every other
 * algorithm to pkijs's default WebCrypto engine (`super`). With it installed, plain pkijs
 * `SignedData.verify`, `Certificate.verify(issuer)`, CRL/OCSP signature checks and
 * `SignedData.sign` work for NCA GOST material. The math is ./gost (little-endian layouts of
 * the fixtures README: key x‖y, signature r‖s, digest read as a little-endian integer).
 *
 *   import { installGostEngine } from './pkijs-gost-engine.ts';
 *   installGostEngine();                       // pkijs.setEngine(…) for this process
 *   await signedData.verify({ signer: 0, checkChain: false, data });
 */
import { webcrypto } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { gostAlgorithmByOid, gostHash, gostPublicKey, gostPublicKeyFromSpki, gostSign, gostVerify, GOST_ALGORITHMS, type GostAlgorithmInfo, type GostHashAlg } from './gost/index.ts';

/** WebCrypto-style names the engine uses for the GOST algorithms (matched case-insensitively). */
export const GOST_HASH_NAME: Readonly<Record<GostHashAlg, string>> = {
  'gost94-test': 'GOST-R-34.11-94-TEST',
  streebog256: 'STREEBOG-256',
  streebog512: 'STREEBOG-512',
};
export const GOST_SIGNATURE_NAME: Readonly<Record<GostAlgorithmInfo['family'], string>> = {
  '2004': 'GOST-34.310-2004',
  '2015-256': 'GOST-34.10-2015-256',
  '2015-512': 'GOST-34.10-2015-512',
};

const byHashName = new Map(GOST_ALGORITHMS.map((a) => [GOST_HASH_NAME[a.hash].toUpperCase(), a] as const));
const bySignatureName = new Map(GOST_ALGORITHMS.map((a) => [GOST_SIGNATURE_NAME[a.family].toUpperCase(), a] as const));

/** A GOST private key as pkijs handles keys (a CryptoKey look-alike; the scalar stays in a private field). */
export interface GostPrivateKey extends CryptoKey {
  readonly algorithm: KeyAlgorithm & { name: string; hash: { name: string }; namedCurve: string };
}

const privateScalars = new WeakMap<object, { d: Uint8Array; info: GostAlgorithmInfo }>();

/** Wraps a GOST private scalar (little-endian, as the Kalkan PKCS#12 holds it) for `SignedData.sign` and friends. */
export function gostPrivateKey(privateKeyLE: Uint8Array, keyOrSignatureOid: string): GostPrivateKey {
  const info = gostAlgorithmByOid(keyOrSignatureOid);
  if (!info) throw new Error(`not a GOST algorithm: ${keyOrSignatureOid}`);
  gostPublicKey(info.curve, privateKeyLE); // throws on a scalar that does not fit the curve
  const key = {
    type: 'private' as KeyType,
    extractable: false,
    usages: ['sign'] as KeyUsage[],
    algorithm: { name: GOST_SIGNATURE_NAME[info.family], hash: { name: GOST_HASH_NAME[info.hash] }, namedCurve: info.curve },
  };
  privateScalars.set(key, { d: Uint8Array.from(privateKeyLE), info });
  return Object.freeze(key) as unknown as GostPrivateKey;
}

function bytesOf(data: BufferSource): Uint8Array {
  if (data instanceof Uint8Array) return data;
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return new Uint8Array(data);
}

function toArrayBuffer(u: Uint8Array): ArrayBuffer {
  return u.buffer.slice(u.byteOffset, u.byteOffset + u.byteLength) as ArrayBuffer;
}

function algorithmName(algorithm: AlgorithmIdentifier | string): string {
  return (typeof algorithm === 'string' ? algorithm : algorithm.name).toUpperCase();
}

export class GostCryptoEngine extends pkijs.CryptoEngine {
  constructor(params: Partial<pkijs.CryptoEngineParameters> = {}) {
    super({ name: params.name ?? 'jashik GOST + WebCrypto', crypto: params.crypto ?? (webcrypto as unknown as Crypto) });
  }

  override getAlgorithmByOID<T extends Algorithm = Algorithm>(oid: string, safety?: boolean, target?: string): T | object;
  override getAlgorithmByOID<T extends Algorithm = Algorithm>(oid: string, safety: true, target?: string): T;
  override getAlgorithmByOID(oid: string, safety = false, target?: string): Algorithm | object {
    const info = gostAlgorithmByOid(oid);
    if (info) {
      if (oid === info.hashOid || oid === '1.2.398.3.10.1.3.1.1.0') return { name: GOST_HASH_NAME[info.hash] };
      return { name: GOST_SIGNATURE_NAME[info.family], hash: { name: GOST_HASH_NAME[info.hash] }, namedCurve: info.curve };
    }
    return super.getAlgorithmByOID(oid, safety, target);
  }

  override getOIDByAlgorithm(algorithm: Algorithm, safety = false, target?: string): string {
    const name = algorithm.name.toUpperCase();
    const hash = byHashName.get(name);
    if (hash) return hash.hashOid;
    const sig = bySignatureName.get(name);
    if (sig) return sig.signatureOid;
    return super.getOIDByAlgorithm(algorithm, safety, target);
  }

  override getHashAlgorithm(signatureAlgorithm: pkijs.AlgorithmIdentifier): string {
    const info = gostAlgorithmByOid(signatureAlgorithm.algorithmId);
    if (info) return GOST_HASH_NAME[info.hash];
    return super.getHashAlgorithm(signatureAlgorithm);
  }

  override async digest(algorithm: AlgorithmIdentifier, data: BufferSource): Promise<ArrayBuffer> {
    const info = byHashName.get(algorithmName(algorithm));
    if (info) return toArrayBuffer(gostHash(info.hash, bytesOf(data)));
    return super.digest(algorithm, data);
  }

  override async verifyWithPublicKey(
    data: BufferSource,
    signature: asn1js.BitString | asn1js.OctetString,
    publicKeyInfo: pkijs.PublicKeyInfo,
    signatureAlgorithm: pkijs.AlgorithmIdentifier,
    shaAlgorithm?: string,
  ): Promise<boolean> {
    const keyInfo = gostAlgorithmByOid(publicKeyInfo.algorithm.algorithmId);
    const sigInfo = signatureAlgorithm.algorithmId ? gostAlgorithmByOid(signatureAlgorithm.algorithmId) : undefined;
    if (!keyInfo && !sigInfo) return super.verifyWithPublicKey(data, signature, publicKeyInfo, signatureAlgorithm, shaAlgorithm);
    // A GOST signature needs a GOST key of the same family, and the other way round.
    if (!keyInfo || !sigInfo || keyInfo.family !== sigInfo.family) {
      throw new Error(`GOST: signature algorithm ${signatureAlgorithm.algorithmId} does not fit public key ${publicKeyInfo.algorithm.algorithmId}`);
    }
    const { publicKey, info } = publicKeyFromInfo(publicKeyInfo);
    const hash = shaAlgorithm ? byHashName.get(shaAlgorithm.toUpperCase())?.hash : info.hash;
    if (hash !== info.hash) throw new Error(`GOST: hash ${shaAlgorithm} does not fit ${GOST_SIGNATURE_NAME[info.family]}`);
    const sig = signature.valueBlock.valueHexView;
    return gostVerify(info.curve, publicKey, gostHash(info.hash, bytesOf(data)), sig);
  }

  override async getSignatureParameters(privateKey: CryptoKey, hashAlgorithm?: string): Promise<pkijs.CryptoEngineSignatureParams> {
    const held = privateScalars.get(privateKey);
    if (!held) return super.getSignatureParameters(privateKey, hashAlgorithm);
    const { info } = held;
    if (hashAlgorithm && byHashName.get(hashAlgorithm.toUpperCase())?.hash !== info.hash && hashAlgorithm.toUpperCase() !== 'SHA-1') {
      throw new Error(`GOST: ${GOST_SIGNATURE_NAME[info.family]} signs with ${GOST_HASH_NAME[info.hash]}, not ${hashAlgorithm}`);
    }
    return {
      signatureAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: info.signatureOid }),
      parameters: { algorithm: { name: GOST_SIGNATURE_NAME[info.family], hash: { name: GOST_HASH_NAME[info.hash] } } as Algorithm, usages: ['sign'] },
    };
  }

  override async signWithPrivateKey(data: BufferSource, privateKey: CryptoKey, parameters: pkijs.CryptoEngineSignWithPrivateKeyParams): Promise<ArrayBuffer> {
    const held = privateScalars.get(privateKey);
    if (!held) return super.signWithPrivateKey(data, privateKey, parameters);
    return toArrayBuffer(gostSign(held.info.curve, held.d, gostHash(held.info.hash, bytesOf(data))));
  }
}

/**
 * x‖y little-endian and the algorithm (curve from the SPKI parameters when present) of a
 * pkijs PublicKeyInfo, via ./gost's SPKI reader.
 */
function publicKeyFromInfo(publicKeyInfo: pkijs.PublicKeyInfo): { publicKey: Uint8Array; info: GostAlgorithmInfo } {
  return gostPublicKeyFromSpki(new Uint8Array(publicKeyInfo.toSchema().toBER(false)));
}

/** A GOST-capable engine (a fresh one unless given) installed as pkijs's process-wide engine; returns a function that puts the previous one back. */
export function installGostEngine(engine: GostCryptoEngine = new GostCryptoEngine()): () => void {
  const previous = pkijs.getEngine();
  pkijs.setEngine(engine.name, engine);
  return () => {
    if (previous.crypto) pkijs.setEngine(previous.name, previous.crypto);
  };
}
