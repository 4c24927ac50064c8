import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { createLogger } from '../shared/logger.ts';
import { buildSmtpServer } from './build-smtp-server.ts';
import { smtpConnect } from './smtp-test-client.ts';

/**
 * A client that says QUIT and then never closes its side (allowHalfOpen): resolves with what it
 * received and whether the server's side went away entirely (a write after it is refused).
 */
async function quitAndLinger(port: number): Promise<{ said: string; ended: boolean }> {
  const socket = net.connect({ port, host: '127.0.0.1', allowHalfOpen: true });
  let said = '';
  let ended = false;
  socket.on('data', (d) => (said += d.toString('latin1')));
  socket.on('end', () => (ended = true));
  socket.on('error', () => {});
  const until = async (check: () => boolean) => {
    for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  };
  await until(() => said.includes('220 '));
  socket.write('EHLO lingering.example\r\n');
  await until(() => /^250 /m.test(said));
  socket.write('QUIT\r\n');
  await until(() => ended);
  return { said, ended };
}

test('X-2: after QUIT the server answers 221 and closes the connection itself, without waiting for the client to close its side', async () => {
  // One connection per address: the next one is served only if the first is no longer counted,
  // i.e. if the server closed it rather than half-closing and waiting for the client.
  const smtp = buildSmtpServer({ domain: 'pochta.localhost', log: createLogger('silent'), limits: { greetingPauseMs: 0, maxConnectionsPerIp: 1 } });
  const port = await smtp.listen(0, '127.0.0.1');
  try {
    const first = await quitAndLinger(port);
    assert.match(first.said, /^221 /m, 'the reply to QUIT arrives before the close');
    assert.ok(first.ended, "the server's FIN arrives");
    // The server's close reaches its connection count on its own 'close' event; give it a turn.
    await new Promise((r) => setTimeout(r, 100));
    const second = await smtpConnect(port);
    assert.equal(second.greeting.code, 220, 'a new connection from the same address is greeted, not refused as one too many');
    assert.equal((await second.send('QUIT')).code, 221);
    await second.closed;
  } finally {
    await smtp.close();
  }
});

test('X-2: a message sent before QUIT on the same connection is answered as before (pipelined QUIT after the final dot)', async () => {
  const smtp = buildSmtpServer({
    domain: 'pochta.localhost', log: createLogger('silent'), limits: { greetingPauseMs: 0 },
    hooks: { onRecipient: async () => {}, onMessage: async (s) => { for await (const _ of s); } },
  });
  const port = await smtp.listen(0, '127.0.0.1');
  try {
    const c = await smtpConnect(port);
    assert.equal((await c.send('EHLO pipelining.example')).code, 250);
    c.write('MAIL FROM:<a@sender.example>\r\nRCPT TO:<b@pochta.localhost>\r\nDATA\r\n');
    assert.equal((await c.send()).code, 250);
    assert.equal((await c.send()).code, 250);
    assert.equal((await c.send()).code, 354);
    c.write('Subject: x\r\n\r\nbody\r\n.\r\nQUIT\r\n');
    assert.equal((await c.send()).code, 250, 'the message is accepted');
    assert.equal((await c.send()).code, 221, 'then QUIT is answered');
    await c.closed;
  } finally {
    await smtp.close();
  }
});
