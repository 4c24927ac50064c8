/**
 * The running system's SMTP server, built the same way in the main process and in each SMTP
 * worker process: the mail module's inbound hooks, the configured TLS certificate, and the
 * limits. Per-IP limits are shared out between the processes (connections arrive spread
 * evenly over them), so N processes together allow what one would.
 */
import { readFileSync } from 'node:fs';
import type { AppContext } from '../app/context.ts';
import { mailRuntime } from '../modules/mail/mail-runtime.ts';
import { buildSmtpServer, DEFAULT_SMTP_LIMITS, type SmtpServerHandle } from './build-smtp-server.ts';
import { mailSmtpHooks } from './mail-smtp-hooks.ts';

export function buildSystemSmtp(ctx: AppContext, processes = 1): SmtpServerHandle {
  const mail = mailRuntime(ctx);
  const tls = mail.settings.smtpTls && { key: readFileSync(mail.settings.smtpTls.keyFile), cert: readFileSync(mail.settings.smtpTls.certFile) };
  const share = (n: number) => Math.max(1, Math.ceil(n / processes));
  return buildSmtpServer({
    domain: ctx.config.domain,
    log: ctx.log.child({ part: 'smtp' }),
    hooks: mailSmtpHooks(mail.inbound),
    maxMessageBytes: mail.settings.limits.messageBytes,
    tls,
    limits: {
      maxClients: share(DEFAULT_SMTP_LIMITS.maxClients),
      maxConnectionsPerIp: share(mail.settings.smtpPerIp?.connections ?? DEFAULT_SMTP_LIMITS.maxConnectionsPerIp),
      maxMessagesPerIpPerMinute: share(mail.settings.smtpPerIp?.messagesPerMinute ?? DEFAULT_SMTP_LIMITS.maxMessagesPerIpPerMinute),
      greetingPauseMs: mail.settings.smtpGreetingPauseMs ?? DEFAULT_SMTP_LIMITS.greetingPauseMs,
    },
  });
}
