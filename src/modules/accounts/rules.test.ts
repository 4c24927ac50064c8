import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkLogin, normaliseLogin } from './login-rules.ts';
import { checkPassword } from './password.ts';
import { IP_POLICY, LOGIN_POLICY, nextAllowed } from './throttle.ts';
import { codeHash, newCode, normaliseCode } from './activation-codes.ts';
import { canonicalJson } from './signed-document.ts';
import { normaliseName } from './registry-check.ts';

test('MB-10: logins are 3–64 of a-z 0-9 . _ -, no leading/trailing/double dot; case-insensitive', () => {
  for (const ok of ['abc', 'a.b', 'a_b-c.9', 'x'.repeat(64), 'aigerim.s']) assert.equal(checkLogin(ok), null, ok);
  for (const bad of ['ab', 'x'.repeat(65), '.abc', 'abc.', 'a..b', 'A', 'ab c', 'аб.в', 'a+b', 'a@b']) assert.equal(checkLogin(bad)?.code, 'format', bad);
  assert.equal(normaliseLogin('  AiGeRiM '), 'aigerim');
});

test('MB-10: reserved logins are refused', () => {
  for (const r of ['postmaster', 'abuse', 'admin', 'root', 'noreply', 'security', 'hostmaster', 'mailer-daemon']) assert.equal(checkLogin(r)?.code, 'reserved', r);
});

test('MB-10: passwords — at least 12 characters, not common, not a pattern, not containing the login', () => {
  assert.equal(checkPassword('short pass')?.code, 'too_short');
  assert.equal(checkPassword('x'.repeat(257))?.code, 'too_long');
  for (const weak of ['password1234', 'qwertyuiop123', '123456789012', 'aaaaaaaaaaaaaaaa', 'abcabcabcabc', 'йцукенгшщзхъ', 'Qwerty123456']) assert.equal(checkPassword(weak)?.code, 'common', weak);
  assert.equal(checkPassword('aigerim-is-my-name', 'aigerim')?.code, 'contains_login');
  for (const good of ['correct horse staple Ж7', 'Тау-шыңы биік 2026!', 'n7#Lq9!vW2@pZ']) assert.equal(checkPassword(good), null, good);
  // Length counts characters, not bytes: twelve Kazakh letters are enough.
  assert.equal(checkPassword('әғқңөұүһіәғқ'), null);
});

test('MB-10: throttling — free failures, then growing delays, then a lock that doubles, capped', () => {
  const now = new Date('2026-01-01T00:00:00Z');
  assert.equal(nextAllowed(LOGIN_POLICY, 1, now).until, null);
  assert.equal(nextAllowed(LOGIN_POLICY, 2, now).until, null);
  assert.deepEqual(nextAllowed(LOGIN_POLICY, 3, now), { until: new Date(now.getTime() + 1000), locked: false });
  assert.deepEqual(nextAllowed(LOGIN_POLICY, 4, now), { until: new Date(now.getTime() + 2000), locked: false });
  assert.deepEqual(nextAllowed(LOGIN_POLICY, 5, now), { until: new Date(now.getTime() + 15 * 60_000), locked: true });
  assert.deepEqual(nextAllowed(LOGIN_POLICY, 10, now).until, new Date(now.getTime() + 30 * 60_000));
  assert.deepEqual(nextAllowed(LOGIN_POLICY, 100, now).until, new Date(now.getTime() + 24 * 3600_000));
  assert.equal(nextAllowed(IP_POLICY, 20, now).until, null);
  assert.equal(nextAllowed(IP_POLICY, 21, now).locked, false);
});

test('one-time codes: 12 Crockford base32 characters, read back forgivingly (case, dashes, O/0, I/L/1)', () => {
  const c = newCode();
  assert.match(c, /^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
  assert.equal(codeHash(c.toLowerCase().replace(/-/g, ' ')), codeHash(c));
  assert.equal(normaliseCode('o1l-I0'), '01110');
});

test('Conventions: canonical JSON is RFC 8785 (sorted keys, no spaces, numbers canonical)', () => {
  assert.equal(canonicalJson({ b: 1, a: [1e21, 'ә', { d: null, c: true }] }), '{"a":[1e+21,"ә",{"c":true,"d":null}],"b":1}');
});

test('MB-13: names compare ignoring case, ё/е, quotes and spacing', () => {
  assert.equal(normaliseName(' ТОО  «Демо»  '), normaliseName('тоо "демо"'));
  assert.equal(normaliseName('Алёна'), normaliseName('АЛЕНА'));
});
