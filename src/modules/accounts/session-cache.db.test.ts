import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database.ts';
import { fromUrl, type Database } from '../../storage/db/database.ts';
import { makeIin } from '../../domain/iin-bin.ts';
import { createLogger } from '../../shared/logger.ts';
import { currentAgreement, publishAgreement, recordAcceptance } from './agreements.ts';
import { createMailboxAccount } from './create-mailbox-account.ts';
import { startSessionCache, type SessionCache } from './session-cache.ts';
import { createSession, logout, resolveSession, revokeAllSessions, revokeSession, type ResolvedSession } from './sessions.ts';

const DOMAIN = 'cache.test';
let t: TestDatabase;
/** A second handle on the same database without a cache: the answers the cache must match. */
let plain: Database;
/** Another connection, as another node or an operator with psql would have. */
let psql: pg.Client;
let cache: SessionCache<ResolvedSession>;
let n = 0;

before(async () => {
  t = await createTestDatabase();
  plain = fromUrl(t.url, 'embedded', 2);
  psql = new pg.Client(t.url);
  await psql.connect();
  cache = startSessionCache(t.database, { log: createLogger('silent'), holdMinMs: 100 });
  await cache.ready();
});
after(async () => {
  await cache?.stop();
  await psql?.end();
  await plain?.close();
  await t?.drop();
});

async function newAccount(): Promise<string> {
  n++;
  return t.database.db.transaction(async (tx) => {
    const agreement = await currentAgreement(tx, DOMAIN);
    const created = await createMailboxAccount(tx, DOMAIN, {
      applicant: { kind: 'individual', fullName: `Cache Person ${n}`, iin: makeIin('1990-01-01', 'female', 100 + n), identityDocument: { number: '000000001' }, residentialAddress: 'Астана', mobilePhone: '+77010000000' },
      login: `cache.person${n}`, passwordHash: null, agreement, application: { channel: 'counter' },
    }, { actor: 'system' });
    return created.accountId;
  });
}

/** Database round trips made through the cached handle's pool while `fn` runs. */
async function roundTrips<T>(fn: () => Promise<T>): Promise<{ value: T; trips: number }> {
  let trips = 0;
  const count = () => trips++;
  t.database.pool.on('acquire', count);
  try {
    return { value: await fn(), trips };
  } finally {
    t.database.pool.off('acquire', count);
  }
}

