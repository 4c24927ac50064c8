import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { createLogger } from './logger.ts';

test('MB-9: passwords, tokens, OTPs and session cookies never reach a log line', () => {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, cb) {
      lines.push(chunk.toString());
      cb();
    },
  });
  const log = createLogger('info', sink as never);
  log.info({ password: 'hunter2', user: { password: 'p4ss', otp: '123456', token: 'tok-abc' }, req: { headers: { authorization: 'Bearer sek', cookie: 'sid=s3' } } }, 'login attempt');
  const out = lines.join('');
  for (const secret of ['hunter2', 'p4ss', '123456', 'tok-abc', 'Bearer sek', 'sid=s3']) assert.ok(!out.includes(secret), `${secret} leaked: ${out}`);
  assert.match(out, /\[redacted\]/);
  assert.match(out, /login attempt/);
});
