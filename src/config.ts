/**
 * Configuration, read once from the environment into a typed object (STYLE habit 8).
 * A wrong value stops start-up with one line naming the variable and what it expects.
 * Modules keep the parser of their own section beside them (mail-settings.ts, registry-settings.ts,
 * hybrid-config.ts, accounts-settings.ts) but read no environment themselves: they take
 * `ctx.config`. The object is plain JSON data, as SMTP worker processes receive it over IPC.
 */
import os from 'node:os';
import { isIP } from 'node:net';
import path from 'node:path';
import { parseRateLimits, type RouteLimits } from './http/rate-limits.ts';
import { ConfigError, wholeNumberSetting, type Env } from './config-error.ts';
import { describeMailSettings, parseMailSettings, type MailSettings } from './modules/mail/mail-settings.ts';
import { describeRegistrySettings, parseRegistrySettings, type RegistrySettings } from './modules/identity/registry-settings.ts';
import { loadHybridConfig, type HybridConfig } from './modules/hybrid/hybrid-config.ts';
import { describeAccountsSettings, parseAccountsSettings, type AccountsSettings } from './modules/accounts/accounts-settings.ts';
import { DEMO_REGISTRY_FILE } from './modules/identity/demo-file-registry.ts';

export { ConfigError } from './config-error.ts';

/** Each running job holds a database connection; the pool is sized for this many and the rest of the process. */
export const MAX_JOB_CONCURRENCY = 32;

export interface Config {
  dataDir: string;
  httpPort: number;
  httpHost: string;
  smtpPort: number;
  smtpHost: string;
  /** Processes taking SMTP connections: 1 = inside the main process; more = that many worker processes sharing the port. */
  smtpProcesses: number;
  domain: string;
  /** undefined = the embedded PostgreSQL that jashik starts itself. */
  databaseUrl?: string;
  /** undefined = files under `<dataDir>/blobs`. */
  blobUrl?: string;
  s3: { endpoint?: string; region: string; forcePathStyle: boolean };
  demo: boolean;
  logLevel: string;
  /** The operator's evidence key: a PKCS#12 file and the name of the variable holding its password (never the password). */
  operatorKey?: { p12Path: string; passwordEnv: string };
  /** RFC 3161 timestamp authority for evidence; in demo mode the demo TSA is used in-process. */
  tsaUrl?: string;
  /** Audit-log checkpoints signed with the operator key: every `entries` entries or `minutes` minutes. */
  auditCheckpoint: { entries: number; minutes: number };
  /** Unreferenced blobs are deleted once untouched for `graceHours`, by a job every `everyHours`. */
  blobSweep: { graceHours: number; everyHours: number };
  /** Per-IP request limits by operationId, over the defaults (`JASHIK_RATE_LIMITS`). */
  rateLimits: RouteLimits;
  /**
   * Reverse proxies whose X-Forwarded-For/-Proto are believed (`JASHIK_TRUST_PROXY`): addresses,
   * CIDR ranges or proxy-addr's names (loopback, linklocal, uniquelocal). Empty: none — the client
   * is the socket's peer, which behind a load balancer is the balancer for everyone.
   */
  trustProxy: string[];
  /** CA certificates trusted for users' signatures (`JASHIK_TRUST_DIR`); undefined = the demo CA in demo mode, required otherwise. */
  trustDir?: string;
  /** Jobs each process runs at once (`JASHIK_JOB_CONCURRENCY`): docflow checks, outbound mail, reminders… */
  jobConcurrency: number;
  /** How long an OCSP answer fetched online is reused for the same certificate, at most (never past its nextUpdate); 0 = ask the responder every time (`JASHIK_OCSP_CACHE_SECONDS`). */
  ocspCacheSeconds: number;
  /** Letter limits, relay, inbound checks, STARTTLS files, DKIM selector, per-IP SMTP limits (modules/mail/mail-settings.ts). */
  mail: MailSettings;
  /** The e-government gateway to the state registries (modules/identity/registry-settings.ts). */
  registry: RegistrySettings;
  /** Hybrid-mail settings: defaults, or the JSON file `JASHIK_HYBRID_CONFIG` (modules/hybrid/hybrid-config.ts). */
  hybrid: HybridConfig;
  /** Closed-mailbox retention and registry re-check period (modules/accounts/accounts-settings.ts). */
  accounts: AccountsSettings;
}

