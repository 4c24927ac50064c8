/**
 * Inbound SMTP. The foundation greets and speaks ESMTP; recipients are refused until the mail
 * module plugs its recipient check and delivery in through `onRecipient` / `onMessage`.
 */
import { SMTPServer, type SMTPServerAddress, type SMTPServerSession } from 'smtp-server';
import type { Readable } from 'node:stream';
import type { Logger } from 'pino';

export interface SmtpHooks {
  /** Resolves if the address is a mailbox here; rejects with an Error carrying `responseCode`. */
  onRecipient?: (address: string, session: SMTPServerSession) => Promise<void>;
  onMessage?: (stream: Readable, session: SMTPServerSession) => Promise<void>;
}

export interface SmtpServerHandle {
  listen(port: number, host: string): Promise<number>;
  /** Stops accepting, lets open sessions finish (at most `closeTimeout`), then closes. */
  close(): Promise<void>;
}

function smtpError(message: string, responseCode: number): Error {
  return Object.assign(new Error(message), { responseCode });
}

export function buildSmtpServer(opts: { domain: string; log: Logger; hooks?: SmtpHooks; maxMessageBytes?: number }): SmtpServerHandle {
  const { log, hooks = {} } = opts;
  const server = new SMTPServer({
    name: opts.domain,
    banner: 'jashik ESMTP',
    authOptional: true,
    disabledCommands: ['AUTH'],
    size: opts.maxMessageBytes ?? 64 * 1024 * 1024,
    closeTimeout: 5000,
    logger: false,
    onRcptTo(address: SMTPServerAddress, session, callback) {
      if (!hooks.onRecipient) return callback(smtpError(`5.1.1 <${address.address}>: no such mailbox here`, 550));
      hooks.onRecipient(address.address, session).then(() => callback(), (err: Error) => callback(err));
    },
    onData(stream, session, callback) {
      if (!hooks.onMessage) {
        stream.resume();
        return stream.on('end', () => callback(smtpError('4.3.2 delivery is not available yet', 451)));
      }
      hooks.onMessage(stream, session).then(() => callback(), (err: Error) => callback(err));
    },
  });
  server.on('error', (err) => log.warn({ err: err.message }, 'smtp error'));

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
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
