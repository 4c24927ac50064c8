/**
 * The mail module's settings, read once with the rest of the configuration (src/config.ts,
 * `config.mail`): letter limits, the outbound relay, inbound SPF/DKIM/DMARC checks, the STARTTLS
 * files (paths only: the SMTP server reads them when it is built), the DKIM selector and the
 * per-IP SMTP limits. Plain data: SMTP worker processes receive it over IPC.
 */
import { ConfigError, wholeNumberSetting, type Env } from '../../config-error.ts';
import { DEFAULT_SMTP_LIMITS } from '../../smtp/build-smtp-server.ts';
import type { RelayOptions } from './relay-letter.ts';
import { DEFAULT_MAIL_LIMITS, type MailLimits } from './types.ts';

export interface MailSettings {
  limits: MailLimits;
  smarthost?: RelayOptions['smarthost'];
  dkimSelector: string;
  authChecks: boolean;
  smtpTls?: { keyFile: string; certFile: string };
  /** Per sending IP, over all SMTP processes together (a partner MTA may need more than the defaults). */
  smtpPerIp?: { connections: number; messagesPerMinute: number };
  /** Milliseconds before the SMTP greeting (0: none); a client that talks first gets 421 (src/smtp/greeting-pause.ts). */
  smtpGreetingPauseMs?: number;
}

export const DEFAULT_DKIM_SELECTOR = 'jashik';

const RELAY_FORM = 'smtp://host:port or smtps://user:password@host:port';

/** A whole number ≥ 1 (a size in bytes or a count). */
const wholeNumber = (env: Env, name: string, fallback: number) =>
  wholeNumberSetting(env, name, fallback, { min: 1, max: Number.MAX_SAFE_INTEGER, expects: name.includes('BYTES') ? 'a size in bytes, e.g. 62914560' : 'a whole number of at least 1' });

export function parseMailSettings(env: Env): MailSettings {
  const attachmentsBytes = wholeNumber(env, 'JASHIK_MAIL_MAX_CONTENT_BYTES', DEFAULT_MAIL_LIMITS.attachmentsBytes);
  const limits: MailLimits = {
    attachmentsBytes,
    // Base64 makes attachments a third larger; headers and text add a little.
    messageBytes: wholeNumber(env, 'JASHIK_MAIL_MAX_MESSAGE_BYTES', Math.max(DEFAULT_MAIL_LIMITS.messageBytes, Math.ceil(attachmentsBytes * 1.4) + 1024 * 1024)),
    recipientsPerLetter: wholeNumber(env, 'JASHIK_MAIL_MAX_RECIPIENTS', DEFAULT_MAIL_LIMITS.recipientsPerLetter),
  };
  const checks = (env.JASHIK_SMTP_AUTH_CHECKS ?? 'on').toLowerCase();
  if (!['on', 'off', '1', '0', 'true', 'false'].includes(checks)) throw new ConfigError('JASHIK_SMTP_AUTH_CHECKS', 'on or off', checks);
  const keyFile = env.JASHIK_SMTP_TLS_KEY;
  const certFile = env.JASHIK_SMTP_TLS_CERT;
  if (!!keyFile !== !!certFile) throw new ConfigError(keyFile ? 'JASHIK_SMTP_TLS_CERT' : 'JASHIK_SMTP_TLS_KEY', 'both JASHIK_SMTP_TLS_KEY and JASHIK_SMTP_TLS_CERT, or neither', '');
  const dkimSelector = env.JASHIK_DKIM_SELECTOR || DEFAULT_DKIM_SELECTOR;
  if (!/^[a-z0-9][a-z0-9-]{0,62}$/i.test(dkimSelector)) throw new ConfigError('JASHIK_DKIM_SELECTOR', 'a DNS label', dkimSelector);
  return {
    limits,
    smarthost: smarthost(env.JASHIK_SMTP_RELAY),
    dkimSelector,
    authChecks: ['on', '1', 'true'].includes(checks),
    smtpTls: keyFile && certFile ? { keyFile, certFile } : undefined,
    smtpPerIp: {
      connections: wholeNumber(env, 'JASHIK_SMTP_MAX_CONNECTIONS_PER_IP', DEFAULT_SMTP_LIMITS.maxConnectionsPerIp),
      messagesPerMinute: wholeNumber(env, 'JASHIK_SMTP_MAX_MESSAGES_PER_IP_PER_MINUTE', DEFAULT_SMTP_LIMITS.maxMessagesPerIpPerMinute),
    },
    smtpGreetingPauseMs: greetingPause(env),
  };
}

