/**
 * Kazakh (KNCA arc 1.2.398.3.10) object identifiers of the GOST algorithms.
 *
 * Checked on the NCA test material in shared/fixtures/nca-test: 2015-512 key / signature /
 * curve / hash, the 2004 key / signature / curve 1.2.398.3.10.1.1.1.1.1 / hash parameters
 * 1.2.398.3.10.1.3.1.1.0, and the GOST 34.11-94 digest OID 1.2.398.3.10.1.3.1 (the timestamp
 * token's digestAlgorithm). The 2015-256 OIDs (key .1.1.2.1, curve .1.1.2.1.1, signature
 * .1.1.2.3.1, Streebog-256 .1.3.2) come from Kalkan-based open-source code: no test material.
 */
import type { KnownCurveName } from './curves.ts';

export type GostHashAlg = 'gost94-test' | 'streebog256' | 'streebog512';
export type GostFamily = '2004' | '2015-256' | '2015-512';

export interface GostAlgorithmInfo {
  family: GostFamily;
  curve: KnownCurveName;
  hash: GostHashAlg;
  keyOid: string;
  signatureOid: string;
  hashOid: string;
}

export const OID = {
  gost2004Key: '1.2.398.3.10.1.1.1.1',
  gost2004Signature: '1.2.398.3.10.1.1.1.2',
  gost2004CurveA: '1.2.398.3.10.1.1.1.1.1',
  gost2015_256Key: '1.2.398.3.10.1.1.2.1',
  gost2015_256CurveA: '1.2.398.3.10.1.1.2.1.1',
  gost2015_512Key: '1.2.398.3.10.1.1.2.2',
  gost2015_512CurveA: '1.2.398.3.10.1.1.2.2.1',
  gost2015_256Signature: '1.2.398.3.10.1.1.2.3.1',
  gost2015_512Signature: '1.2.398.3.10.1.1.2.3.2',
  gost94Hash: '1.2.398.3.10.1.3.1',
  /** The digest parameter set named in 2004 SubjectPublicKeyInfo parameters (test S-box). */
  gost94HashParams: '1.2.398.3.10.1.3.1.1.0',
  streebog256: '1.2.398.3.10.1.3.2',
  streebog512: '1.2.398.3.10.1.3.3',
} as const;

export const GOST_ALGORITHMS: readonly GostAlgorithmInfo[] = [
  {
    family: '2004',
    curve: 'cryptopro-a',
    hash: 'gost94-test',
    keyOid: OID.gost2004Key,
    signatureOid: OID.gost2004Signature,
    hashOid: OID.gost94Hash,
  },
  {
    family: '2015-256',
    curve: 'tc26-256-a',
    hash: 'streebog256',
    keyOid: OID.gost2015_256Key,
    signatureOid: OID.gost2015_256Signature,
    hashOid: OID.streebog256,
  },
  {
    family: '2015-512',
    curve: 'tc26-512-a',
    hash: 'streebog512',
    keyOid: OID.gost2015_512Key,
    signatureOid: OID.gost2015_512Signature,
    hashOid: OID.streebog512,
  },
];

/** Curve parameter-set OIDs (found in SubjectPublicKeyInfo parameters) → curve. */
export const CURVE_BY_OID: Readonly<Record<string, KnownCurveName>> = {
  [OID.gost2004CurveA]: 'cryptopro-a',
  [OID.gost2015_256CurveA]: 'tc26-256-a',
  [OID.gost2015_512CurveA]: 'tc26-512-a',
};

/** Hash OIDs → algorithm (the 2004 parameter-set OID names the same hash). */
export const HASH_BY_OID: Readonly<Record<string, GostHashAlg>> = {
  [OID.gost94Hash]: 'gost94-test',
  [OID.gost94HashParams]: 'gost94-test',
  [OID.streebog256]: 'streebog256',
  [OID.streebog512]: 'streebog512',
};

export function algorithmByOid(oid: string): GostAlgorithmInfo | undefined {
  const info =
    GOST_ALGORITHMS.find((a) => a.keyOid === oid || a.signatureOid === oid || a.hashOid === oid) ??
    (oid === OID.gost94HashParams ? GOST_ALGORITHMS[0] : undefined) ??
    GOST_ALGORITHMS.find((a) => CURVE_BY_OID[oid] === a.curve);
  return info ? { ...info } : undefined;
}
