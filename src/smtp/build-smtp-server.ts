/**
 * Inbound SMTP. The server speaks ESMTP (SIZE, STARTTLS, PIPELINING, 8BITMIME); the mail module
 * plugs its recipient check and delivery in through `onRecipient` / `onMessage`, and answers 250
 * only when the message is durably stored. Robustness against slow or abusive clients lives
 * here: command/data timeouts, total and per-IP connection limits, messages per IP per minute,
 * recipients per message, and the size limit (announced with SIZE, enforced while streaming).
 */
import { SMTPServer, type SMTPServerAddress, type SMTPServerSession } from 'smtp-server';
import type { Readable } from 'node:stream';
import type { Logger } from 'pino';

export interface SmtpHooks {
  /** Resolves if the address is a mailbox here; rejects with an Error carrying `responseCode`. */
  onRecipient?: (address: string, session: SMTPServerSession) => Promise<void>;
  onMessage?: (stream: Readable, session: SMTPServerSession) => Promise<void>;
}

export interface SmtpLimits {
  maxMessageBytes: number;
  maxRecipients: number;
  /** Idle time allowed between commands and while DATA flows. */
  socketTimeoutMs: number;
  maxClients: number;
  maxConnectionsPerIp: number;
  maxMessagesPerIpPerMinute: number;
}

export const DEFAULT_SMTP_LIMITS: SmtpLimits = {
  maxMessageBytes: 90 * 1024 * 1024,
  maxRecipients: 100,
  socketTimeoutMs: 60_000,
  maxClients: 500,
  maxConnectionsPerIp: 20,
  maxMessagesPerIpPerMinute: 600,
};

export interface SmtpServerHandle {
  listen(port: number, host: string): Promise<number>;
  /** Stops accepting, lets open sessions finish (at most `closeTimeout`), then closes. */
  close(): Promise<void>;
}

function smtpError(message: string, responseCode: number): Error {
  return Object.assign(new Error(message), { responseCode });
}

export function buildSmtpServer(opts: {
  domain: string;
  log: Logger;
  hooks?: SmtpHooks;
  maxMessageBytes?: number;
  limits?: Partial<SmtpLimits>;
  /** PEM key and certificate for STARTTLS; without them smtp-server's built-in test certificate is used. */
  tls?: { key: string | Buffer; cert: string | Buffer };
}): SmtpServerHandle {
  const { log, hooks = {} } = opts;
  const limits: SmtpLimits = { ...DEFAULT_SMTP_LIMITS, ...(opts.maxMessageBytes ? { maxMessageBytes: opts.maxMessageBytes } : {}), ...opts.limits };
  const perIp = new Map<string, number>();
  const recent = new Map<string, number[]>();
  const server = new SMTPServer({
    name: opts.domain,
    banner: 'jashik ESMTP',
    authOptional: true,
    disabledCommands: ['AUTH'],
    size: limits.maxMessageBytes,
    socketTimeout: limits.socketTimeoutMs,
    maxClients: limits.maxClients,
    closeTimeout: 5000,
    logger: false,
    ...(opts.tls ? { key: opts.tls.key, cert: opts.tls.cert } : {}),
    onConnect(session, callback) {
      const ip = session.remoteAddress;
      const n = (perIp.get(ip) ?? 0) + 1;
      if (n > limits.maxConnectionsPerIp) return callback(smtpError('4.7.0 too many connections from your address, try later', 421));
      perIp.set(ip, n);
      callback();
    },
    onClose(session) {
      const ip = session.remoteAddress;
      const n = (perIp.get(ip) ?? 1) - 1;
      if (n <= 0) perIp.delete(ip);
      else perIp.set(ip, n);
    },
    onMailFrom(_address, session, callback) {
      const ip = session.remoteAddress;
      const now = Date.now();
      const times = (recent.get(ip) ?? []).filter((t) => now - t < 60_000);
      if (times.length >= limits.maxMessagesPerIpPerMinute) return callback(smtpError('4.7.1 too many messages from your address, try later', 451));
      times.push(now);
      recent.set(ip, times);
      callback();
    },
    onRcptTo(address: SMTPServerAddress, session, callback) {
      if (session.envelope.rcptTo.length >= limits.maxRecipients) return callback(smtpError('4.5.3 too many recipients', 452));
      if (!hooks.onRecipient) return callback(smtpError(`5.1.1 <${address.address}>: no such mailbox here`, 550));
      hooks.onRecipient(address.address, session).then(() => callback(), (err: Error) => callback(err));
    },
    onData(stream, session, callback) {
      if (!hooks.onMessage) {
        stream.resume();
        return stream.on('end', () => callback(smtpError('4.3.2 delivery is not available yet', 451)));
      }
      hooks.onMessage(stream, session).then(
        () => callback(),
        (err: Error & { responseCode?: number }) => {
          if (!err.responseCode) log.error({ err: err.message }, 'storing an inbound message failed');
          callback(err.responseCode ? err : smtpError('4.3.0 temporary failure storing the message, try again', 451));
        },
      );
    },
  });
  server.on('error', (err) => log.warn({ err: err.message }, 'smtp error'));
  // Forget rate windows now and then so the map does not grow with every address ever seen.
  const sweep = setInterval(() => {
    const now = Date.now();
    for (const [ip, times] of recent) if (!times.some((t) => now - t < 60_000)) recent.delete(ip);
  }, 60_000);
  sweep.unref();

  return {
    listen(port, host) {
      return new Promise((resolve, reject) => {
        const onError = (err: Error) => reject(err);
        server.server.once('error', onError);
        server.listen(port, host, () => {
          server.server.off('error', onError);
          const addr = server.server.address();
          resolve(typeof addr === 'object' && addr ? addr.port : port);
        });
      });
    },
    close() {
      clearInterval(sweep);
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
