import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { hybridApiForThisFile } from './hybrid-api-harness.ts';
import { directoryPrintDrop } from '../../modules/hybrid/print-drop.ts';
import { createLogger } from '../../shared/logger.ts';
import { buildPrintBatch } from '../../modules/hybrid/print-batch-job.ts';
import { webhookJob } from '../../modules/hybrid/hybrid-jobs.ts';
import { submitHybridLetter } from '../../modules/hybrid/submit-hybrid-letter.ts';
import { ADDRESS, senderActor, staffActor } from '../../modules/hybrid/testkit.ts';

const as = (who: string) => ({ 'x-test-actor': who });

const h = hybridApiForThisFile(async () => {
  h.actors.set('sender', await senderActor(h.t.database));
  h.actors.set('other', await senderActor(h.t.database));
  h.actors.set('printer', staffActor('print_centre'));
  h.actors.set('clerk', staffActor('clerk'));
});

async function printedItems(n: number): Promise<string[]> {
  const s10: string[] = [];
  for (let i = 0; i < n; i++) s10.push((await submitHybridLetter(h.env, h.actors.get('sender')!, { recipient: { address: ADDRESS }, content: { text: `Tracking ${i}` } })).s10!);
  await h.t.database.db.transaction((tx) => buildPrintBatch(tx, { blobs: h.env.blobs, drop: directoryPrintDrop(h.env.dropDir), config: h.env.config }, 'PC-ALMATY', `PC-ALMATY-W${Date.now()}`));
  return s10;
}

test('MB-7: a sender subscribes a webhook; tracking events reach it signed with the secret, a failed delivery is retried, a revoked one is not sent', async () => {
  const received: { body: string; sig: string }[] = [];
  let answer = 500;
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => { body += c; });
    req.on('end', () => { received.push({ body, sig: String(req.headers['x-jashik-signature']) }); res.writeHead(answer).end(); });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    const created = await h.app.inject({ method: 'POST', url: '/api/v1/hybrid/webhooks', headers: as('sender'), payload: { url } });
    assert.equal(created.statusCode, 201, created.body);
    const { webhookId, secret } = created.json();
    assert.ok(secret.length >= 40);
    const list = await h.app.inject({ method: 'GET', url: '/api/v1/hybrid/webhooks', headers: as('sender') });
    assert.deepEqual(list.json().map((w: { webhookId: string; secret?: string }) => [w.webhookId, w.secret]), [[webhookId, undefined]]);
    assert.deepEqual((await h.app.inject({ method: 'GET', url: '/api/v1/hybrid/webhooks', headers: as('other') })).json(), []);

    const [s10] = await printedItems(1);
    const ev = await h.app.inject({ method: 'POST', url: '/api/v1/hybrid/events', headers: as('printer'), payload: { s10, event: 'printed', place: 'PC-ALMATY' } });
    assert.equal(ev.statusCode, 200, ev.body);
    const jobs = await h.t.database.pool.query(`select id, kind, version, payload, attempts, max_attempts from jobs where kind = 'hybrid.webhook' and payload->>'event' = 'printed'`);
    assert.equal(jobs.rows.length, 1);
    const j = jobs.rows[0];
    const job = { id: Number(j.id), kind: j.kind, version: j.version, payload: j.payload, attempts: j.attempts, maxAttempts: j.max_attempts };
    assert.equal(job.maxAttempts, 12);
    const run = () => h.t.database.db.transaction((tx) => webhookJob()(job, { tx, log: createLogger('silent') }));
    await assert.rejects(run(), /webhook answered 500/, 'a non-2xx answer fails the job so that it is retried');
    answer = 204;
    await run();
    assert.equal(received.length, 2);
    const last = received[1];
    assert.equal(last.sig, `sha256=${createHmac('sha256', secret).update(last.body).digest('hex')}`);
    assert.deepEqual([JSON.parse(last.body).s10, JSON.parse(last.body).event], [s10, 'printed']);

    assert.equal((await h.app.inject({ method: 'DELETE', url: `/api/v1/hybrid/webhooks/${webhookId}`, headers: as('other') })).statusCode, 404);
    assert.equal((await h.app.inject({ method: 'DELETE', url: `/api/v1/hybrid/webhooks/${webhookId}`, headers: as('sender') })).statusCode, 204);
    await run();
    assert.equal(received.length, 2, 'nothing is sent to a revoked webhook');
  } finally {
    server.close();
  }
});