function port(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < 0 || n > 65535) throw new ConfigError(name, 'a TCP port number 0-65535', raw);
  return n;
}

function bool(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const v = raw.toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(v)) return true;
  if (['0', 'false', 'no', 'off'].includes(v)) return false;
  throw new ConfigError(name, 'on/off (1, true, yes / 0, false, no)', raw);
}

const DOMAIN_RE = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+$/;

export function loadConfig(env: Env = process.env): Config {
  const dataDir = path.resolve(env.JASHIK_DATA_DIR || './data');

  const domain = (env.JASHIK_DOMAIN || 'pochta.localhost').toLowerCase();
  if (!DOMAIN_RE.test(domain)) throw new ConfigError('JASHIK_DOMAIN', 'a DNS domain name such as pochta.kz', domain);

  let databaseUrl = env.JASHIK_DATABASE_URL || undefined;
  if (databaseUrl !== undefined) {
    let ok = false;
    try {
      const u = new URL(databaseUrl);
      ok = (u.protocol === 'postgres:' || u.protocol === 'postgresql:') && u.hostname !== '';
    } catch {
      ok = false;
    }
    if (!ok) throw new ConfigError('JASHIK_DATABASE_URL', 'postgres://user:password@host:port/database, or unset for the embedded server', redactUrl(databaseUrl));
  }

  const blobUrl = env.JASHIK_BLOB_URL || undefined;
  if (blobUrl !== undefined) {
    let ok = false;
    try {
      const u = new URL(blobUrl);
      ok = u.protocol === 's3:' && u.hostname !== '';
    } catch {
      ok = false;
    }
    if (!ok) throw new ConfigError('JASHIK_BLOB_URL', 's3://bucket/prefix, or unset for files under the data directory', blobUrl);
  }

  const logLevel = env.JASHIK_LOG_LEVEL || 'info';
  if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(logLevel)) {
    throw new ConfigError('JASHIK_LOG_LEVEL', 'one of fatal, error, warn, info, debug, trace, silent', logLevel);
  }

  const operatorKey = operatorKeyConfig(env);
  const tsaUrl = env.JASHIK_TSA_URL || undefined;
  if (tsaUrl !== undefined && !/^https?:\/\/[^\s/]+/i.test(tsaUrl)) throw new ConfigError('JASHIK_TSA_URL', 'an http(s) URL of an RFC 3161 timestamp authority', tsaUrl);

  return plainData<Config>({
    dataDir,
    httpPort: port(env, 'JASHIK_HTTP_PORT', 8080),
    httpHost: env.JASHIK_HTTP_HOST || '0.0.0.0',
    smtpPort: port(env, 'JASHIK_SMTP_PORT', 2525),
    smtpHost: env.JASHIK_SMTP_HOST || '0.0.0.0',
    smtpProcesses: smtpProcesses(env),
    domain,
    databaseUrl,
    blobUrl,
    s3: {
      endpoint: env.JASHIK_S3_ENDPOINT || env.AWS_ENDPOINT_URL_S3 || env.AWS_ENDPOINT_URL || undefined,
      region: env.AWS_REGION || env.AWS_DEFAULT_REGION || 'us-east-1',
      forcePathStyle: bool(env, 'JASHIK_S3_FORCE_PATH_STYLE', true),
    },
    // Conventions: demo on by default only with the embedded database.
    demo: bool(env, 'JASHIK_DEMO', databaseUrl === undefined),
    logLevel,
    operatorKey,
    tsaUrl,
    auditCheckpoint: { entries: positive(env, 'JASHIK_AUDIT_CHECKPOINT_ENTRIES', 100), minutes: positive(env, 'JASHIK_AUDIT_CHECKPOINT_MINUTES', 10) },
    // The grace period must be far longer than any upload or SMTP transaction (the sweep spares
    // content put within it), hence whole hours and a default of a day.
    blobSweep: { graceHours: positive(env, 'JASHIK_BLOB_SWEEP_GRACE_HOURS', 24), everyHours: positive(env, 'JASHIK_BLOB_SWEEP_EVERY_HOURS', 6) },
    rateLimits: rateLimits(env),
    trustProxy: trustProxy(env.JASHIK_TRUST_PROXY),
    trustDir: env.JASHIK_TRUST_DIR ? path.resolve(env.JASHIK_TRUST_DIR) : undefined,
    // Five minutes: a revocation reaches us within that much more than the responder's own delay.
    ocspCacheSeconds: wholeNumber(env, 'JASHIK_OCSP_CACHE_SECONDS', 300, 86_400),
    // Four: a job mostly waits on PostgreSQL (or a remote server), and with two the docflow check
    // left the CPU idle 17-18% of the time in bench/docflow, against 8% with four.
    jobConcurrency: wholeNumberSetting(env, 'JASHIK_JOB_CONCURRENCY', 4, { min: 1, max: MAX_JOB_CONCURRENCY, expects: `a whole number 1-${MAX_JOB_CONCURRENCY}` }),
    mail: parseMailSettings(env),
    registry: parseRegistrySettings(env),
    hybrid: loadHybridConfig(dataDir, env),
    accounts: parseAccountsSettings(env),
  });
}

