import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database.ts';
import { createLogger } from '../../shared/logger.ts';
import { loadConfig } from '../../config.ts';
import { buildHttpServer } from '../build-http-server.ts';
import { docflowAuthenticate } from '../../app/docflow-auth.ts';
import type { AppContext } from '../../app/context.ts';
import { createApiToken } from '../../modules/accounts/api-tokens.ts';
import { accounts } from '../../modules/accounts/schema.ts';
import { createSession } from '../../modules/accounts/sessions.ts';
import { scene } from '../../modules/docflow/flow-fixture.ts';
import { sqlMembership } from '../../modules/docflow/sql-membership.ts';
import { docflowRoutes } from './docflow-routes.ts';

let t: TestDatabase;
let s: Awaited<ReturnType<typeof scene>>;
let app: FastifyInstance;
let owner: string;
let member: { token: string; csrf: string };

before(async () => {
  t = await createTestDatabase();
  s = await scene(t.database);
  // The real adapters: accounts sessions and tokens, org_members roles.
  const deps = { ...s.deps, membership: sqlMembership({ database: t.database }) };
  owner = randomUUID();
  await t.database.db.execute(sql`insert into accounts (id, login, kind, mailbox_id, iin, bin, status) values (${owner}, ${`o${owner.slice(0, 8)}`}, 'organisation', ${s.A.id}, '900101500001', ${s.A.bin}, 'active')`);
  const person = randomUUID();
  await t.database.db.execute(sql`insert into accounts (id, login, kind, iin, status) values (${person}, ${`p${person.slice(0, 8)}`}, 'personal', ${s.A.officer.iin}, 'active')`);
  await t.database.db.execute(sql`insert into org_members (mailbox_id, iin, role, granted_by) values (${s.A.id}, ${s.A.officer.iin}, 'records_officer', ${owner})`);
  const sess = await t.database.db.transaction((tx) => createSession(tx, person, 'password', { ip: '127.0.0.1' }));
  member = { token: sess.token, csrf: sess.csrfToken };
  const ctx = { config: loadConfig({}), log: createLogger('silent'), database: t.database, blobs: s.blobs } as unknown as AppContext;
  app = await buildHttpServer({ log: createLogger('silent'), readiness: {}, routes: [docflowRoutes(deps, docflowAuthenticate(ctx))] });
});
after(async () => {
  await app?.close();
  s?.cleanup();
  await t?.drop();
});

test('docflow API with the accounts session: a member reads the journal; a state change without the CSRF token is refused', async () => {
  const cookie = `jashik_session=${member.token}`;
  const ok = await app.inject({ method: 'GET', url: `/api/v1/docflow/journal?mailboxId=${s.A.id}&journal=outgoing`, headers: { cookie } });
  assert.equal(ok.statusCode, 200, ok.body);
  const other = await app.inject({ method: 'GET', url: `/api/v1/docflow/journal?mailboxId=${s.B.id}&journal=outgoing`, headers: { cookie } });
  assert.equal(other.statusCode, 403);
  const noCsrf = await app.inject({ method: 'POST', url: `/api/v1/docflow/destructions`, headers: { cookie }, payload: { mailboxId: s.A.id, asOf: '2030-01-01' } });
  assert.equal(noCsrf.statusCode, 403);
  assert.equal(noCsrf.json().error.code, 'CSRF_FAILED');
  const withCsrf = await app.inject({ method: 'POST', url: `/api/v1/docflow/destructions`, headers: { cookie, 'x-csrf-token': member.csrf }, payload: { mailboxId: s.A.id, asOf: '2030-01-01' } });
  assert.equal(withCsrf.statusCode, 201, withCsrf.body);
  const bogus = await app.inject({ method: 'GET', url: `/api/v1/docflow/journal?mailboxId=${s.A.id}&journal=outgoing`, headers: { cookie: 'jashik_session=nope' } });
  assert.equal(bogus.statusCode, 401);
});

test('docflow API with a bearer token: it acts in its own organisation only', async () => {
  const [acc] = await t.database.db.select().from(accounts).where(eq(accounts.id, owner));
  const tok = await createApiToken({ db: t.database.db }, acc, { name: 'integration', scopes: ['send', 'read'] }, { actor: 'test' });
  const authorization = `Bearer ${tok.token}`;
  assert.equal((await app.inject({ method: 'GET', url: `/api/v1/docflow/journal?mailboxId=${s.A.id}&journal=incoming`, headers: { authorization } })).statusCode, 200);
  assert.equal((await app.inject({ method: 'GET', url: `/api/v1/docflow/journal?mailboxId=${s.B.id}&journal=incoming`, headers: { authorization } })).statusCode, 403);
  assert.equal((await app.inject({ method: 'GET', url: `/api/v1/docflow/journal?mailboxId=${s.A.id}&journal=incoming`, headers: { authorization: 'Bearer jsk_wrong' } })).statusCode, 401);
});
