/**
 * The pause before the SMTP greeting, made a setting. smtp-server waits a fixed 100 ms after
 * every connection before it greets, so that a client which talks first (a spam bot that does not
 * wait for the banner) is answered "421 You talk too soon". Postfix's smtpd does not pause (its
 * postscreen greet wait is opt-in), and with one message per connection the fixed pause alone
 * caps 20 connections at 200 messages a second, whatever the server could do. The pause is an
 * anti-spam heuristic, so it stays on by default (JASHIK_SMTP_GREETING_PAUSE_MS, 100 ms); an
 * operator who trusts the SPF/DKIM/DMARC checks, or whose partner MTAs send a message per
 * connection, may shorten it or set 0.
 *
 * smtp-server 3.21 has no option for this: its `SMTPConnection.init()` hard-codes the 100 ms.
 * This module replaces `init()` with the same steps and the configured pause (written by hand
 * because no library setting exists; `greeting-pause.test.ts` fails if an upgrade changes the
 * internals it relies on: `_setListeners`, `connectionReady`, `_server.connections`).
 */
import { SMTPConnection } from 'smtp-server/lib/smtp-connection.js';

/** smtp-server's own pause, kept as the default. */
export const DEFAULT_GREETING_PAUSE_MS = 100;

/** The option key read from the SMTPServer options of each connection's server. */
export const GREETING_PAUSE_OPTION = 'jashikGreetingPauseMs';

interface ConnectionInternals {
  _server: { options: Record<string, unknown>; connections: Set<unknown> };
  name: string;
  _setListeners(callback: () => void): void;
  connectionReady(): void;
  send(code: number, message: string, command?: unknown): void;
}

let installed = false;

/** Makes every smtp-server connection in this process pause as its server's options say. Idempotent. */
export function installGreetingPause(): void {
  if (installed) return;
  const proto = (SMTPConnection as unknown as { prototype: ConnectionInternals & { init(): void } }).prototype;
  if (typeof proto.init !== 'function' || typeof proto._setListeners !== 'function' || typeof proto.connectionReady !== 'function') {
    throw new Error('smtp-server internals changed (SMTPConnection.init/_setListeners/connectionReady): review src/smtp/greeting-pause.ts');
  }
  proto.init = function init(this: ConnectionInternals) {
    this._setListeners(() => {
      const options = this._server.options;
      if (options.maxClients && this._server.connections.size > (options.maxClients as number)) {
        return this.send(421, this.name + ' Too many connected clients, try again in a moment', false);
      }
      const configured = options[GREETING_PAUSE_OPTION];
      const pause = typeof configured === 'number' ? configured : DEFAULT_GREETING_PAUSE_MS;
      if (pause <= 0) return this.connectionReady();
      // Unref'd as smtp-server does: a pending greeting does not keep the process alive.
      setTimeout(() => this.connectionReady(), pause).unref();
    });
  };
  installed = true;
}