/**
 * SMTP worker processes receive the configuration over IPC as JSON, which drops keys whose value
 * is undefined: dropping them here makes the object a worker sees equal to this one.
 */
function plainData<T>(value: T): T {
  if (Array.isArray(value)) return value.map(plainData) as T;
  if (value === null || typeof value !== 'object' || Object.getPrototypeOf(value) !== Object.prototype) return value;
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined).map(([k, v]) => [k, plainData(v)])) as T;
}

/** `auto` = one per CPU the process may use, as an MTA runs one receiving process per core. */
function smtpProcesses(env: Env): number {
  const raw = env.JASHIK_SMTP_PROCESSES;
  if (raw === 'auto') return Math.max(1, os.availableParallelism());
  if (raw === undefined || raw === '') return 1;
  if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > 64) throw new ConfigError('JASHIK_SMTP_PROCESSES', 'auto, or a whole number 1-64', raw);
  return Number(raw);
}

const positive = (env: Env, name: string, fallback: number) => wholeNumberSetting(env, name, fallback, { min: 1, max: 1_000_000, expects: 'a whole number 1-1000000' });

const wholeNumber = (env: Env, name: string, fallback: number, max: number) => wholeNumberSetting(env, name, fallback, { min: 0, max, expects: `a whole number 0-${max}` });

function rateLimits(env: Env): RouteLimits {
  try {
    return parseRateLimits(env.JASHIK_RATE_LIMITS);
  } catch (err) {
    throw new ConfigError('JASHIK_RATE_LIMITS', `a list like verifyEvidence=30/60,login=10/60 (operationId=requests/seconds): ${(err as Error).message}`, env.JASHIK_RATE_LIMITS ?? '');
  }
}

const PROXY_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

/**
 * A list of trusted proxies, never "all": believing X-Forwarded-For from anyone would let any
 * client choose the address its rate limits and audit rows are kept under.
 */
function trustProxy(raw: string | undefined): string[] {
  if (raw === undefined || raw.trim() === '' || raw.trim().toLowerCase() === 'off') return [];
  const entries = raw.split(',').map((e) => e.trim()).filter(Boolean);
  for (const e of entries) {
    const [address, bits, extra] = e.split('/');
    const version = isIP(address);
    const bitsOk = bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= (version === 6 ? 128 : 32));
    if (!(PROXY_NAMES.includes(e) || (version !== 0 && bitsOk && extra === undefined))) {
      throw new ConfigError('JASHIK_TRUST_PROXY', 'off, or a comma-separated list of proxy addresses, CIDR ranges or loopback/linklocal/uniquelocal, e.g. 10.0.0.0/8,loopback', e);
    }
  }
  return entries;
}

