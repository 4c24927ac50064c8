/**
 * The demo CA (demo mode only, Conventions): a root CA, an issuing CA and a timestamp
 * authority, RSA, every subject saying TEST. Keys and certificates live in
 * `<dataDir>/demo-pki/`; every certificate it issues is also a row of demo_pki_certificates
 * (what OCSP and the CRL answer from). `ensureDemoCa` is idempotent and safe between
 * processes: a transaction-scoped advisory lock serialises concurrent initialisations.
 */
import { createPrivateKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import type { Config } from '../../config.ts';
import { AppError } from '../../shared/errors.ts';
import type { Db, Tx } from '../../storage/db/database.ts';
import { appendAudit } from '../audit/append-audit.ts';
import type { CmsSigner } from '../pki/cms-sign.ts';
import { oid, seq } from '../pki/der-write.ts';
import { OID } from '../pki/oids.ts';
import { pemBlocks, toPem } from '../pki/pem.ts';
import { nodeSigner } from '../pki/sign.ts';
import { issueCertificate, keySigner, type RawSigner } from '../pki/x509-build.ts';
import { parseCertificate, type Certificate } from '../pki/x509.ts';
import { demoPkiDir, ensurePrivateDir, randomSerial, readIfExists, writeFileAtomic } from './demo-files.ts';
import { seedDemoRegistry } from './demo-registry.ts';
import { recordDemoCertificate } from './record-certificate.ts';

export type DemoPkiConfig = Pick<Config, 'dataDir' | 'httpPort' | 'demo'>;

/** What demo PKI services use: the configuration and the database. */
export interface DemoPkiDeps {
  config: DemoPkiConfig;
  db: Db;
}

export interface CaKey {
  cert: Certificate;
  key: KeyObject;
  signer: RawSigner;
}

export interface DemoCa {
  root: CaKey;
  issuing: CaKey;
  /** The TSA's signer, its chain (issuing CA, root) included in every token. */
  tsa: CmsSigner;
  baseUrl: string;
}

export const ROOT_SUBJECT: [string, string][] = [['CN', 'JASHIK DEMO ROOT CA TEST'], ['O', 'JASHIK DEMO'], ['C', 'KZ']];
export const ISSUING_SUBJECT: [string, string][] = [['CN', 'JASHIK DEMO ISSUING CA (RSA) TEST'], ['O', 'JASHIK DEMO'], ['C', 'KZ']];
export const TSA_SUBJECT: [string, string][] = [['CN', 'JASHIK DEMO TSA TEST'], ['O', 'JASHIK DEMO'], ['C', 'KZ']];

const FILES = ['root-ca.crt', 'root-ca.key', 'issuing-ca.crt', 'issuing-ca.key', 'tsa.crt', 'tsa.key'] as const;
const YEAR = 365 * 24 * 3600_000;
const INIT_LOCK = 7243101;

/** Where demo certificates point their CRL distribution points and OCSP (AIA). */
export function demoBaseUrl(config: Pick<Config, 'httpPort'>): string {
  return `http://localhost:${config.httpPort}/demo-pki`;
}

/** Refuses outside demo mode (Conventions: none of the demo PKI exists there). */
export function assertDemoMode(config: Pick<Config, 'demo'>): void {
  if (!config.demo) throw new AppError('DEMO_MODE_ONLY', { detail: 'the demo CA exists only in demo mode (JASHIK_DEMO=on)' });
}

const loaded = new Map<string, DemoCa>();

function caKey(certPem: Buffer, keyPem: Buffer): CaKey {
  const cert = parseCertificate(pemBlocks(certPem)[0].der);
  const key = createPrivateKey(keyPem);
  return { cert, key, signer: keySigner(key) };
}

/** The demo CA from its files; undefined when not initialised. */
export async function loadDemoCa(config: DemoPkiConfig): Promise<DemoCa | undefined> {
  const dir = demoPkiDir(config.dataDir);
  const hit = loaded.get(dir);
  if (hit) return hit;
  const data = await Promise.all(FILES.map((f) => readIfExists(path.join(dir, f))));
  if (data.every((d) => d === undefined)) return undefined;
  const missing = FILES.filter((_, i) => data[i] === undefined);
  if (missing.length) throw new AppError('INTERNAL', { detail: `the demo CA in ${dir} is incomplete (missing ${missing.join(', ')}): remove the directory and run jashik ca init` });
  const [rootCrt, rootKey, issCrt, issKey, tsaCrt, tsaKey] = data as Buffer[];
  const root = caKey(rootCrt, rootKey);
  const issuing = caKey(issCrt, issKey);
  const tsaCert = parseCertificate(pemBlocks(tsaCrt)[0].der);
  const ca: DemoCa = { root, issuing, tsa: nodeSigner(createPrivateKey(tsaKey), tsaCert, [issuing.cert, root.cert]), baseUrl: demoBaseUrl(config) };
  loaded.set(dir, ca);
  return ca;
}

function rsaKey(): { privateKey: KeyObject; spki: Buffer } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { privateKey, spki: publicKey.export({ type: 'spki', format: 'der' }) };
}

