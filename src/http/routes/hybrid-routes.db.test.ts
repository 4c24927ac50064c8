import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { hybridApiForThisFile } from './hybrid-api-harness.ts';
import { ADDRESS, senderActor, staffActor } from '../../modules/hybrid/testkit.ts';

const h = hybridApiForThisFile();

test('hybrid API: 401 without a caller; submitHybridLetter 201, a repeat with the same Idempotency-Key 200; getHybridStatus by S10', async () => {
  h.actors.set('sender', await senderActor(h.t.database));
  assert.equal((await h.app.inject({ method: 'POST', url: '/api/v1/hybrid/letters', payload: { recipient: { address: ADDRESS }, content: { text: 'x' } } })).statusCode, 401);
  const send = () => h.app.inject({ method: 'POST', url: '/api/v1/hybrid/letters', headers: { 'x-test-actor': 'sender', 'idempotency-key': 'http-1' }, payload: { recipient: { address: ADDRESS }, content: { text: 'Сәлем' } } });
  const r1 = await send();
  assert.equal(r1.statusCode, 201, r1.body);
  const b1 = r1.json();
  assert.match(b1.s10, /^RR\d{9}KZ$/);
  const r2 = await send();
  assert.equal(r2.statusCode, 200);
  assert.equal(r2.json().itemId, b1.itemId);
  const st = await h.app.inject({ method: 'GET', url: `/api/v1/hybrid/letters/${b1.s10}`, headers: { 'x-test-actor': 'sender' } });
  assert.equal(st.statusCode, 200);
  assert.deepEqual(st.json().events.map((e: { event: string }) => e.event), ['accepted']);
  h.actors.set('other', await senderActor(h.t.database));
  assert.equal((await h.app.inject({ method: 'GET', url: `/api/v1/hybrid/letters/${b1.s10}`, headers: { 'x-test-actor': 'other' } })).statusCode, 404);
});

test('hybrid API (bad input): a missing locality is a 400 naming the field in the request language', async () => {
  const { locality: _, ...noLocality } = ADDRESS;
  const r = await h.app.inject({ method: 'POST', url: '/api/v1/hybrid/letters?lang=ru', headers: { 'x-test-actor': 'sender' }, payload: { recipient: { address: noLocality }, content: { text: 'x' } } });
  assert.equal(r.statusCode, 400);
  const e = r.json().error;
  assert.equal(e.code, 'VALIDATION_FAILED');
  assert.equal(e.fields[0].name, 'recipient.address.locality');
  assert.match(e.fields[0].message, /населённый пункт/);
});

test('hybrid API: recordHybridEvent refuses delivered-before-printed (409) and unknown S10 (404); registerPaperLetter refuses a non-image scan (415)', async () => {
  h.actors.set('clerk', staffActor('clerk'));
  const sent = await h.app.inject({ method: 'POST', url: '/api/v1/hybrid/letters', headers: { 'x-test-actor': 'sender' }, payload: { recipient: { address: ADDRESS }, content: { text: 'Order' } } });
  const s10 = sent.json().s10;
  const ooo = await h.app.inject({ method: 'POST', url: '/api/v1/hybrid/events', headers: { 'x-test-actor': 'clerk' }, payload: { s10, event: 'delivered' } });
  assert.equal(ooo.statusCode, 409);
  assert.equal(ooo.json().error.code, 'HYBRID_EVENT_OUT_OF_ORDER');
  const unknown = await h.app.inject({ method: 'POST', url: '/api/v1/hybrid/events', headers: { 'x-test-actor': 'clerk' }, payload: { s10: 'RR000000005KZ', event: 'delivered' } });
  assert.equal(unknown.statusCode, 404);
  const scan = await h.app.inject({ method: 'POST', url: '/api/v1/hybrid/paper-letters', headers: { 'x-test-actor': 'clerk' }, payload: { addressee: { email: 'a@example.kz' }, senderAsWritten: 'X', scans: [Buffer.from('GIF89a').toString('base64')] } });
  assert.equal(scan.statusCode, 415);
  assert.equal(scan.json().error.fields[0].name, 'scans[0]');
  const batches = await h.app.inject({ method: 'GET', url: '/api/v1/hybrid/batches', headers: { 'x-test-actor': 'sender' } });
  assert.equal(batches.statusCode, 403);
});
