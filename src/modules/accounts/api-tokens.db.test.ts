import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { eq, sql } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database.ts';
import { createApiToken, resolveApiToken } from './api-tokens.ts';
import { accounts, apiTokens } from './schema.ts';

let t: TestDatabase;
let token: string;
let tokenId: string;

before(async () => {
  t = await createTestDatabase();
  const db = t.database.db;
  const mb = await db.execute<{ id: string }>(sql`insert into mailboxes (login, address, kind, bin, display_name) values ('tokorg', 'tokorg@pochta.test', 'organisation', '990340000123', 'Org') returning id`);
  const [acc] = await db.insert(accounts).values({ login: 'tokorg', kind: 'organisation', mailboxId: mb.rows[0].id, status: 'active' }).returning();
  const made = await createApiToken({ db }, acc, { name: 'integration', scopes: ['read'] }, { actor: 'test' });
  token = made.token;
  tokenId = made.id;
});
after(async () => t?.drop());

const lastUsed = async () => (await t.database.db.select({ at: apiTokens.lastUsedAt }).from(apiTokens).where(eq(apiTokens.id, tokenId)))[0].at?.getTime();

test('MB-9: an API token\'s last use is recorded to the minute, not written on every call', async () => {
  const t0 = new Date(Date.now() + 1000);
  assert.ok(await resolveApiToken(t.database.db, token, t0));
  assert.equal(await lastUsed(), t0.getTime());
  assert.ok(await resolveApiToken(t.database.db, token, new Date(t0.getTime() + 30_000)));
  assert.equal(await lastUsed(), t0.getTime(), 'a call within the minute writes nothing');
  const t2 = new Date(t0.getTime() + 61_000);
  assert.ok(await resolveApiToken(t.database.db, token, t2));
  assert.equal(await lastUsed(), t2.getTime());
});

test('MB-9: a revoked API token resolves to nothing', async () => {
  await t.database.db.update(apiTokens).set({ revokedAt: new Date() }).where(eq(apiTokens.id, tokenId));
  assert.equal(await resolveApiToken(t.database.db, token), null);
});
