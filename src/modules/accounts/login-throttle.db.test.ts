import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database.ts';
import { isAppError, type ErrorCode } from '../../shared/errors.ts';
import { activateAccount } from './activate-account.ts';
import { loginWithPassword, type LoginDeps } from './login.ts';
import { argon2Hasher } from './password.ts';
import { createStaffAccount } from './staff.ts';

let t: TestDatabase;
let clock = new Date('2026-03-02T09:00:00Z');
let deps: LoginDeps;
const PASSWORD = 'a long enough passphrase';

before(async () => {
  t = await createTestDatabase();
  deps = { db: t.database.db, hasher: argon2Hasher, domain: 'pochta.test', now: () => clock };
  for (const login of ['alice.staff', 'bob.staff']) {
    const s = await createStaffAccount({ db: t.database.db }, { login, role: 'print_centre', fullName: login }, { actor: 'system' });
    await activateAccount({ ...deps, now: () => new Date() }, { login, code: s.activationCode, password: PASSWORD }, {});
  }
});
after(async () => t?.drop());

const tick = (ms: number) => (clock = new Date(clock.getTime() + ms));

async function attempt(login: string, password: string, ip: string): Promise<ErrorCode | 'ok'> {
  try {
    await loginWithPassword(deps, { login, password }, { ip });
    return 'ok';
  } catch (e) {
    if (isAppError(e)) return e.code;
    throw e;
  }
}

test('MB-10: five wrong passwords lock the login; the right password is refused while locked and accepted after the lock ends', async () => {
  const seen: string[] = [];
  for (let i = 0; i < 5; i++) {
    seen.push(await attempt('alice.staff', `wrong ${i}`, '192.0.2.1'));
    tick(5000); // past each growing delay
  }
  assert.deepEqual(seen, ['INVALID_CREDENTIALS', 'INVALID_CREDENTIALS', 'INVALID_CREDENTIALS', 'INVALID_CREDENTIALS', 'INVALID_CREDENTIALS']);
  assert.equal(await attempt('alice.staff', PASSWORD, '192.0.2.2'), 'ACCOUNT_LOCKED');
  tick(14 * 60_000);
  assert.equal(await attempt('alice.staff', PASSWORD, '192.0.2.2'), 'ACCOUNT_LOCKED');
  tick(2 * 60_000);
  assert.equal(await attempt('alice.staff', PASSWORD, '192.0.2.2'), 'ok');
  const locked = await t.database.db.execute(sql`select count(*)::int as n from audit_log where type = 'auth.locked'`);
  assert.equal((locked.rows[0] as { n: number }).n, 1);
});

test('MB-10: attempts inside a growing delay are refused without checking the password', async () => {
  assert.equal(await attempt('bob.staff', 'x1', '192.0.2.3'), 'INVALID_CREDENTIALS');
  assert.equal(await attempt('bob.staff', 'x2', '192.0.2.3'), 'INVALID_CREDENTIALS');
  assert.equal(await attempt('bob.staff', 'x3', '192.0.2.3'), 'INVALID_CREDENTIALS');
  assert.equal(await attempt('bob.staff', PASSWORD, '192.0.2.3'), 'RATE_LIMITED'); // within the 1 s delay
  tick(1500);
  assert.equal(await attempt('bob.staff', PASSWORD, '192.0.2.3'), 'ok'); // success clears the login's failures
});

test('MB-10: an unknown login is answered exactly like a known one, lock included (no enumeration)', async () => {
  const seen: string[] = [];
  for (let i = 0; i < 6; i++) {
    seen.push(await attempt('nobody.here', `p${i}`, '192.0.2.4'));
    tick(5000);
  }
  assert.deepEqual(seen.slice(0, 5), Array(5).fill('INVALID_CREDENTIALS'));
  assert.equal(seen[5], 'ACCOUNT_LOCKED');
});

test('MB-10: one IP trying many logins is blocked for all of them', async () => {
  const ip = '198.51.100.7';
  for (let i = 0; i < 21; i++) {
    await attempt(`guess${i}`, 'nope nope nope', ip);
    tick(100);
  }
  assert.equal(await attempt('alice.staff', PASSWORD, ip), 'RATE_LIMITED');
  assert.equal(await attempt('alice.staff', PASSWORD, '198.51.100.8'), 'ok');
});

test('issue 4: an activation code expires after 14 days and is then refused', async () => {
  const s = await createStaffAccount({ db: t.database.db }, { login: 'late.staff', role: 'print_centre', fullName: 'Late' }, { actor: 'system' });
  await assert.rejects(
    activateAccount({ ...deps, now: () => new Date(Date.now() + 15 * 86400_000) }, { login: 'late.staff', code: s.activationCode, password: PASSWORD }, {}),
    (e) => isAppError(e) && e.code === 'CODE_INVALID' && e.fields[0].name === 'code',
  );
  await assert.rejects(
    activateAccount({ ...deps, now: () => new Date() }, { login: 'late.staff', code: 'AAAA-BBBB-CCCC', password: PASSWORD }, {}),
    (e) => isAppError(e) && e.code === 'CODE_INVALID',
  );
});
