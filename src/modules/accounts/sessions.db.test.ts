import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database.ts';
import { activateAccount } from './activate-account.ts';
import { argon2Hasher } from './password.ts';
import { createSession, csrfMatches, resolveSession, SESSION_ABSOLUTE_MS, SESSION_IDLE_MS } from './sessions.ts';
import { createStaffAccount } from './staff.ts';

let t: TestDatabase;
let accountId: string;

before(async () => {
  t = await createTestDatabase();
  const s = await createStaffAccount({ db: t.database.db }, { login: 'sess.staff', role: 'print_centre', fullName: 'S' }, { actor: 'system' });
  accountId = (await activateAccount({ db: t.database.db, hasher: argon2Hasher, domain: 'x.test' }, { login: 'sess.staff', code: s.activationCode, password: 'a long enough passphrase' }, {})).accountId;
});
after(async () => t?.drop());

test('MB-9: a session ends after 30 idle minutes; activity keeps it alive', async () => {
  const t0 = new Date('2026-05-05T08:00:00Z');
  const s = await createSession(t.database.db, accountId, 'password', {}, t0);
  assert.ok(await resolveSession(t.database.db, s.token, new Date(t0.getTime() + 20 * 60_000)));
  // Activity at +20 min moved the idle deadline to +50 min.
  assert.ok(await resolveSession(t.database.db, s.token, new Date(t0.getTime() + 45 * 60_000)));
  assert.equal(await resolveSession(t.database.db, s.token, new Date(t0.getTime() + 45 * 60_000 + SESSION_IDLE_MS + 1)), null);
});

test('MB-9: a session ends 12 hours after sign-in however active it is', async () => {
  const t0 = new Date('2026-05-06T08:00:00Z');
  const s = await createSession(t.database.db, accountId, 'password', {}, t0);
  for (let m = 20; m < SESSION_ABSOLUTE_MS / 60_000; m += 20) assert.ok(await resolveSession(t.database.db, s.token, new Date(t0.getTime() + m * 60_000)), `at +${m} min`);
  assert.equal(await resolveSession(t.database.db, s.token, new Date(t0.getTime() + SESSION_ABSOLUTE_MS)), null);
});

test('MB-9: only the token opens a session (its hash is stored); CSRF tokens compare in constant time', async () => {
  const s = await createSession(t.database.db, accountId, 'password', {});
  assert.equal(await resolveSession(t.database.db, s.sessionId), null);
  assert.equal(await resolveSession(t.database.db, 'x'.repeat(500)), null);
  assert.equal(csrfMatches(s.csrfToken, s.csrfToken), true);
  assert.equal(csrfMatches(s.csrfToken, s.csrfToken.slice(1)), false);
  assert.equal(csrfMatches(s.csrfToken, undefined), false);
});

test('MB-9: a signed-in request never holds the password hash: the resolved session\'s account omits it', async () => {
  const s = await createSession(t.database.db, accountId, 'password', {});
  const resolved = await resolveSession(t.database.db, s.token);
  assert.ok(resolved, 'the session resolves');
  assert.equal(resolved.account.id, accountId);
  assert.equal('passwordHash' in resolved.account, false, 'no password hash on the session account');
  assert.doesNotMatch(JSON.stringify(resolved), /argon2id/);
});
