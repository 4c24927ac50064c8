/**
 * The GOST algorithms live in ./gost (built separately). This bridge loads them lazily so the
 * rest of the module works — RSA and ECDSA in full, GOST as a coded "unsupported algorithm"
 * error — whether or not that code is present, and so the import cost is paid only once.
 */
export type GostHashAlg = 'gost94-test' | 'streebog256' | 'streebog512';

export interface GostAlgorithmInfo {
  family: '2004' | '2015-256' | '2015-512';
  curve: string;
  hash: GostHashAlg;
  keyOid: string;
  signatureOid: string;
  hashOid: string;
}

export interface GostApi {
  gostHash(alg: GostHashAlg, data: Uint8Array): Uint8Array;
  gostAlgorithmByOid(oid: string): GostAlgorithmInfo | undefined;
  gostVerify(curve: string, publicKeyXYLE: Uint8Array, digest: Uint8Array, signatureRSLE: Uint8Array): boolean;
  gostSign(curve: string, privateKeyLE: Uint8Array, digest: Uint8Array): Uint8Array;
  gostPublicKeyFromSpki(spkiDer: Uint8Array): { publicKey: Uint8Array; info: GostAlgorithmInfo };
  readKalkanP12(der: Uint8Array, password: string): { privateKey: Uint8Array; curve: string; certificates: Uint8Array[] };
}

let api: GostApi | null = null;
let loading: Promise<GostApi | null> | undefined;
let loadError: string | undefined;

/** Loads ./gost/index.ts once; resolves to null when it is absent or fails to load. */
export function loadGost(): Promise<GostApi | null> {
  loading ??= import(new URL('./gost/index.ts', import.meta.url).href).then(
    (m: unknown) => {
      const g = m as Partial<GostApi>;
      if (typeof g.gostVerify !== 'function' || typeof g.gostHash !== 'function' || typeof g.gostAlgorithmByOid !== 'function') {
        loadError = 'gost module lacks the expected API';
        return null;
      }
      api = g as GostApi;
      return api;
    },
    (err: unknown) => {
      loadError = (err as Error)?.message ?? String(err);
      return null;
    },
  );
  return loading;
}

/** The loaded API (after loadGost resolved), or null. */
export function gostApi(): GostApi | null {
  return api;
}

export function gostLoadError(): string | undefined {
  return loadError;
}

/** Kazakh GOST OIDs (keys, signatures, hashes) all sit under 1.2.398.3.10. */
export function isGostOid(oid: string): boolean {
  return oid.startsWith('1.2.398.3.10.');
}
