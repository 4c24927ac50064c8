/**
 * Per-IP limits on the public and credential paths, through the real routes on a real server
 * (inject with a chosen remote address).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { createTestDatabase, type TestDatabase } from '../../test/support/test-database.ts';
import { buildHttpServer } from './build-http-server.ts';
import { DEFAULT_ROUTE_LIMITS, parseRateLimits } from './rate-limits.ts';
import { mailRoutes } from './routes/mail-routes.ts';
import { ERROR_CODES, AppError } from '../shared/errors.ts';
import { createLogger } from '../shared/logger.ts';
import type { MailRuntime } from '../modules/mail/mail-runtime.ts';
import { tempBlobStore, testEvidenceSigner, TEST_DOMAIN } from '../modules/mail/test-support.ts';
import { DEFAULT_MAIL_LIMITS } from '../modules/mail/types.ts';
import { accountsRoutes } from './routes/accounts-routes.ts';
import { memoryRegistry } from '../modules/identity/state-registry.ts';
import { argon2Hasher } from '../modules/accounts/password.ts';
import { testPki } from '../modules/accounts/test-pki.ts';

let t: TestDatabase;
const blobs = tempBlobStore();
const signer = testEvidenceSigner();

function mailRuntime(): MailRuntime {
  const send = { database: t.database, blobs: blobs.store, signer, domain: TEST_DOMAIN, limits: DEFAULT_MAIL_LIMITS };
  return {
    settings: { limits: DEFAULT_MAIL_LIMITS, dkimSelector: 'x', authChecks: false, smtpPerIp: { connections: 10, messagesPerMinute: 60 } } as MailRuntime['settings'], signer, resolve: async () => [], send,
    inbound: { ...send, resolve: async () => [], authChecks: false },
    jobs: () => ({ blobs: blobs.store, signer, domain: TEST_DOMAIN, relay: { resolve: async () => [] } }),
  };
}

/** TEST DOUBLE of the session check: nobody is signed in (verifyEvidence needs no one). */
async function nobody(): Promise<never> {
  throw new AppError('UNAUTHENTICATED');
}

async function server(rateLimits?: ReturnType<typeof parseRateLimits>, trustProxy?: string[]): Promise<FastifyInstance> {
  const rt = mailRuntime();
  const pki = testPki();
  const accounts = { db: t.database.db, blobs: blobs.store, trust: pki.trust, registry: memoryRegistry([], []), hasher: argon2Hasher, domain: TEST_DOMAIN, demo: true };
  return buildHttpServer({ log: createLogger('silent'), readiness: {}, routes: [mailRoutes(() => rt, nobody), accountsRoutes(accounts)], rateLimits, trustProxy });
}

const verify = (app: FastifyInstance, ip: string, lang = 'en') =>
  app.inject({ method: 'POST', url: '/api/mail/evidence/verify', remoteAddress: ip, headers: { 'accept-language': lang }, payload: { evidenceBase64: Buffer.from('not evidence').toString('base64') } });

function assertRateLimited(res: LightMyRequestResponse, lang: 'kk' | 'ru' | 'en', windowSeconds: number): void {
  assert.equal(res.statusCode, 429, res.body);
  assert.deepEqual(res.json(), { error: { code: 'RATE_LIMITED', message: ERROR_CODES.RATE_LIMITED.message[lang], fields: [] } });
  const retryAfter = Number(res.headers['retry-after']);
  assert.ok(retryAfter >= 1 && retryAfter <= windowSeconds, `Retry-After ${res.headers['retry-after']}`);
}

before(async () => {
  t = await createTestDatabase();
});
after(async () => {
  await t?.drop();
  blobs.cleanup();
});

