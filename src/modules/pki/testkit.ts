/**
 * A throw-away PKI for tests and the benchmark: a CA with RSA or EC keys issuing NCA-shaped
 * leaf certificates, CRLs and OCSP responses. Not for production trust: every subject says TEST.
 */
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import type { CmsSigner } from './cms-sign.ts';
import { OID } from './oids.ts';
import { nodeSigner } from './sign.ts';
import { TrustStore } from './trust.ts';
import { issueCertificate, issueCrl, keySigner, ncaSubject, type CrlEntrySpec, type RawSigner } from './x509-build.ts';
import type { Certificate, KeyUsageName } from './x509.ts';

export type KeyAlg = 'rsa' | 'rsa-pss' | 'p256' | 'p384';

export function generateKey(alg: KeyAlg, bits = 2048): { privateKey: KeyObject; publicKey: KeyObject } {
  if (alg === 'p256' || alg === 'p384') return generateKeyPairSync('ec', { namedCurve: alg === 'p256' ? 'P-256' : 'P-384' });
  return generateKeyPairSync('rsa', { modulusLength: bits });
}

export const spkiOf = (k: KeyObject): Buffer => k.export({ type: 'spki', format: 'der' });

export const YEAR = 365 * 24 * 3600_000;

export interface TestCa {
  cert: Certificate;
  key: KeyObject;
  signer: RawSigner;
  trust: TrustStore;
}

let serial = BigInt(Date.now()) * 1000n;
export const nextSerial = (): bigint => ++serial;

export function makeCa(opts: { alg?: KeyAlg; name?: string; notBefore?: Date; notAfter?: Date; issuer?: TestCa } = {}): TestCa {
  const { privateKey, publicKey } = generateKey(opts.alg ?? 'rsa');
  const signer = opts.issuer ? opts.issuer.signer : keySigner(privateKey);
  const now = Date.now();
  const cert = issueCertificate({
    subject: [['CN', opts.name ?? 'JASHIK TEST CA'], ['C', 'KZ']], spki: spkiOf(publicKey), issuer: opts.issuer?.cert, signer,
    serialNumber: nextSerial(), notBefore: opts.notBefore ?? new Date(now - YEAR), notAfter: opts.notAfter ?? new Date(now + 5 * YEAR), ca: true,
  });
  return { cert, key: privateKey, signer: keySigner(privateKey), trust: new TrustStore([opts.issuer?.cert ?? cert]) };
}

export interface LeafOptions {
  alg?: KeyAlg;
  kind?: 'individual' | 'head' | 'auth';
  notBefore?: Date;
  notAfter?: Date;
  keyUsage?: KeyUsageName[];
  iin?: string;
}

export interface TestLeaf {
  cert: Certificate;
  key: KeyObject;
  signer: CmsSigner;
}

/** An NCA-shaped leaf (individual signing key by default) issued by `ca`. */
export function makeLeaf(ca: TestCa, o: LeafOptions = {}): TestLeaf {
  const alg = o.alg ?? 'rsa';
  const { privateKey, publicKey } = generateKey(alg);
  const now = Date.now();
  const kind = o.kind ?? 'individual';
  const head = kind === 'head';
  const cert = issueCertificate({
    subject: ncaSubject({ surname: 'TESTOV', name: 'TEST', patronymic: 'TESTOVICH', iin: o.iin ?? '900101300123', ...(head ? { bin: '123456789021', org: 'TEST LLP' } : {}) }),
    spki: spkiOf(publicKey), issuer: ca.cert, signer: ca.signer, serialNumber: nextSerial(),
    notBefore: o.notBefore ?? new Date(now - YEAR / 2), notAfter: o.notAfter ?? new Date(now + YEAR),
    keyUsage: o.keyUsage ?? (kind === 'auth' ? ['digitalSignature', 'keyEncipherment'] : ['digitalSignature', 'nonRepudiation']),
    extKeyUsage: kind === 'auth' ? [OID.ekuClientAuth, OID.ncaIndividual] : head ? [OID.ekuEmailProtection, OID.ncaOrganisation, OID.ncaFirstHead] : [OID.ekuEmailProtection, OID.ncaIndividual],
    policies: [kind === 'auth' ? OID.ncaPolicyAuthIndividual : head ? OID.ncaPolicySignLegal : OID.ncaPolicySignIndividual],
  });
  return { cert, key: privateKey, signer: nodeSigner(privateKey, cert, [], { pss: alg === 'rsa-pss' }) };
}

export function makeCrl(ca: TestCa, entries: CrlEntrySpec[] = [], thisUpdate = new Date(Date.now() - 3600_000), nextUpdate = new Date(Date.now() + 7 * 24 * 3600_000)): Buffer {
  return issueCrl({ issuer: ca.cert, signer: ca.signer, thisUpdate, nextUpdate, entries, crlNumber: nextSerial() });
}
