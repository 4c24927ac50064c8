/**
 * Test support (not shipped behaviour): the HTTP server with only the accounts routes on a test
 * database, a throw-away CA, an in-memory registry and a temporary blob store; and a tiny
 * cookie-keeping client over `inject`.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database.ts';
import { buildHttpServer } from '../../http/build-http-server.ts';
import { accountsRoutes } from '../../http/routes/accounts-routes.ts';
import { createLogger } from '../../shared/logger.ts';
import { openFsBlobStore } from '../../storage/blobs/fs-blob-store.ts';
import type { OrganisationRecord, PersonRecord } from '../identity/state-registry.ts';
import { memoryRegistry } from '../identity/state-registry.ts';
import type { AccountsDeps } from './accounts-deps.ts';
import { argon2Hasher } from './password.ts';
import { signDocument, testPki, type IssuedCert } from './test-pki.ts';
import { startSessionCache } from './session-cache.ts';

export const TEST_DOMAIN = 'pochta.test';

export interface AccountsHarness {
  t: TestDatabase;
  app: FastifyInstance;
  deps: AccountsDeps;
  pki: ReturnType<typeof testPki>;
  close(): Promise<void>;
}

/** `extra`: further routes on the same server (e.g. the letters API with the real session check). */
export async function accountsHarness(persons: PersonRecord[], organisations: OrganisationRecord[], extra?: (t: TestDatabase) => ((app: FastifyInstance) => void | Promise<void>)[]): Promise<AccountsHarness> {
  const t = await createTestDatabase();
  // As `jashik start` runs: signed-in requests go through the session cache.
  const sessionCache = startSessionCache(t.database, { log: createLogger('silent') });
  await sessionCache.ready();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'jashik-accounts-'));
  const blobs = openFsBlobStore(dir);
  const pki = testPki();
  const deps: AccountsDeps = { db: t.database.db, blobs, trust: pki.trust, registry: memoryRegistry(persons, organisations), hasher: argon2Hasher, domain: TEST_DOMAIN, demo: true };
  const app = await buildHttpServer({ log: createLogger(process.env.JASHIK_TEST_LOG ?? 'silent'), readiness: {}, routes: [accountsRoutes(deps), ...(extra?.(t) ?? [])] });
  return {
    t,
    app,
    deps,
    pki,
    async close() {
      await app.close();
      await blobs.close?.();
      await sessionCache.stop();
      await t.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A browser-like client: keeps the cookies, sends the CSRF header unless told not to. */
export class Client {
  cookies: Record<string, string> = {};
  csrf?: string;
  constructor(private readonly app: FastifyInstance, readonly ip = '127.0.0.1') {}

  async call(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, body?: unknown, opts: { csrf?: boolean; headers?: Record<string, string> } = {}): Promise<LightMyRequestResponse> {
    const headers: Record<string, string> = { ...(opts.headers ?? {}) };
    const cookie = Object.entries(this.cookies).map(([k, v]) => `${k}=${v}`).join('; ');
    if (cookie) headers.cookie = cookie;
    if (this.csrf && opts.csrf !== false && method !== 'GET') headers['x-csrf-token'] = this.csrf;
    const res = await this.app.inject({ method, url, payload: body as never, headers, remoteAddress: this.ip });
    const set = res.headers['set-cookie'];
    for (const c of Array.isArray(set) ? set : set ? [set] : []) {
      const [pair] = c.split(';');
      const [k, ...v] = pair.split('=');
      const value = v.join('=');
      if (value === '') delete this.cookies[k];
      else this.cookies[k] = value;
      if (k === 'jashik_csrf') this.csrf = value || undefined;
    }
    return res;
  }
}

/**
 * Applies as an applicant does through the API: the form prepared (must answer 200), its document
 * signed with the certificate's key, submitted with the password. Answers the submission.
 */
export async function submitApplication(app: FastifyInstance, form: object, cert: IssuedCert, password: string): Promise<LightMyRequestResponse> {
  const c = new Client(app);
  const prep = await c.call('POST', '/api/v1/applications/prepare', form);
  assert.equal(prep.statusCode, 200, prep.body);
  return c.call('POST', '/api/v1/applications', { signature: signDocument(prep.json().document, cert.signer), password });
}
