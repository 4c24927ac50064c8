/**
 * `jashik ca init | issue | revoke` (demo mode only). Exit codes: 0 done, 1 failed, 2 usage
 * error, bad input or not in demo mode. The PKCS#12 password is read only from the variable
 * named by --password-env and is never printed.
 */
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { Config } from '../../config.ts';
import { isAppError } from '../../shared/errors.ts';
import { migrate, openDatabase } from '../../storage/db/database.ts';
import { ncaIdentity } from '../pki/certificate.ts';
import { demoBaseUrl, ensureDemoCa, type DemoPkiDeps } from './demo-ca.ts';
import { demoPkiDir } from './demo-files.ts';
import { demoRegistryPath } from './demo-registry.ts';
import { issueDemoCertificate } from './issue-demo-certificate.ts';
import { REVOCATION_REASONS, revokeDemoCertificate } from './revoke-demo-certificate.ts';

export interface CaIo {
  out(line: string): void;
  err(line: string): void;
  env: Record<string, string | undefined>;
}

const USAGE = `usage: jashik ca init
       jashik ca issue --kind individual|head|signatory|employee --iin IIN [--bin BIN --org NAME]
                       --name "SURNAME NAME [PATRONYMIC]" [--alg rsa|gost2015] [--auth]
                       --out FILE.p12 --password-env VAR
       jashik ca revoke SERIAL [--reason ${REVOCATION_REASONS.join('|')}]`;

class UsageError extends Error {}

const NOT_DEMO = 'jashik ca: the demo CA exists only in demo mode. Set JASHIK_DEMO=on (the default when JASHIK_DATABASE_URL is unset); production signatures come from the NCA.';

export async function caCommand(args: string[], deps: DemoPkiDeps, io: CaIo): Promise<number> {
  if (!deps.config.demo) {
    io.err(NOT_DEMO);
    return 2;
  }
  const [sub, ...rest] = args;
  if (sub === 'help' || sub === '--help' || sub === '-h') {
    io.out(USAGE);
    return 0;
  }
  try {
    if (sub === 'init') return await init(deps, io);
    if (sub === 'issue') return await issue(rest, deps, io);
    if (sub === 'revoke') return await revoke(rest, deps, io);
    throw new UsageError(sub ? `unknown subcommand '${sub}'` : 'a subcommand is needed');
  } catch (err) {
    if (err instanceof UsageError || (err as { code?: string })?.code?.startsWith('ERR_PARSE_ARGS')) {
      io.err(`jashik ca: ${(err as Error).message}\n${USAGE}`);
      return 2;
    }
    if (isAppError(err)) {
      if (err.fields.length) for (const f of err.fields) io.err(`jashik ca: --${f.name}: ${f.message.en}`);
      else io.err(`jashik ca: ${err.message}`);
      return err.status < 500 ? 2 : 1;
    }
    throw err;
  }
}

async function init(deps: DemoPkiDeps, io: CaIo): Promise<number> {
  const { ca, created } = await ensureDemoCa(deps, 'cli');
  io.out(created ? 'demo CA created' : 'demo CA already initialised (nothing changed)');
  for (const [label, cert] of [['root CA', ca.root.cert], ['issuing CA', ca.issuing.cert], ['TSA', ca.tsa.certificate]] as const) {
    io.out(`  ${label}: ${cert.subject.text}\n    serial ${cert.serialNumber}, SHA-256 ${cert.fingerprint}, until ${cert.notAfter.toISOString()}`);
  }
  io.out(`  keys and certificates: ${demoPkiDir(deps.config.dataDir)}`);
  io.out(`  demo registry: ${demoRegistryPath(deps.config.dataDir)}`);
  io.out(`  served at ${demoBaseUrl(deps.config)}/ (crl, root-crl, ocsp, tsa, root-ca.crt, issuing-ca.crt, ca-certificates.pem)`);
  return 0;
}

async function issue(argv: string[], deps: DemoPkiDeps, io: CaIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv, allowPositionals: true, strict: true,
    options: {
      kind: { type: 'string' }, iin: { type: 'string' }, bin: { type: 'string' }, org: { type: 'string' }, name: { type: 'string' },
      alg: { type: 'string' }, auth: { type: 'boolean' }, out: { type: 'string' }, 'password-env': { type: 'string' },
    },
  });
  if (positionals.length) throw new UsageError(`unexpected argument ${JSON.stringify(positionals[0])}`);
  for (const required of ['kind', 'iin', 'name', 'out', 'password-env'] as const) if (!values[required]) throw new UsageError(`--${required} is required`);
  const varName = values['password-env']!;
  const password = io.env[varName];
  if (!password) throw new UsageError(`the environment variable ${varName} (named by --password-env) is empty or not set`);
  const r = await issueDemoCertificate(deps, {
    kind: values.kind!, iin: values.iin!, bin: values.bin, org: values.org, name: values.name!, alg: values.alg, auth: values.auth, password,
  }, { actor: 'cli' });
  try {
    await writeFile(values.out!, r.p12, { mode: 0o600, flag: 'wx' });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    io.err(`jashik ca: cannot write ${values.out}: ${code === 'EEXIST' ? 'the file exists (not overwritten)' : code}; certificate ${r.certificate.serialNumber} was issued, revoke it with jashik ca revoke`);
    return 1;
  }
  const id = ncaIdentity(r.certificate);
  io.out(`issued ${r.certificate.subject.text}`);
  io.out(`  serial ${r.certificate.serialNumber}, valid ${r.certificate.notBefore.toISOString()} – ${r.certificate.notAfter.toISOString()}`);
  io.out(`  roles: ${id.roles.join(', ')}; key purpose: ${id.keyPurpose}; algorithm: ${values.alg ?? 'rsa'}`);
  io.out(`  PKCS#12 written to ${values.out} (mode 600); holder added to the demo registry`);
  return 0;
}

async function revoke(argv: string[], deps: DemoPkiDeps, io: CaIo): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, strict: true, options: { reason: { type: 'string' } } });
  if (positionals.length !== 1) throw new UsageError('give exactly one SERIAL (hexadecimal, as jashik cert or openssl x509 -serial print it)');
  const r = await revokeDemoCertificate(deps, positionals[0], values.reason ?? 'unspecified', { actor: 'cli' });
  io.out(`revoked ${r.serial} (${r.subject}) at ${r.revokedAt.toISOString()}, reason ${values.reason ?? 'unspecified'}: the CRL and OCSP answer so from now on`);
  return 0;
}

/** The `jashik ca` entry point: opens the configured database for the command's duration. */
export async function runCaCommand(args: string[], config: Config): Promise<number> {
  const io: CaIo = { out: (l) => console.log(l), err: (l) => console.error(l), env: process.env };
  if (!config.demo) {
    io.err(NOT_DEMO);
    return 2;
  }
  const database = await openDatabase(config);
  try {
    await migrate(database);
    return await caCommand(args, { config, db: database.db }, io);
  } finally {
    await database.close();
  }
}
