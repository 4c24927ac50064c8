import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { createLogger } from '../shared/logger.ts';
import { buildHttpServer } from './build-http-server.ts';

test('MB-9: one access-log line per request, with the path but not the query string (search words stay out of logs)', async () => {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, cb) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      cb();
    },
  });
  const app = await buildHttpServer({ log: createLogger('info', sink as never), readiness: {} });
  try {
    const r = await app.inject({ method: 'GET', url: `/healthz?q=${encodeURIComponent('құпия хат')}`, headers: { 'x-request-id': 'req-1' } });
    assert.equal(r.statusCode, 200);
  } finally {
    await app.close();
  }
  const ours = lines.map((l) => JSON.parse(l)).filter((l) => l.requestId === 'req-1');
  assert.equal(ours.length, 1, lines.join('\n'));
  assert.equal(ours[0].path, '/healthz');
  assert.equal(ours[0].statusCode, 200);
  assert.equal(typeof ours[0].responseTime, 'number');
  assert.ok(!lines.join('\n').includes('q='), lines.join('\n'));
  assert.ok(!lines.join('\n').includes(encodeURIComponent('құпия')), lines.join('\n'));
});
