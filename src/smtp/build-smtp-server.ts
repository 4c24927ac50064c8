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
import { installCloseAfterQuit } from './close-after-quit.ts';
import { DEFAULT_GREETING_PAUSE_MS, GREETING_PAUSE_OPTION, installGreetingPause } from './greeting-pause.ts';

installGreetingPause();
installCloseAfterQuit();

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
  /** Wait before the greeting; a client that talks first gets 421 (greeting-pause.ts). */
  greetingPauseMs: number;
}

export const DEFAULT_SMTP_LIMITS: SmtpLimits = {
  maxMessageBytes: 90 * 1024 * 1024,
  maxRecipients: 100,
  socketTimeoutMs: 60_000,
  maxClients: 500,
  maxConnectionsPerIp: 20,
  maxMessagesPerIpPerMinute: 600,
  greetingPauseMs: DEFAULT_GREETING_PAUSE_MS,
};

export interface SmtpServerHandle {
  listen(port: number, host: string): Promise<number>;
  /** Stops accepting, lets open sessions finish (at most `closeTimeout`), then closes. */
  close(): Promise<void>;
}

/**
 * The times of the messages one address started within the last minute, oldest first: expired
 * times leave from the front, so a MAIL FROM costs O(1) however many messages the limit allows
 * (rather than filtering the whole minute's list each time).
 */
export class MinuteWindow {
  private times: number[] = [];
  private head = 0;

  /** Messages started in the minute before `now`. */
  count(now: number): number {
    while (this.head < this.times.length && now - this.times[this.head] >= 60_000) this.head++;
    if (this.head > 1024 && this.head * 2 > this.times.length) {
      this.times = this.times.slice(this.head);
      this.head = 0;
    }
    return this.times.length - this.head;
  }

  add(now: number): void {
    this.times.push(now);
  }
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
  const recent = new Map<string, MinuteWindow>();
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
    // The client's PTR name is used by nothing here (SPF works from the IP and HELO), and the
    // lookup costs a DNS round trip and its sockets on every connection.
    disableReverseLookup: true,
    ...{ [GREETING_PAUSE_OPTION]: limits.greetingPauseMs },
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
      let window = recent.get(ip);
      if (!window) recent.set(ip, (window = new MinuteWindow()));
      if (window.count(now) >= limits.maxMessagesPerIpPerMinute) return callback(smtpError('4.7.1 too many messages from your address, try later', 451));
      window.add(now);
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
    for (const [ip, window] of recent) if (window.count(now) === 0) recent.delete(ip);
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
