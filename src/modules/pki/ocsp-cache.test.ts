/**
 * OCSP answers fetched online are reused as the policy allows (revocation.ts): a good or
 * revoked answer for at most `ocspCacheSeconds` after its thisUpdate and never past its
 * nextUpdate; unknown answers, failures and answers without the request's nonce never; 0 asks
 * every time. Answers come from a loopback responder the test starts, which counts requests.
 * SPEC X-3 (signatures with their revocation status), DF-8 (the signing certificate's validity
 * checked at primary processing), DF-14 (the answer used is what a caller keeps).
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, test } from 'node:test';
import { signCms } from './cms-sign.ts';
import { parseOcspRequest } from './ocsp.ts';
import { httpFetcher, type RevocationOptions } from './revocation.ts';
import { makeCa, makeLeaf } from './testkit.ts';
import { verifyCms } from './verify.ts';
import { issueOcspResponse } from './x509-build.ts';

const ca = makeCa();
const content = Buffer.from('{"type":"receipt","version":1}');

/** What the responder says about one certificate, and how often it was asked. */
interface Answer {
  leaf: ReturnType<typeof makeLeaf>;
  status: 'good' | 'revoked' | 'unknown';
  revokedAt?: Date;
  /** thisUpdate relative to the moment of the request. */
  ageMs?: number;
  /** nextUpdate relative to the moment of the request; none when undefined. */
  nextUpdateInMs?: number;
  echoNonce?: boolean;
  asked: number;
  bodies: Buffer[];
}
const bySerial = new Map<string, Answer>();
let server: Server;
let url = '';

