/**
 * The operator's evidence key (issue 3, item 7): it signs evidence and the audit log's
 * checkpoints. Where it comes from:
 * - JASHIK_OPERATOR_KEY_P12 + JASHIK_OPERATOR_KEY_PASSWORD_ENV (the password is read from the
 *   named variable when the key is loaded: never stored, logged or printed);
 * - in demo mode without that, a key the demo CA issues (and re-issues shortly before expiry).
 * Whichever key signs is recorded as the current operator certificate, so it is published at
 * /.well-known/jashik/operator-certificates; a new configured key retires the previous one.
 */
import { readFile, stat } from 'node:fs/promises';
import type { Config } from '../../config.ts';
import { AppError, isAppError } from '../../shared/errors.ts';
import type { Database } from '../../storage/db/database.ts';
import { requireDemoCa, type DemoPkiDeps } from '../demo-pki/demo-ca.ts';
import type { CmsSigner } from '../pki/cms-sign.ts';
import { loadP12Signer } from '../pki/sign.ts';
import type { Fetcher } from '../pki/revocation.ts';
import type { Certificate } from '../pki/x509.ts';
import { demoOperatorSigner, issueDemoOperatorKey } from './demo-operator-key.ts';
import { signEvidenceWith } from './evidence-cms.ts';
import { activateOperatorCertificate, currentOperatorCertificate, lockOperatorKeys } from './operator-certificates.ts';

export interface OperatorKeyContext {
  config: Config;
  database: Pick<Database, 'db'>;
}

export interface OperatorSignerOptions {
  /** Where the password variable is read; default process.env. */
  env?: Record<string, string | undefined>;
  /** HTTP for the configured TSA (tests inject one bound to loopback). */
  fetcher?: Fetcher;
}

export interface OperatorKey {
  signer: CmsSigner;
  certificate: Certificate;
}

export interface OperatorSigner {
  /** The current key: loaded, or in demo mode issued, on first use. */
  current(): Promise<OperatorKey>;
  /** CMS SignedData (attached, signingTime) over `bytes`, with an RFC 3161 signature timestamp when a TSA is configured (demo: the demo TSA). */
  signEvidence(bytes: Uint8Array): Promise<Buffer>;
  /** The same as signEvidence (the mail module's EvidenceSigner shape). */
  sign(bytes: Uint8Array): Promise<Buffer>;
}

const unavailable = (detail: string, cause?: unknown) => new AppError('OPERATOR_KEY_UNAVAILABLE', { detail, cause });
const RENEW_BEFORE_MS = 7 * 24 * 3600_000;
const cache = new Map<string, Promise<OperatorKey>>();

function cached(key: string, load: () => Promise<OperatorKey>): Promise<OperatorKey> {
  let p = cache.get(key);
  if (!p) {
    p = load();
    p.catch(() => cache.delete(key));
    cache.set(key, p);
  }
  return p;
}

async function configuredKey(ctx: OperatorKeyContext, env: Record<string, string | undefined>): Promise<OperatorKey> {
  const { p12Path, passwordEnv } = ctx.config.operatorKey!;
  let st;
  try {
    st = await stat(p12Path);
  } catch (err) {
    throw unavailable(`JASHIK_OPERATOR_KEY_P12 ${p12Path} cannot be read: ${(err as NodeJS.ErrnoException).code}`, err);
  }
  return cached(`p12:${p12Path}:${st.mtimeMs}:${st.size}`, async () => {
    const password = env[passwordEnv];
    if (password === undefined) throw unavailable(`the variable ${passwordEnv} (named by JASHIK_OPERATOR_KEY_PASSWORD_ENV) is not set`);
    let signer: CmsSigner;
    try {
      signer = await loadP12Signer(await readFile(p12Path), password);
    } catch (err) {
      throw unavailable(`the operator key ${p12Path} cannot be used: ${isAppError(err) ? err.message : (err as Error).message}`, err);
    }
    const cert = signer.certificate;
    if (cert.notAfter.getTime() < Date.now()) throw unavailable(`the operator certificate ${cert.serialNumber} expired ${cert.notAfter.toISOString()}`);
    const current = await currentOperatorCertificate(ctx.database.db);
    if (current?.fingerprint !== cert.fingerprint) {
      await ctx.database.db.transaction(async (tx) => {
        await lockOperatorKeys(tx);
        await activateOperatorCertificate(tx, cert, { chain: signer.chain ?? [], source: 'configured' });
      });
    }
    return { signer, certificate: cert };
  });
}

async function demoKey(ctx: OperatorKeyContext): Promise<OperatorKey> {
  const deps: DemoPkiDeps = { config: ctx.config, db: ctx.database.db };
  let row = await currentOperatorCertificate(deps.db);
  if (!row || row.source !== 'demo' || row.validTo.getTime() - Date.now() < RENEW_BEFORE_MS) {
    // With no key at all, a key another process issued meanwhile wins (onlyIfNone).
    await issueDemoOperatorKey(deps, { actor: 'system' }, !row);
    row = await currentOperatorCertificate(deps.db);
  }
  const r = row!;
  return cached(`demo:${ctx.config.dataDir}:${r.fingerprint}`, async () => {
    const signer = await demoOperatorSigner(ctx.config.dataDir, r, await requireDemoCa(deps));
    if (!signer) throw unavailable(`the key of demo operator certificate ${r.serial} is missing under the data directory`);
    return { signer, certificate: signer.certificate };
  });
}

export function operatorSigner(ctx: OperatorKeyContext, opts: OperatorSignerOptions = {}): OperatorSigner {
  const env = opts.env ?? process.env;
  const current = (): Promise<OperatorKey> => {
    if (ctx.config.operatorKey) return configuredKey(ctx, env);
    if (ctx.config.demo) return demoKey(ctx);
    return Promise.reject(unavailable('no operator evidence key: set JASHIK_OPERATOR_KEY_P12 and JASHIK_OPERATOR_KEY_PASSWORD_ENV'));
  };
  const signEvidence = async (bytes: Uint8Array) => signEvidenceWith((await current()).signer, bytes, { config: ctx.config, db: ctx.database.db, fetcher: opts.fetcher });
  return { current, signEvidence, sign: signEvidence };
}

/** Signs `bytes` with the current operator key: attached CMS with signingTime and, where configured, a timestamp. */
export function signEvidence(ctx: OperatorKeyContext, bytes: Uint8Array, opts: OperatorSignerOptions = {}): Promise<Buffer> {
  return operatorSigner(ctx, opts).signEvidence(bytes);
}
