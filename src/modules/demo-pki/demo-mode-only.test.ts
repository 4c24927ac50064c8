import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AppContext } from '../../app/context.ts';
import { loadConfig } from '../../config.ts';
import { buildHttpServer } from '../../http/build-http-server.ts';
import { demoPkiRoutes } from '../../http/routes/demo-pki-routes.ts';
import { createLogger } from '../../shared/logger.ts';
import type { ClosableBlobStore } from '../../storage/blobs/blob-store.ts';
import type { Database } from '../../storage/db/database.ts';
import { caCommand } from './cli.ts';
import { issueDemoCertificate } from './issue-demo-certificate.ts';
import { demoTrustStore } from './demo-trust.ts';

const config = loadConfig({ JASHIK_DATABASE_URL: 'postgres://u:p@db.invalid/x', JASHIK_DEMO: 'off' });
const noStorage = new Proxy({}, { get: () => { throw new Error('storage touched outside demo mode'); } });
const deps = { config, db: noStorage as Database['db'] };

test('outside demo mode every /demo-pki/ path is a JSON 404', async () => {
  const log = createLogger('silent');
  const ctx: AppContext = { config, log, database: noStorage as Database, blobs: noStorage as ClosableBlobStore };
  const app = await buildHttpServer({ log, readiness: {}, routes: [demoPkiRoutes(ctx)] });
  try {
    for (const [method, url] of [['GET', '/demo-pki/crl'], ['GET', '/demo-pki/root-ca.crt'], ['POST', '/demo-pki/ocsp'], ['POST', '/demo-pki/tsa']] as const) {
      const res = await app.inject({ method, url, headers: { 'content-type': 'application/ocsp-request' }, payload: Buffer.from([0x30, 0]) });
      assert.equal(res.statusCode, 404, url);
      assert.equal(res.json().error.code, 'NOT_FOUND');
    }
  } finally {
    await app.close();
  }
});

test('outside demo mode the ca commands and the demo CA services refuse with a clear message', async () => {
  const errors: string[] = [];
  const code = await caCommand(['init'], deps, { out: () => {}, err: (l) => errors.push(l), env: {} });
  assert.equal(code, 2);
  assert.match(errors[0], /only in demo mode.*JASHIK_DEMO=on/);
  await assert.rejects(issueDemoCertificate(deps, { kind: 'individual', iin: '850314300016', name: 'A B', password: 'whatever1' }), (e: { code: string }) => e.code === 'DEMO_MODE_ONLY');
  await assert.rejects(demoTrustStore(deps), (e: { code: string }) => e.code === 'DEMO_MODE_ONLY');
});
