/**
 * After QUIT, the connection is closed as soon as the 221 reply and our FIN are written, as
 * Postfix's smtpd does (RFC 5321 §4.1.1.10: the server closes after replying to QUIT).
 * smtp-server 3.21 only half-closes: it ends its side and keeps reading until the client closes
 * its own, for up to 5 s. That costs, on every connection, one more read event for the client's
 * FIN — or, from a client that closes with a reset (smtp-source does, as many bulk senders), an
 * ECONNRESET error object whose stack trace Node formats on destroy — and a half-open client
 * keeps its place in the per-address connection count meanwhile. Nothing the client sends after
 * QUIT is ever answered (smtp-server stops parsing at QUIT), so there is nothing to wait for.
 *
 * smtp-server has no option for this: `SMTPConnection.prototype.handler_QUIT` is wrapped (its
 * own steps run first: 221, then close(), which ends the socket), and the socket is destroyed on
 * 'finish'. `close-after-quit.test.ts` fails if an upgrade changes the internals relied on
 * (`handler_QUIT`, `_socket`) or the behaviour.
 */
import type { Socket } from 'node:net';
import { SMTPConnection } from 'smtp-server/lib/smtp-connection.js';

interface ConnectionInternals {
  _socket: Socket;
  handler_QUIT(command: Buffer, callback: () => void): void;
}

let installed = false;

/** Makes every smtp-server connection in this process close fully once its reply to QUIT is written. Idempotent. */
export function installCloseAfterQuit(): void {
  if (installed) return;
  const proto = (SMTPConnection as unknown as { prototype: ConnectionInternals }).prototype;
  const quit = proto.handler_QUIT;
  if (typeof quit !== 'function') throw new Error('smtp-server internals changed (SMTPConnection.handler_QUIT): review src/smtp/close-after-quit.ts');
  proto.handler_QUIT = function handlerQuit(this: ConnectionInternals, command, callback) {
    quit.call(this, command, callback);
    const socket = this._socket;
    if (!socket || socket.destroyed) return;
    // 'finish': the 221 and the FIN have been handed to the kernel, which delivers them after
    // the close as before it.
    if (socket.writableFinished) socket.destroy();
    else socket.once('finish', () => socket.destroy());
  };
  installed = true;
}