/** 0 (greet at once) to 10,000 ms; longer would hold well-behaved MTAs for nothing. */
const greetingPause = (env: Env) =>
  wholeNumberSetting(env, 'JASHIK_SMTP_GREETING_PAUSE_MS', DEFAULT_SMTP_LIMITS.greetingPauseMs, { min: 0, max: 10_000, expects: 'milliseconds from 0 to 10000, e.g. 100 (0: greet at once)' });

/** The relay URL holds a password: an error shows only what is wrong with it, never the URL. */
function smarthost(relay: string | undefined): MailSettings['smarthost'] {
  if (!relay) return undefined;
  let u: URL;
  try {
    u = new URL(relay);
  } catch {
    throw new ConfigError('JASHIK_SMTP_RELAY', RELAY_FORM, '(unparseable)');
  }
  if (!['smtp:', 'smtps:'].includes(u.protocol) || !u.hostname) throw new ConfigError('JASHIK_SMTP_RELAY', RELAY_FORM, u.protocol);
  return { host: u.hostname, port: Number(u.port || (u.protocol === 'smtps:' ? 465 : 587)), secure: u.protocol === 'smtps:', user: decodeURIComponent(u.username) || undefined, pass: decodeURIComponent(u.password) || undefined };
}

/** For `jashik config`: every mail variable, the relay password replaced by `***`. */
export function describeMailSettings(s: MailSettings): Record<string, unknown> {
  const h = s.smarthost;
  const relayUser = h?.user ? `${encodeURIComponent(h.user)}${h.pass ? ':***' : ''}@` : h?.pass ? ':***@' : '';
  return {
    JASHIK_MAIL_MAX_CONTENT_BYTES: s.limits.attachmentsBytes,
    JASHIK_MAIL_MAX_MESSAGE_BYTES: s.limits.messageBytes,
    JASHIK_MAIL_MAX_RECIPIENTS: s.limits.recipientsPerLetter,
    JASHIK_SMTP_RELAY: h ? `${h.secure ? 'smtps' : 'smtp'}://${relayUser}${h.host}:${h.port}` : '(none: direct to the MX of each domain)',
    JASHIK_SMTP_AUTH_CHECKS: s.authChecks ? 'on' : 'off',
    JASHIK_SMTP_TLS_KEY: s.smtpTls?.keyFile ?? "(none: smtp-server's built-in certificate)",
    JASHIK_SMTP_TLS_CERT: s.smtpTls?.certFile ?? "(none: smtp-server's built-in certificate)",
    JASHIK_DKIM_SELECTOR: s.dkimSelector,
    JASHIK_SMTP_MAX_CONNECTIONS_PER_IP: s.smtpPerIp?.connections ?? DEFAULT_SMTP_LIMITS.maxConnectionsPerIp,
    JASHIK_SMTP_MAX_MESSAGES_PER_IP_PER_MINUTE: s.smtpPerIp?.messagesPerMinute ?? DEFAULT_SMTP_LIMITS.maxMessagesPerIpPerMinute,
    JASHIK_SMTP_GREETING_PAUSE_MS: s.smtpGreetingPauseMs ?? DEFAULT_SMTP_LIMITS.greetingPauseMs,
  };
}
