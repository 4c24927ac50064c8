/**
 * In demo mode without a configured key, the operator's evidence key is issued by the demo CA:
 * an NCA-shaped legal-entity signing certificate (TEST in the subject) whose RSA key is kept in
 * `<dataDir>/operator-keys/` (mode 600). `jashik operator rotate` issues the next one.
 */
import { createPrivateKey, generateKeyPairSync } from 'node:crypto';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { makeBin } from '../../domain/iin-bin.ts';
import type { AuditContext } from '../audit/audit-events.ts';
import { ensureDemoCa, lockDemoCa, type DemoCa, type DemoPkiDeps } from '../demo-pki/demo-ca.ts';
import { ensurePrivateDir, readIfExists, writeFileAtomic } from '../demo-pki/demo-files.ts';
import { issueDemoLeaf } from '../demo-pki/issue-demo-leaf.ts';
import { recordDemoCertificate } from '../demo-pki/record-certificate.ts';
import type { CmsSigner } from '../pki/cms-sign.ts';
import { OID } from '../pki/oids.ts';
import { nodeSigner } from '../pki/sign.ts';
import { parseCertificate } from '../pki/x509.ts';
import { activateOperatorCertificate, currentOperatorCertificate, lockOperatorKeys, type OperatorCertificateRow } from './operator-certificates.ts';

export const OPERATOR_KEYS_DIR = 'operator-keys';

/** The demo postal operator's BIN (checksum-valid). */
export const DEMO_OPERATOR_BIN = makeBin(2000, 4, 4, 0, 4041);

export const DEMO_OPERATOR_SUBJECT: [string, string][] = [
  ['CN', 'JASHIK DEMO OPERATOR EVIDENCE TEST'], ['C', 'KZ'], ['O', 'JASHIK DEMO POSTAL OPERATOR'], ['OU', `BIN${DEMO_OPERATOR_BIN}`], ['OU', 'TEST'],
];

const keyPath = (dataDir: string, keyFile: string) => path.join(dataDir, OPERATOR_KEYS_DIR, keyFile);

/**
 * Issues a new demo operator key and makes it current (retiring the previous one). With
 * `onlyIfNone`, a key another process made current meanwhile wins and this one is discarded.
 */
export async function issueDemoOperatorKey(deps: DemoPkiDeps, audit: AuditContext = { actor: 'system' }, onlyIfNone = false): Promise<void> {
  const { ca } = await ensureDemoCa(deps, audit.actor);
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const cert = issueDemoLeaf(ca, {
    subject: DEMO_OPERATOR_SUBJECT, spki: publicKey.export({ type: 'spki', format: 'der' }), days: 2 * 365,
    keyUsage: ['digitalSignature', 'nonRepudiation'], extKeyUsage: [OID.ekuEmailProtection, OID.ncaOrganisation], policies: [OID.ncaPolicySignLegal],
  });
  const keyFile = `operator-${cert.serialNumber}.key`;
  await ensurePrivateDir(path.join(deps.config.dataDir, OPERATOR_KEYS_DIR));
  await writeFileAtomic(keyPath(deps.config.dataDir, keyFile), privateKey.export({ type: 'pkcs8', format: 'pem' }) as string, true);
  const used = await deps.db.transaction(async (tx) => {
    await lockDemoCa(tx);
    await lockOperatorKeys(tx);
    if (onlyIfNone && (await currentOperatorCertificate(tx))) return false;
    await recordDemoCertificate(tx, cert, { issuer: 'issuing', kind: 'operator', alg: 'rsa' });
    await activateOperatorCertificate(tx, cert, { chain: [ca.issuing.cert, ca.root.cert], source: 'demo', keyFile }, audit);
    return true;
  });
  if (!used) await rm(keyPath(deps.config.dataDir, keyFile), { force: true });
}

/** The signer of a demo operator certificate row, from its key file. */
export async function demoOperatorSigner(dataDir: string, row: OperatorCertificateRow, ca: DemoCa): Promise<CmsSigner | undefined> {
  if (!row.keyFile) return undefined;
  const pem = await readIfExists(keyPath(dataDir, row.keyFile));
  if (!pem) return undefined;
  return nodeSigner(createPrivateKey(pem), parseCertificate(row.der), [ca.issuing.cert, ca.root.cert]);
}