test('MB-7 (bad input): a webhook URL that is not https, is private, or is not a URL is refused naming the field; clerks may not subscribe', async () => {
  for (const url of ['http://example.kz/hook', 'https://10.0.0.5/hook', 'https://[::1]/x', 'not a url', 'https://u:p@example.kz/']) {
    const r = await h.app.inject({ method: 'POST', url: '/api/v1/hybrid/webhooks', headers: as('sender'), payload: { url } });
    assert.equal(r.statusCode, 400, url);
    assert.equal(r.json().error.fields[0].name, 'url');
  }
  assert.equal((await h.app.inject({ method: 'POST', url: '/api/v1/hybrid/webhooks', headers: as('clerk'), payload: { url: 'https://example.kz/h' } })).statusCode, 403);
});

test('MB-7: tracking events from a CSV batch file are validated and recorded line by line; a re-sent file is idempotent', async () => {
  const [a, b] = await printedItems(2);
  const csv = [
    's10,event,occurred_at,place,event_id',
    `${a},printed,2026-03-01T08:00:00Z,PC-ALMATY,L1`,
    `${a},enveloped,2026-03-01T09:00:00Z,"PC-ALMATY, hall 2",L2`,
    `${a},printed,2026-03-01T08:00:00Z,PC-ALMATY,L1`,
    `${b},delivered,2026-03-01T10:00:00Z,Алматы,L3`,
    'RR000000005KZ,printed,,,L4',
    'RR000000004KZ,printed,,,L5',
    `${b},printed,yesterday,,L6`,
    `${b},sent,,,L7`,
  ].join('\n');
  const send = () => h.app.inject({ method: 'POST', url: '/api/v1/hybrid/events/batch?lang=ru', headers: { ...as('printer'), 'content-type': 'text/csv' }, payload: csv });
  const r = await send();
  assert.equal(r.statusCode, 200, r.body);
  const body = r.json();
  assert.deepEqual([body.lines, body.recorded, body.duplicates, body.refused], [8, 2, 1, 5]);
  const byLine = Object.fromEntries(body.results.map((x: { line: number }) => [x.line, x]));
  assert.equal(byLine[3].ok && byLine[3].status, 'enveloped');
  assert.equal(byLine[4].duplicate, true);
  assert.equal(byLine[5].error.code, 'FORBIDDEN', 'a print centre does not report deliveries');
  assert.equal(byLine[6].error.code, 'HYBRID_UNKNOWN_ITEM');
  assert.match(byLine[6].error.message, /трек-номером/);
  assert.deepEqual([byLine[7].error.code, byLine[7].error.fields[0].name], ['VALIDATION_FAILED', 's10']);
  assert.deepEqual([byLine[8].error.fields[0].name, byLine[8].error.fields[0].code], ['occurredAt', 'format']);
  assert.equal(byLine[9].error.fields[0].name, 'event');
  const ev = await h.t.database.pool.query(`select e.event, e.place from hybrid_events e join hybrid_items i on i.id = e.item_id where i.s10 = $1 and e.event <> 'accepted' order by e.occurred_at`, [a]);
  assert.deepEqual(ev.rows.map((x) => [x.event, x.place]), [['printed', 'PC-ALMATY'], ['enveloped', 'PC-ALMATY, hall 2']]);

  const again = (await send()).json();
  assert.deepEqual([again.recorded, again.duplicates], [0, 3]);
});

test('MB-7: tracking events from a JSON batch file; a clerk reports delivery; a file without the header or from a sender is refused whole', async () => {
  const [c] = await printedItems(1);
  const events = ['printed', 'enveloped', 'handed_over'].map((event) => ({ s10: c, event }));
  const p = await h.app.inject({ method: 'POST', url: '/api/v1/hybrid/events/batch', headers: as('printer'), payload: events });
  assert.equal(p.json().recorded, 3, p.body);
  const d = await h.app.inject({ method: 'POST', url: '/api/v1/hybrid/events/batch', headers: as('clerk'), payload: [{ s10: c, event: 'delivered', place: 'Алматы 050010' }, { event: 'delivered' }] });
  assert.deepEqual(d.json().results.map((x: { ok: boolean }) => x.ok), [true, false]);
  assert.equal((await h.app.inject({ method: 'POST', url: '/api/v1/hybrid/events/batch', headers: { ...as('printer'), 'content-type': 'text/csv' }, payload: 'a,b\nx,y' })).json().error.fields[0].name, 'header');
  assert.equal((await h.app.inject({ method: 'POST', url: '/api/v1/hybrid/events/batch', headers: { ...as('sender'), 'content-type': 'text/csv' }, payload: 'a,b' })).statusCode, 403);
  const audit = await h.t.database.pool.query(`select payload from audit_log where type = 'hybrid.event_batch'`);
  assert.ok(audit.rows.length >= 2);
});