before(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const q = parseOcspRequest(Buffer.concat(chunks));
      const a = bySerial.get(q.serialNumber)!;
      a.asked++;
      const now = Date.now();
      const body = issueOcspResponse({
        issuer: ca.cert, responder: ca.cert, signer: ca.signer, producedAt: new Date(now - (a.ageMs ?? 0)),
        nextUpdate: a.nextUpdateInMs === undefined ? undefined : new Date(now + a.nextUpdateInMs),
        entries: [{ certificate: a.leaf.cert, status: a.status, revokedAt: a.revokedAt, reason: 'keyCompromise' }],
        nonce: a.echoNonce === false ? undefined : q.nonce,
      });
      a.bodies.push(body);
      res.setHeader('content-type', 'application/ocsp-response');
      res.end(body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/ocsp`;
});
after(() => server.close());

/** A new signer (so no other test's cached answer applies) and what the responder says about it. */
function signerWith(a: Omit<Answer, 'leaf' | 'asked' | 'bodies'>) {
  const leaf = makeLeaf(ca);
  const answer: Answer = { ...a, leaf, asked: 0, bodies: [] };
  bySerial.set(leaf.cert.serialNumber, answer);
  return { answer, cms: signCms(content, [leaf.signer]) };
}

const verify = (cms: Uint8Array, revocation: Partial<RevocationOptions>) =>
  verifyCms(cms, { trust: ca.trust, revocation: { ocspUrls: [url], fetcher: httpFetcher, ...revocation } });

test('X-3/DF-8: a second verification within ocspCacheSeconds reuses the good answer without asking the responder, and says so', async () => {
  const { answer, cms } = signerWith({ status: 'good', nextUpdateInMs: 3600_000 });
  const reused: { kind: string; url: string; der: Uint8Array }[] = [];
  const opts = { ocspCacheSeconds: 300, onReuse: (i: (typeof reused)[number]) => reused.push(i) };
  const first = await verify(cms, opts);
  assert.equal(first.valid, true);
  assert.equal(first.signers[0].revocation[0].cached, undefined);
  assert.equal(answer.asked, 1);
  const second = await verify(cms, opts);
  assert.equal(second.valid, true);
  assert.equal(answer.asked, 1, 'the responder was asked again');
  const r = second.signers[0].revocation[0];
  assert.deepEqual([r.status, r.source, r.location, r.cached, r.checkedAt], ['good', 'ocsp', url, true, first.signers[0].revocation[0].checkedAt]);
  assert.equal(reused.length, 1);
  assert.equal(reused[0].kind, 'ocsp');
  assert.equal(reused[0].url, url);
  assert.deepEqual(Buffer.from(reused[0].der), answer.bodies[0], 'the bytes handed on are the answer fetched');
});

test('X-3: after ocspCacheSeconds the responder is asked again', async () => {
  const { answer, cms } = signerWith({ status: 'good', nextUpdateInMs: 3600_000 });
  await verify(cms, { ocspCacheSeconds: 1 });
  await verify(cms, { ocspCacheSeconds: 1 });
  assert.equal(answer.asked, 1);
  await sleep(1100);
  const again = await verify(cms, { ocspCacheSeconds: 1 });
  assert.equal(again.valid, true);
  assert.equal(answer.asked, 2);
  assert.equal(again.signers[0].revocation[0].cached, undefined);
});

test('X-3: an answer is not reused past its nextUpdate, however long ocspCacheSeconds is', async () => {
  const { answer, cms } = signerWith({ status: 'good', nextUpdateInMs: 1000 });
  await verify(cms, { ocspCacheSeconds: 3600 });
  await verify(cms, { ocspCacheSeconds: 3600 });
  assert.equal(answer.asked, 1);
  await sleep(1100);
  assert.equal((await verify(cms, { ocspCacheSeconds: 3600 })).valid, true);
  assert.equal(answer.asked, 2);
});

test('X-3: the cache lifetime counts from the answer\'s thisUpdate: an answer older than ocspCacheSeconds is used once, not kept', async () => {
  const { answer, cms } = signerWith({ status: 'good', ageMs: 10 * 60_000, nextUpdateInMs: 3600_000 });
  assert.equal((await verify(cms, { ocspCacheSeconds: 300 })).valid, true);
  assert.equal((await verify(cms, { ocspCacheSeconds: 300 })).valid, true);
  assert.equal(answer.asked, 2);
  // Without a nextUpdate the answer is kept at most ocspCacheSeconds: here that covers its age.
  const aged = signerWith({ status: 'good', ageMs: 60_000 });
  await verify(aged.cms, { ocspCacheSeconds: 300 });
  await verify(aged.cms, { ocspCacheSeconds: 300 });
  assert.equal(aged.answer.asked, 1);
});

test('X-3: an unknown answer is never cached: revocation stays unknown and the responder is asked each time', async () => {
  const { answer, cms } = signerWith({ status: 'unknown', nextUpdateInMs: 3600_000 });
  for (let i = 0; i < 2; i++) {
    const r = await verify(cms, { ocspCacheSeconds: 300 });
    assert.equal(r.valid, false);
    assert.equal(r.signers[0].revocation[0].status, 'unknown');
  }
  assert.equal(answer.asked, 2);
});

test('X-3: an answer without the request\'s nonce (a possible replay) is refused and not cached', async () => {
  const { answer, cms } = signerWith({ status: 'good', nextUpdateInMs: 3600_000, echoNonce: false });
  const replay = await verify(cms, { ocspCacheSeconds: 300 });
  assert.match(replay.signers[0].revocation[0].unknownReasons!.join(), /nonce/);
  answer.echoNonce = true;
  const fresh = await verify(cms, { ocspCacheSeconds: 300 });
  assert.equal(fresh.valid, true);
  assert.equal(fresh.signers[0].revocation[0].cached, undefined);
  assert.equal(answer.asked, 2);
});

test('X-3: ocspCacheSeconds 0 (and unset) asks the responder on every verification', async () => {
  const { answer, cms } = signerWith({ status: 'good', nextUpdateInMs: 3600_000 });
  for (let i = 0; i < 3; i++) assert.equal((await verify(cms, { ocspCacheSeconds: 0 })).valid, true);
  assert.equal(answer.asked, 3);
  for (let i = 0; i < 2; i++) assert.equal((await verify(cms, {})).valid, true);
  assert.equal(answer.asked, 5);
});

test('X-3/DF-8: a revoked answer is honoured when fetched and when reused, judged for each trusted time', async () => {
  const revokedAt = new Date(Date.now() - 60_000);
  const { answer, cms } = signerWith({ status: 'revoked', revokedAt, nextUpdateInMs: 3600_000 });
  const codes = (r: Awaited<ReturnType<typeof verify>>) => r.signers.flatMap((s) => s.errors.map((e) => e.code));
  const first = await verify(cms, { ocspCacheSeconds: 300 });
  assert.deepEqual(codes(first), ['REVOKED']);
  const second = await verify(cms, { ocspCacheSeconds: 300 });
  assert.deepEqual(codes(second), ['REVOKED']);
  const r = second.signers[0].revocation[0];
  assert.deepEqual([r.status, r.reason, r.revokedAt, r.cached], ['revoked', 'keyCompromise', revokedAt.toISOString(), true]);
  // Signed (received) before the revocation: the same cached answer says good for that moment.
  const before = await verifyCms(cms, { trust: ca.trust, receivedAt: new Date(revokedAt.getTime() - 5 * 60_000), revocation: { ocspUrls: [url], fetcher: httpFetcher, ocspCacheSeconds: 300 } });
  assert.deepEqual([before.signers[0].revocation[0].status, before.signers[0].revocation[0].cached], ['good', true]);
  assert.equal(answer.asked, 1);
});