async function createCaFiles(config: DemoPkiConfig): Promise<void> {
  const dir = demoPkiDir(config.dataDir);
  await ensurePrivateDir(dir);
  const base = demoBaseUrl(config);
  const now = Date.now();
  const notBefore = new Date(now - 5 * 60_000);
  const r = rsaKey();
  const rootSigner = keySigner(r.privateKey);
  const root = issueCertificate({ subject: ROOT_SUBJECT, spki: r.spki, signer: rootSigner, serialNumber: randomSerial(), notBefore, notAfter: new Date(now + 20 * YEAR), ca: true });
  const i = rsaKey();
  const issuing = issueCertificate({
    subject: ISSUING_SUBJECT, spki: i.spki, issuer: root, signer: rootSigner, serialNumber: randomSerial(), notBefore, notAfter: new Date(now + 10 * YEAR),
    ca: true, pathLen: 0, crlUrls: [`${base}/root-crl`], ocspUrls: [`${base}/ocsp`],
  });
  const t = rsaKey();
  const tsa = issueCertificate({
    subject: TSA_SUBJECT, spki: t.spki, issuer: issuing, signer: keySigner(i.privateKey), serialNumber: randomSerial(), notBefore, notAfter: new Date(now + 5 * YEAR),
    keyUsage: ['digitalSignature', 'nonRepudiation'], crlUrls: [`${base}/crl`], ocspUrls: [`${base}/ocsp`],
    // RFC 3161 2.3: the TSA certificate's only EKU is timeStamping, and it is critical.
    extraExtensions: [{ oid: OID.extKeyUsage, critical: true, value: seq(oid(OID.ekuTimeStamping)) }],
  });
  const pem = (k: KeyObject) => k.export({ type: 'pkcs8', format: 'pem' }) as string;
  // Keys first: a certificate file without its key is never left behind.
  await writeFileAtomic(path.join(dir, 'root-ca.key'), pem(r.privateKey), true);
  await writeFileAtomic(path.join(dir, 'issuing-ca.key'), pem(i.privateKey), true);
  await writeFileAtomic(path.join(dir, 'tsa.key'), pem(t.privateKey), true);
  await writeFileAtomic(path.join(dir, 'tsa.crt'), toPem(tsa.der, 'CERTIFICATE'));
  await writeFileAtomic(path.join(dir, 'issuing-ca.crt'), toPem(issuing.der, 'CERTIFICATE'));
  await writeFileAtomic(path.join(dir, 'root-ca.crt'), toPem(root.der, 'CERTIFICATE'));
}

/** Serialises demo CA changes between processes, for the rest of the transaction. */
export async function lockDemoCa(tx: Tx): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${INIT_LOCK})`);
}

/**
 * Creates the demo CA when absent (files, registry seed, table rows, audit); otherwise loads it
 * and makes sure its own certificates are in the table. `created` tells which happened.
 */
export async function ensureDemoCa(deps: DemoPkiDeps, actor = 'system'): Promise<{ ca: DemoCa; created: boolean }> {
  assertDemoMode(deps.config);
  return deps.db.transaction(async (tx) => {
    await lockDemoCa(tx);
    let ca = await loadDemoCa(deps.config);
    if (!ca) {
      await createCaFiles(deps.config);
      ca = (await loadDemoCa(deps.config))!;
    }
    const inserted = await recordDemoCertificate(tx, ca.root.cert, { issuer: 'root', kind: 'root-ca', alg: 'rsa' });
    await recordDemoCertificate(tx, ca.issuing.cert, { issuer: 'root', kind: 'issuing-ca', alg: 'rsa' });
    await recordDemoCertificate(tx, ca.tsa.certificate, { issuer: 'issuing', kind: 'tsa', alg: 'rsa' });
    if (inserted) {
      await seedDemoRegistry(deps.config.dataDir);
      await appendAudit(tx, { type: 'demo_pki.initialised', payload: { root: ca.root.cert.serialNumber, issuing: ca.issuing.cert.serialNumber, tsa: ca.tsa.certificate.serialNumber } }, { actor });
    }
    return { ca, created: inserted };
  });
}

const ready = new WeakMap<object, Map<string, Promise<DemoCa>>>();

/** The demo CA for serving requests: initialised on first use, once per process and database. */
export function requireDemoCa(deps: DemoPkiDeps): Promise<DemoCa> {
  assertDemoMode(deps.config);
  let perDb = ready.get(deps.db);
  if (!perDb) ready.set(deps.db, (perDb = new Map()));
  let p = perDb.get(deps.config.dataDir);
  if (!p) {
    p = ensureDemoCa(deps).then((r) => r.ca);
    p.catch(() => perDb!.delete(deps.config.dataDir));
    perDb.set(deps.config.dataDir, p);
  }
  return p;
}
