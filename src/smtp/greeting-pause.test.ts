import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { createLogger } from '../shared/logger.ts';
import { buildSmtpServer } from './build-smtp-server.ts';
import { smtpConnect } from './smtp-test-client.ts';

/** Connects and says EHLO before any greeting could have come; returns everything the server answered. */
async function talkFirst(port: number): Promise<string> {
  const socket = net.connect(port, '127.0.0.1');
  let said = '';
  socket.on('data', (d) => (said += d.toString('latin1')));
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  socket.write('EHLO early.example\r\n');
  await new Promise((r) => setTimeout(r, 400));
  socket.destroy();
  return said;
}

async function withServer(greetingPauseMs: number | undefined, run: (port: number) => Promise<void>): Promise<void> {
  const smtp = buildSmtpServer({ domain: 'pochta.localhost', log: createLogger('silent'), limits: greetingPauseMs === undefined ? {} : { greetingPauseMs } });
  const port = await smtp.listen(0, '127.0.0.1');
  try {
    await run(port);
  } finally {
    await smtp.close();
  }
}

test('X-2, MB-9: by default a client that talks before the greeting is answered 421 "You talk too soon" (the early-talker check kept)', async () => {
  await withServer(undefined, async (port) => {
    const said = await talkFirst(port);
    assert.match(said, /^421 .*You talk too soon/m);
    assert.doesNotMatch(said, /^250/m);
  });
});

test('X-2: JASHIK_SMTP_GREETING_PAUSE_MS=0 greets at once, so a client that does not wait is served, not refused', async () => {
  await withServer(0, async (port) => {
    const said = await talkFirst(port);
    assert.match(said, /^220 /m);
    assert.match(said, /^250[- ]/m);
    assert.doesNotMatch(said, /421/);
  });
});

test('X-2: the greeting waits the configured pause, and a client that waits is served as before', async () => {
  await withServer(300, async (port) => {
    const t0 = performance.now();
    const c = await smtpConnect(port);
    const waited = performance.now() - t0;
    assert.equal(c.greeting.code, 220);
    assert.ok(waited >= 250, `greeting came after ${waited.toFixed(0)} ms, expected the 300 ms pause`);
    assert.equal((await c.send('EHLO patient.example')).code, 250);
    c.destroy();
  });
});
