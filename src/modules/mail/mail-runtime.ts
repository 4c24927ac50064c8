/**
 * How the running system builds the mail module's dependencies from the application context:
 * limits and relay settings read once from the environment (failing fast naming the variable),
 * the operator's evidence signer, the DNS resolver, and the operator domain's DKIM key (kept
 * under the data directory, generated on first start; publish its TXT record, printed in the log).
 */
import { generateKeyPairSync, createPublicKey } from 'node:crypto';
import { promises as dns } from 'node:dns';
import fs from 'node:fs';
import path from 'node:path';
import type { AppContext } from '../../app/context.ts';
import { ConfigError } from '../../config.ts';
import { operatorSigner } from '../operator-keys/operator-signer.ts';
import type { InboundDeps } from './receive-message.ts';
import type { MailJobDeps } from './mail-jobs.ts';
import type { RelayOptions } from './relay-letter.ts';
import type { SendLetterDeps } from './send-letter.ts';
import { DEFAULT_SMTP_LIMITS } from '../../smtp/build-smtp-server.ts';
import { DEFAULT_MAIL_LIMITS, type DnsResolve, type EvidenceSigner, type MailLimits } from './types.ts';

type Env = Record<string, string | undefined>;

export interface MailSettings {
  limits: MailLimits;
  smarthost?: RelayOptions['smarthost'];
  dkimSelector: string;
  authChecks: boolean;
  smtpTls?: { keyFile: string; certFile: string };
  /** Per sending IP, over all SMTP processes together (a partner MTA may need more than the defaults). */
  smtpPerIp?: { connections: number; messagesPerMinute: number };
}

/** A whole number ≥ 1 (a size in bytes or a count). */
function bytes(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d{1,15}$/.test(raw) || Number(raw) < 1) throw new ConfigError(name, name.includes('BYTES') ? 'a size in bytes, e.g. 62914560' : 'a whole number of at least 1', raw);
  return Number(raw);
}

export function loadMailSettings(env: Env = process.env): MailSettings {
  const attachmentsBytes = bytes(env, 'JASHIK_MAIL_MAX_CONTENT_BYTES', DEFAULT_MAIL_LIMITS.attachmentsBytes);
  const limits: MailLimits = {
    attachmentsBytes,
    // Base64 makes attachments a third larger; headers and text add a little.
    messageBytes: bytes(env, 'JASHIK_MAIL_MAX_MESSAGE_BYTES', Math.max(DEFAULT_MAIL_LIMITS.messageBytes, Math.ceil(attachmentsBytes * 1.4) + 1024 * 1024)),
    recipientsPerLetter: bytes(env, 'JASHIK_MAIL_MAX_RECIPIENTS', DEFAULT_MAIL_LIMITS.recipientsPerLetter),
  };
  let smarthost: MailSettings['smarthost'];
  const relay = env.JASHIK_SMTP_RELAY;
  if (relay) {
    let u: URL;
    try {
      u = new URL(relay);
    } catch {
      throw new ConfigError('JASHIK_SMTP_RELAY', 'smtp://host:port or smtps://user:password@host:port', '(unparseable)');
    }
    if (!['smtp:', 'smtps:'].includes(u.protocol) || !u.hostname) throw new ConfigError('JASHIK_SMTP_RELAY', 'smtp://host:port or smtps://user:password@host:port', u.protocol);
    smarthost = { host: u.hostname, port: Number(u.port || (u.protocol === 'smtps:' ? 465 : 587)), secure: u.protocol === 'smtps:', user: decodeURIComponent(u.username) || undefined, pass: decodeURIComponent(u.password) || undefined };
  }
  const checks = (env.JASHIK_SMTP_AUTH_CHECKS ?? 'on').toLowerCase();
  if (!['on', 'off', '1', '0', 'true', 'false'].includes(checks)) throw new ConfigError('JASHIK_SMTP_AUTH_CHECKS', 'on or off', checks);
  const keyFile = env.JASHIK_SMTP_TLS_KEY;
  const certFile = env.JASHIK_SMTP_TLS_CERT;
  if (!!keyFile !== !!certFile) throw new ConfigError(keyFile ? 'JASHIK_SMTP_TLS_CERT' : 'JASHIK_SMTP_TLS_KEY', 'both JASHIK_SMTP_TLS_KEY and JASHIK_SMTP_TLS_CERT, or neither', '');
  const dkimSelector = env.JASHIK_DKIM_SELECTOR || 'jashik';
  if (!/^[a-z0-9][a-z0-9-]{0,62}$/i.test(dkimSelector)) throw new ConfigError('JASHIK_DKIM_SELECTOR', 'a DNS label', dkimSelector);
  const smtpPerIp = {
    connections: bytes(env, 'JASHIK_SMTP_MAX_CONNECTIONS_PER_IP', DEFAULT_SMTP_LIMITS.maxConnectionsPerIp),
    messagesPerMinute: bytes(env, 'JASHIK_SMTP_MAX_MESSAGES_PER_IP_PER_MINUTE', DEFAULT_SMTP_LIMITS.maxMessagesPerIpPerMinute),
  };
  return { limits, smarthost, dkimSelector, authChecks: ['on', '1', 'true'].includes(checks), smtpTls: keyFile && certFile ? { keyFile, certFile } : undefined, smtpPerIp };
}

/** The DKIM private key of the operator domain: `<dataDir>/dkim/<selector>.pem`, made on first use. */
export function dkimKey(dataDir: string, selector: string): { privateKey: string; dnsTxt: string } {
  const dir = path.join(dataDir, 'dkim');
  const file = path.join(dir, `${selector}.pem`);
  if (!fs.existsSync(file)) {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    fs.writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
  }
  const privateKey = fs.readFileSync(file, 'utf8');
  const spki = createPublicKey(privateKey).export({ type: 'spki', format: 'der' }).toString('base64');
  return { privateKey, dnsTxt: `v=DKIM1; k=rsa; p=${spki}` };
}

export const systemResolver: DnsResolve = (name, rrtype) => dns.resolve(name, rrtype);

export interface MailRuntime {
  settings: MailSettings;
  signer: EvidenceSigner;
  resolve: DnsResolve;
  send: SendLetterDeps;
  inbound: InboundDeps;
  jobs(): MailJobDeps;
}

const runtimes = new WeakMap<AppContext, MailRuntime>();

export function mailRuntime(ctx: AppContext, env: Env = process.env): MailRuntime {
  const existing = runtimes.get(ctx);
  if (existing) return existing;
  const settings = loadMailSettings(env);
  const signer = operatorSigner({ config: ctx.config, database: ctx.database });
  const resolve = systemResolver;
  const base = { database: ctx.database, blobs: ctx.blobs, signer, domain: ctx.config.domain, limits: settings.limits };
  const rt: MailRuntime = {
    settings,
    signer,
    resolve,
    send: base,
    inbound: { ...base, resolve, authChecks: settings.authChecks },
    jobs() {
      const key = dkimKey(ctx.config.dataDir, settings.dkimSelector);
      ctx.log.info({ selector: settings.dkimSelector, record: `${settings.dkimSelector}._domainkey.${ctx.config.domain} TXT "${key.dnsTxt}"` }, 'DKIM key for outbound mail');
      return { blobs: ctx.blobs, signer, domain: ctx.config.domain, relay: { smarthost: settings.smarthost, resolve, dkim: { domainName: ctx.config.domain, keySelector: settings.dkimSelector, privateKey: key.privateKey } } };
    },
  };
  runtimes.set(ctx, rt);
  return rt;
}