/** Polls (a notification is asynchronous) until `check` holds; fails after 5 s. */
async function eventually(what: string, check: () => Promise<boolean> | boolean): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!(await check())) {
    if (Date.now() > deadline) assert.fail(`not within 5 s: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * A session the cache holds: resolved until a lookup costs no round trip (a change made here —
 * creating the account records its agreement acceptance — keeps the account uncached briefly).
 */
async function cachedSession(accountId: string) {
  const s = await createSession(t.database.db, accountId, 'password', {});
  await eventually('the session is answered from the cache', async () => {
    const r = await roundTrips(() => resolveSession(t.database.db, s.token));
    assert.ok(r.value, 'the session resolves');
    return r.trips === 0;
  });
  return s;
}

test('MB-9: a cached session gives the same answer as the database, without a round trip', async () => {
  const accountId = await newAccount();
  const s = await cachedSession(accountId);
  const cached = await resolveSession(t.database.db, s.token);
  const fresh = await resolveSession(plain.db, s.token);
  assert.deepEqual(cached, fresh);
  assert.equal('passwordHash' in cached!.account, false);
  assert.ok(Object.isFrozen(cached) && Object.isFrozen(cached!.account), 'a shared entry cannot be changed by one request for the others');
  // Unknown tokens are never answered from memory.
  const unknown = await roundTrips(() => resolveSession(t.database.db, 'not-a-session-token'));
  assert.equal(unknown.value, null);
  assert.equal(unknown.trips, 1);
});

test('MB-9: idle timeout and the once-a-minute touch are decided on the database row, cache or not', async () => {
  const accountId = await newAccount();
  const t0 = new Date(Date.now() - 1000);
  const s = await createSession(t.database.db, accountId, 'password', {}, t0);
  const lastSeen = async () => (await psql.query<{ l: Date }>('select last_seen_at as l from sessions where id = $1', [s.sessionId])).rows[0].l.getTime();
  assert.ok(await resolveSession(t.database.db, s.token, new Date(t0.getTime() + 10_000)));
  assert.ok(await resolveSession(t.database.db, s.token, new Date(t0.getTime() + 30_000)));
  assert.equal(await lastSeen(), t0.getTime(), 'no write within the minute');
  const touchedAt = new Date(t0.getTime() + 61_000);
  const touch = await roundTrips(() => resolveSession(t.database.db, s.token, touchedAt));
  assert.ok(touch.value);
  assert.ok(touch.trips >= 1, 'a due touch goes to the database');
  assert.equal(await lastSeen(), touchedAt.getTime(), 'touched once the minute passed');
  // 30 idle minutes after the touch the session is over, though its entry was cached a moment ago.
  assert.equal(await resolveSession(t.database.db, s.token, new Date(touchedAt.getTime() + 30 * 60_000)), null);
  assert.equal(await resolveSession(plain.db, s.token, new Date(touchedAt.getTime() + 30 * 60_000)), null);
});

/**
 * Runs `fn` with the cache's notifications held back (delivered afterwards), so that only this
 * process's own drop can make the next request see a change it made — the notification, which
 * usually arrives within a millisecond, must not be what makes the test pass.
 */
async function withNotificationsHeld(fn: () => Promise<void>): Promise<void> {
  const internals = cache as unknown as { changed: (accountId: string) => void };
  const deliver = internals.changed;
  const held: string[] = [];
  internals.changed = (accountId) => void held.push(accountId);
  try {
    await fn();
  } finally {
    internals.changed = deliver;
    for (const a of held) deliver.call(cache, a);
  }
}

test('MB-9: logout and logout everywhere end cached sessions on the very next request, before any notification', async () => {
  const accountId = await newAccount();
  const one = await cachedSession(accountId);
  const two = await cachedSession(accountId);
  const three = await cachedSession(accountId);
  await withNotificationsHeld(async () => {
    await t.database.db.transaction((tx) => logout(tx, accountId, one.sessionId, false, {}));
    assert.equal(await resolveSession(t.database.db, one.token), null);
    assert.ok(await resolveSession(t.database.db, two.token), 'the other sessions live on');
    await t.database.db.transaction((tx) => logout(tx, accountId, two.sessionId, true, {}));
    assert.equal(await resolveSession(t.database.db, two.token), null);
    assert.equal(await resolveSession(t.database.db, three.token), null);
  });
});

test('MB-9: revoking a session and revoking all (password reset, activation) apply on the very next request, before any notification', async () => {
  const accountId = await newAccount();
  const one = await cachedSession(accountId);
  const two = await cachedSession(accountId);
  await withNotificationsHeld(async () => {
    assert.equal(await t.database.db.transaction((tx) => revokeSession(tx, accountId, one.sessionId, {})), true);
    assert.equal(await resolveSession(t.database.db, one.token), null);
    await t.database.db.transaction((tx) => revokeAllSessions(tx, accountId));
    assert.equal(await resolveSession(t.database.db, two.token), null);
  });
});

test('MB-9: a session revoked by another connection with plain SQL is refused once the notification arrives', async () => {
  const accountId = await newAccount();
  const s = await cachedSession(accountId);
  await psql.query('update sessions set revoked_at = now() where id = $1', [s.sessionId]);
  await eventually('the revoked session is refused', async () => (await resolveSession(t.database.db, s.token)) === null);
});

test('MB-9, MB-10: an account closed, frozen or edited by another connection is seen once the notification arrives', async () => {
  const accountId = await newAccount();
  const s = await cachedSession(accountId);
  await psql.query(`update accounts set profile = '{"homePhone": "+77252000000"}' where id = $1`, [accountId]);
  await eventually('the new profile is seen', async () => JSON.stringify((await resolveSession(t.database.db, s.token))?.account.profile) === '{"homePhone":"+77252000000"}');
  await cachedSession(accountId);
  await psql.query(`update accounts set status = 'frozen' where id = $1`, [accountId]);
  await eventually('the frozen status is seen', async () => (await resolveSession(t.database.db, s.token))?.account.status === 'frozen');
  await psql.query(`update accounts set status = 'closed', closed_at = now() where id = $1`, [accountId]);
  await eventually('a closed account has no session', async () => (await resolveSession(t.database.db, s.token)) === null);
});

test('MB-3: a new agreement version and its acceptance apply to cached sessions', async () => {
  const accountId = await newAccount();
  const s = await cachedSession(accountId);
  const before = (await resolveSession(t.database.db, s.token))!;
  assert.equal(before.latestAgreementId, before.account.agreementVersionId, 'nothing to accept yet');
  // Published here: the very next request sees it.
  const v2 = await t.database.db.transaction((tx) => publishAgreement(tx, { version: `cache-${Date.now()}`, textKk: 'kk', textRu: 'ru', textEn: 'en' }, { actor: 'system' }));
  assert.equal((await resolveSession(t.database.db, s.token))!.latestAgreementId, v2.id);
  // Accepted here: the very next request sees the account's new version.
  await t.database.db.transaction((tx) => recordAcceptance(tx, accountId, v2, 'online', {}));
  assert.equal((await resolveSession(t.database.db, s.token))!.account.agreementVersionId, v2.id);
  // Published by another connection: seen once the notification arrives.
  await cachedSession(accountId);
  const r = await psql.query<{ id: number }>(`insert into agreement_versions (version, text_kk, text_ru, text_en, sha256, published_by) values ($1, 'kk', 'ru', 'en', 'x', 'psql') returning id`, [`psql-${Date.now()}`]);
  await eventually('the newer version is seen', async () => (await resolveSession(t.database.db, s.token))?.latestAgreementId === r.rows[0].id);
});

test('MB-9: a database read that predates a change does not fill the cache', async () => {
  const accountId = await newAccount();
  const s = await cachedSession(accountId);
  const entry = cache.get(s.sessionId)!;
  const ticket = cache.ticket();
  await psql.query(`update accounts set profile = '{"x": 1}' where id = $1`, [accountId]);
  await eventually('the notification dropped the entry', () => cache.get(s.sessionId) === undefined);
  cache.put(ticket, s.sessionId, entry);
  assert.equal(cache.get(s.sessionId), undefined, 'a read from before the change is not kept');
  cache.put(cache.ticket(), s.sessionId, entry);
  assert.ok(cache.get(s.sessionId), 'a read from after it is');
});

test('MB-9: while the notification connection is down the cache is bypassed, and it comes back by itself', async () => {
  const accountId = await newAccount();
  const s = await cachedSession(accountId);
  await psql.query(`select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'jashik-session-cache' and datname = current_database()`);
  await eventually('the cache notices', () => !cache.listening);
  const down = await roundTrips(() => resolveSession(t.database.db, s.token));
  assert.ok(down.value);
  assert.equal(down.trips, 1, 'asked the database');
  // A change nobody could be told about is seen at once.
  await psql.query('update sessions set revoked_at = now() where id = $1', [s.sessionId]);
  if (!cache.listening) assert.equal(await resolveSession(t.database.db, s.token), null);
  await eventually('listening again', () => cache.listening);
  assert.equal(await resolveSession(t.database.db, s.token), null);
  await cachedSession(accountId);
});
