/** A minimal line-by-line SMTP client for tests that need exact control (abuse, limits, aborts). */
import net from 'node:net';

export interface SmtpTalk {
  /** Sends a line (or nothing) and waits for the complete reply; returns its code and text. */
  send(line?: string): Promise<{ code: number; text: string }>;
  write(data: string | Buffer): void;
  closed: Promise<void>;
  destroy(): void;
}

export async function smtpConnect(port: number): Promise<SmtpTalk & { greeting: { code: number; text: string } }> {
  const socket = net.connect(port, '127.0.0.1');
  let buf = '';
  let waiter: ((r: { code: number; text: string }) => void) | undefined;
  const queue: { code: number; text: string }[] = [];
  const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
  socket.on('error', () => {});
  socket.on('data', (d) => {
    buf += d.toString('latin1');
    for (;;) {
      // A reply ends with a line "NNN text" (space after the code).
      const m = /^((?:\d{3}-[^\r\n]*\r\n)*)(\d{3})(?: [^\r\n]*)?\r\n/.exec(buf);
      if (!m) break;
      const reply = { code: Number(m[2]), text: m[0] };
      buf = buf.slice(m[0].length);
      if (waiter) {
        const w = waiter;
        waiter = undefined;
        w(reply);
      } else queue.push(reply);
    }
  });
  const next = () =>
    new Promise<{ code: number; text: string }>((resolve, reject) => {
      const q = queue.shift();
      if (q) return resolve(q);
      waiter = resolve;
      void closed.then(() => reject(new Error('connection closed')));
    });
  const greeting = await next();
  return {
    greeting,
    send(line) {
      if (line !== undefined) socket.write(`${line}\r\n`);
      return next();
    },
    write: (data) => void socket.write(data),
    closed,
    destroy: () => socket.destroy(),
  };
}