function operatorKeyConfig(env: Env): Config['operatorKey'] {
  const p12Path = env.JASHIK_OPERATOR_KEY_P12 || undefined;
  const passwordEnv = env.JASHIK_OPERATOR_KEY_PASSWORD_ENV || undefined;
  if (!p12Path && !passwordEnv) return undefined;
  if (!p12Path) throw new ConfigError('JASHIK_OPERATOR_KEY_P12', 'the path of the operator key PKCS#12 file (JASHIK_OPERATOR_KEY_PASSWORD_ENV is set)', '');
  if (!passwordEnv || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(passwordEnv)) {
    throw new ConfigError('JASHIK_OPERATOR_KEY_PASSWORD_ENV', 'the NAME of the environment variable holding the key password', passwordEnv ?? '');
  }
  return { p12Path: path.resolve(p12Path), passwordEnv };
}

/** Hides the password of a URL so it can be printed or logged. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url.replace(/:\/\/([^:@/]+):[^@/]*@/, '://$1:***@');
  }
}

/** The effective configuration as printed by `jashik config`: no secrets. */
export function describeConfig(c: Config): Record<string, unknown> {
  return {
    JASHIK_DATA_DIR: c.dataDir,
    JASHIK_HTTP_HOST: c.httpHost,
    JASHIK_HTTP_PORT: c.httpPort,
    JASHIK_SMTP_HOST: c.smtpHost,
    JASHIK_SMTP_PORT: c.smtpPort,
    JASHIK_SMTP_PROCESSES: c.smtpProcesses,
    JASHIK_DOMAIN: c.domain,
    JASHIK_DATABASE_URL: c.databaseUrl ? redactUrl(c.databaseUrl) : `(embedded PostgreSQL under ${path.join(c.dataDir, 'pg')})`,
    JASHIK_BLOB_URL: c.blobUrl ?? `(files under ${path.join(c.dataDir, 'blobs')})`,
    JASHIK_S3_ENDPOINT: c.s3.endpoint ?? '(AWS default)',
    JASHIK_S3_FORCE_PATH_STYLE: c.s3.forcePathStyle,
    AWS_REGION: c.s3.region,
    JASHIK_DEMO: c.demo,
    JASHIK_LOG_LEVEL: c.logLevel,
    JASHIK_OPERATOR_KEY_P12: c.operatorKey?.p12Path ?? (c.demo ? '(demo: issued by the demo CA)' : '(not configured)'),
    JASHIK_OPERATOR_KEY_PASSWORD_ENV: c.operatorKey ? `${c.operatorKey.passwordEnv} (value not shown)` : '(not configured)',
    JASHIK_TSA_URL: c.tsaUrl ?? (c.demo ? '(demo TSA, in-process)' : '(none: evidence without timestamps)'),
    JASHIK_AUDIT_CHECKPOINT_ENTRIES: c.auditCheckpoint.entries,
    JASHIK_AUDIT_CHECKPOINT_MINUTES: c.auditCheckpoint.minutes,
    JASHIK_BLOB_SWEEP_GRACE_HOURS: c.blobSweep.graceHours,
    JASHIK_BLOB_SWEEP_EVERY_HOURS: c.blobSweep.everyHours,
    JASHIK_RATE_LIMITS: Object.entries(c.rateLimits).map(([id, l]) => `${id}=${l.max}/${l.windowSeconds}`).join(',') || '(defaults)',
    JASHIK_TRUST_PROXY: c.trustProxy.join(',') || 'off',
    JASHIK_TRUST_DIR: c.trustDir ?? (c.demo ? '(demo: the demo CA)' : '(not set: required outside demo mode)'),
    JASHIK_OCSP_CACHE_SECONDS: c.ocspCacheSeconds,
    JASHIK_JOB_CONCURRENCY: c.jobConcurrency,
    ...describeRegistrySettings(c.registry, c.demo ? path.join(c.dataDir, DEMO_REGISTRY_FILE) : undefined),
    ...describeMailSettings(c.mail),
    JASHIK_HYBRID_CONFIG: c.hybrid.file ?? '(built-in defaults)',
    ...describeAccountsSettings(c.accounts),
  };
}