describe('rate limits', () => {
  test('X-3, MB-9: the public verifyEvidence answers 429 RATE_LIMITED (kk/ru/en, Retry-After) past its default per-IP limit; another IP is unaffected', async () => {
    const app = await server();
    try {
      const { max, windowSeconds } = DEFAULT_ROUTE_LIMITS.verifyEvidence;
      for (let i = 0; i < max; i++) assert.notEqual((await verify(app, '198.51.100.7')).statusCode, 429, `request ${i + 1} of ${max}`);
      assertRateLimited(await verify(app, '198.51.100.7', 'kk'), 'kk', windowSeconds);
      assertRateLimited(await verify(app, '198.51.100.7', 'ru'), 'ru', windowSeconds);
      const other = await verify(app, '198.51.100.8');
      assert.notEqual(other.statusCode, 429);
      assert.equal(other.headers['x-ratelimit-remaining'], String(max - 1));
    } finally {
      await app.close();
    }
  });

  test('MB-9: JASHIK_RATE_LIMITS overrides a route’s limit, also one the route sets itself (login)', async () => {
    const app = await server(parseRateLimits('verifyEvidence=2/30, login=3/60'));
    try {
      for (let i = 0; i < 2; i++) assert.notEqual((await verify(app, '198.51.100.9')).statusCode, 429);
      assertRateLimited(await verify(app, '198.51.100.9'), 'en', 30);

      const login = (ip: string, who = 'nobody') => app.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress: ip, headers: { 'accept-language': 'en' }, payload: { login: who, password: 'wrong password' } });
      for (let i = 0; i < 3; i++) assert.notEqual((await login('198.51.100.10')).statusCode, 429, `login ${i + 1}`);
      assertRateLimited(await login('198.51.100.10'), 'en', 60);
      // Another address is not limited by the first one's count (another login: the service's
      // per-account throttle has counted 'nobody''s failures by now, as it should).
      const other = await login('198.51.100.11', 'somebody');
      assert.notEqual(other.statusCode, 429, other.body);
      assert.equal(other.headers['x-ratelimit-remaining'], '2');
    } finally {
      await app.close();
    }
  });

  test('MB-10: the accounts throttle (growing delay per login and IP) answers its 429 with Retry-After too', async () => {
    const app = await server();
    try {
      const login = () => app.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress: '198.51.100.13', headers: { 'accept-language': 'ru' }, payload: { login: 'ghost', password: 'wrong password' } });
      let res = await login();
      for (let i = 0; i < 5 && res.statusCode !== 429; i++) res = await login();
      // Well under the route's per-IP limit: this refusal is the service's, not the limiter's.
      assert.notEqual(res.headers['x-ratelimit-remaining'], '0');
      assertRateLimited(res, 'ru', 3600);
    } finally {
      await app.close();
    }
  });

  test('MB-9: behind a proxy listed in JASHIK_TRUST_PROXY each forwarded client has its own limit; X-Forwarded-For from anyone else is ignored', async () => {
    const app = await server({ verifyEvidence: { max: 2, windowSeconds: 60 } }, ['10.0.0.0/8']);
    try {
      const via = (peer: string, client: string) =>
        app.inject({ method: 'POST', url: '/api/mail/evidence/verify', remoteAddress: peer, headers: { 'accept-language': 'en', 'x-forwarded-for': client }, payload: { evidenceBase64: Buffer.from('not evidence').toString('base64') } });
      // Two clients behind the balancer 10.1.2.3: each gets the whole limit.
      for (let i = 0; i < 2; i++) assert.notEqual((await via('10.1.2.3', '203.0.113.1')).statusCode, 429);
      assertRateLimited(await via('10.1.2.3', '203.0.113.1'), 'en', 60);
      assert.notEqual((await via('10.1.2.3', '203.0.113.2')).statusCode, 429, 'another client behind the same proxy');
      // A client that is not a listed proxy cannot escape its limit by naming other addresses.
      for (let i = 0; i < 2; i++) assert.notEqual((await via('198.51.100.50', `203.0.113.${10 + i}`)).statusCode, 429);
      assertRateLimited(await via('198.51.100.50', '203.0.113.99'), 'en', 60);
    } finally {
      await app.close();
    }
  });

  test('JASHIK_RATE_LIMITS that is not operationId=requests/seconds is refused', () => {
    assert.deepEqual(parseRateLimits(' verifyEvidence=5/60 ,login=1/1'), { verifyEvidence: { max: 5, windowSeconds: 60 }, login: { max: 1, windowSeconds: 1 } });
    assert.deepEqual(parseRateLimits(undefined), {});
    for (const bad of ['verifyEvidence=5', 'verifyEvidence=5/0', 'x=-1/60', '=5/60', 'verifyEvidence=five/60']) assert.throws(() => parseRateLimits(bad), new RegExp(bad.replace(/[/-]/g, '.')));
  });
});
