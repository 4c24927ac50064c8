/**
 * The organisation and administration screens in a real browser (issue 6): members granted and
 * revoked by a signed document (prepareMemberChange → the in-browser test signer → grantMember /
 * revokeMember), API tokens (shown once, listed, revoked after a confirmation), the notice
 * address, the administrators' users lookup by login (no content), and the translated labels
 * that replace the browser's own English text on file and date inputs.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { makeBin, makeIin } from '../../src/domain/iin-bin.ts';
import { issueDemoCertificate } from '../../src/modules/demo-pki/issue-demo-certificate.ts';
import { kk } from '../../web/src/i18n/kk.ts';
import { ru } from '../../web/src/i18n/ru.ts';
import { en } from '../../web/src/i18n/en.ts';
import { CHROMIUM, hasOperation, seriousViolations, startWebEnv, type WebEnv } from './browser-support.ts';

const present = fs.existsSync(CHROMIUM);
if (!present && process.env.CI) throw new Error(`${CHROMIUM} is missing: .ci/run installs Debian's chromium`);
const skip = present ? false : `no browser at ${CHROMIUM} (apt-get install chromium)`;

let env: WebEnv;
const HEAD = makeIin('1972-05-05', 'male', 9);
const BIN = makeBin(2015, 3, 4, 0, 21);
const ORG = 'ТОО Демо Сауда';
const KEY_PASSWORD = 'Demo-key-password-9';
const PASSWORD = 'Uiym-qupiasozi-2026';
let headP12 = '';
let registered = false;

before(async () => {
  if (!present) return;
  env = await startWebEnv();
  const key = await issueDemoCertificate({ config: env.config, db: env.system.database.db }, { kind: 'head', iin: HEAD, bin: BIN, org: ORG, name: 'БАСШЫЕВ НҰРЛАН', password: KEY_PASSWORD });
  headP12 = path.join(env.dataDir, 'head.p12');
  fs.writeFileSync(headP12, key.p12);
});
after(async () => env?.close());

async function open(p: string): Promise<Page> {
  const page = await env.page();
  await page.goto(`${env.base}${p}`);
  await page.locator('h1#screen-title').waitFor();
  return page;
}

async function signIn(page: Page, login: string, password: string, submit: string): Promise<void> {
  await page.goto(`${env.base}/login`);
  await page.fill('#f-login', login);
  await page.fill('#f-password', password);
  await page.getByRole('button', { name: submit, exact: true }).click();
  await page.waitForURL(/\/(mail|admin|cabinet|counter)/);
  await page.locator('h1#screen-title').waitFor();
}

test('X-1: file and date inputs show our translated labels, not the browser\'s English, and stay reachable by their labels', { skip }, async () => {
  const page = await open('/register?kind=legal&lang=ru');
  const date = page.locator('#f-applicant-stateRegistration-date');
  assert.equal(await date.getAttribute('type'), 'date', 'the native date input is kept');
  assert.equal(await page.locator('.date-input .date-format').first().innerText(), ru.fields.dateFormat);
  await date.fill('2015-03-01');
  assert.equal(await page.locator('.date-input .date-format').count(), 0, 'the format hint goes once a date is chosen');
  await page.locator('#signer-test').check();
  assert.equal(await page.locator('label.file-button[for="signer-file"]').innerText(), ru.fields.chooseFile);
  assert.equal(await page.locator('#signer-file-chosen').innerText(), ru.fields.noFile);
  // The native input is still there and named by the field's label (for screen readers and keyboards).
  assert.equal(await page.getByLabel(ru.signer.file).getAttribute('id'), 'signer-file');
  await page.locator('#signer-file').focus();
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'signer-file', 'keyboard focus reaches the file input');
  await page.setInputFiles('#signer-file', headP12);
  assert.equal(await page.locator('#signer-file-chosen').innerText(), 'head.p12');
  await page.getByRole('button', { name: 'English' }).click();
  assert.equal(await page.locator('label.file-button[for="signer-file"]').innerText(), en.fields.chooseFile);
  assert.deepEqual(await seriousViolations(page), []);
  await page.close();
});

test('MB-7: an organisation grants and revokes a member with a signed document, and manages API tokens (shown once, listed, revoked)', { skip }, async (t) => {
  if (!(await hasOperation(env.base, 'prepareMemberChange'))) return t.skip('the members API is not served');
  const page = await open('/register?kind=legal&lang=kk');
  await page.fill('#f-applicant-fullName', ORG);
  await page.fill('#f-applicant-bin', BIN);
  await page.fill('#f-applicant-stateRegistration-number', '12-1500');
  await page.fill('#f-applicant-stateRegistration-issuedBy', 'ҚР ӘМ');
  await page.fill('#f-applicant-stateRegistration-date', '2015-03-01');
  await page.fill('#f-applicant-legalAddress', 'Астана, Тұран д-лы, 1');
  await page.fill('#f-applicant-actualAddress', 'Астана, Тұран д-лы, 1');
  await page.fill('#f-applicant-workPhone', '+7 7172 55 00 11');
  await page.fill('#f-login', 'demo-sauda');
  await page.fill('#f-password', PASSWORD);
  await page.fill('#f-passwordConfirm', PASSWORD);
  await page.locator('#f-agreement').check();
  await page.locator('#signer-test').check();
  await page.setInputFiles('#signer-file', headP12);
  await page.fill('#signer-password', KEY_PASSWORD);
  await page.getByRole('button', { name: kk.register.submit }).click();
  await page.waitForFunction((title) => document.querySelector('h1')?.textContent === title, kk.register.doneTitle, { timeout: 30_000 });
  registered = true;

  await signIn(page, 'demo-sauda', PASSWORD, kk.login.submit);
  await page.getByRole('link', { name: kk.nav.cabinet }).click();
  await page.locator('#members-title').waitFor();

  // Grant: the document is prepared by the server and signed in the browser.
  const member = makeIin('1995-10-10', 'female', 3);
  await page.fill('#member-iin', '123');
  await page.getByRole('button', { name: kk.org.grant }).click();
  assert.equal(await page.locator('#member-iin-error').innerText(), kk.errors.fields.twelve_digits);
  await page.fill('#member-iin', member);
  await page.selectOption('#member-role', 'executor');
  await page.locator('#member-signer-test').check();
  await page.setInputFiles('#member-signer-file', headP12);
  await page.fill('#member-signer-password', KEY_PASSWORD);
  await page.getByRole('button', { name: kk.org.grant }).click();
  await page.getByText(kk.org.granted).waitFor({ timeout: 30_000 });
  const row = page.locator(`tr[data-member="${member}"]`);
  await row.waitFor();
  assert.match(await row.innerText(), new RegExp(kk.org.roles.executor));
  assert.deepEqual(await seriousViolations(page), []);

  // Revoke: asked first, then signed.
  await row.getByRole('button', { name: `${kk.org.revoke} ${kk.org.revokeWho.replace('{{iin}}', member)}` }).click();
  await page.getByRole('dialog').getByRole('button', { name: kk.org.revoke }).click();
  await page.getByText(kk.org.revoked).waitFor({ timeout: 30_000 });
  await row.waitFor({ state: 'detached' });

  // API tokens: created with scopes, the secret shown once, listed without it, revoked after confirmation.
  await page.fill('#token-name', 'СЭД интеграция');
  await page.locator('#scope-read').check();
  await page.getByRole('button', { name: kk.org.createToken }).click();
  const secret = (await page.locator('code.token').innerText()).trim();
  assert.match(secret, /^jsk_/);
  const listed = page.locator('li[data-token="СЭД интеграция"]');
  await listed.waitFor();
  assert.ok(!(await listed.innerText()).includes(secret), 'the list never shows the secret');
  await listed.getByRole('button', { name: `${kk.org.revoke} ${kk.org.revokeToken.replace('{{name}}', 'СЭД интеграция')}` }).click();
  await page.getByRole('dialog').getByRole('button', { name: kk.org.revoke }).click();
  await page.getByText(kk.org.tokenRevoked).waitFor();
  await listed.locator('.badge', { hasText: kk.org.tokenRevokedBadge }).waitFor();
  await page.close();
});

test('issue 6: the notice address is named (a code is e-mailed), shown as not confirmed, a wrong code is refused, and it can be removed', { skip }, async (t) => {
  if (!registered || !(await hasOperation(env.base, 'setNotifyAddress'))) return t.skip('needs the organisation registered above and the notify-address API');
  const page = await env.page();
  await signIn(page, 'demo-sauda', PASSWORD, kk.login.submit);
  await page.goto(`${env.base}/cabinet?lang=ru`);
  await page.locator('#notice-title').waitFor();
  await page.getByText(ru.cabinet.noticeNone).waitFor();
  await page.fill('#notice-address', 'not-an-address');
  await page.getByRole('button', { name: ru.cabinet.noticeSend }).click();
  assert.equal(await page.locator('#notice-address-error').innerText(), ru.errors.fields.email);
  await page.fill('#notice-address', 'buhgalter@example.kz');
  await page.getByRole('button', { name: ru.cabinet.noticeSend }).click();
  await page.getByText(ru.cabinet.noticeCodeSent.replace('{{address}}', 'buhgalter@example.kz')).waitFor();
  await page.locator('.notice-current', { hasText: ru.cabinet.noticeUnverified }).waitFor();
  await page.fill('#notice-code', '000000');
  await page.getByRole('button', { name: ru.cabinet.noticeConfirm, exact: true }).click();
  await page.locator('section[aria-labelledby="notice-title"] .notice-error').waitFor();
  assert.deepEqual(await seriousViolations(page), []);
  await page.locator('.notice-current').getByRole('button', { name: ru.cabinet.noticeRemove }).click();
  await page.getByRole('dialog').getByRole('button', { name: ru.cabinet.noticeRemove }).click();
  await page.getByText(ru.cabinet.noticeRemoved).waitFor();
  await page.getByText(ru.cabinet.noticeNone).waitFor();
  await page.close();
});

test('issue 6: an operator admin looks up a user by login and sees the account only (no letters); an unknown login says so', { skip }, async (t) => {
  if (!registered || !(await hasOperation(env.base, 'findAccountByLogin'))) return t.skip('needs the organisation registered above and the lookup API');
  const staff = (await import(String(new URL('../../src/modules/accounts/staff.ts', import.meta.url)))) as {
    createStaffAccount(d: object, i: object, c: object): Promise<{ activationCode: string }>;
  };
  const { activationCode } = await staff.createStaffAccount({ db: env.system.database.db }, { login: 'op.admin', role: 'operator_admin', fullName: 'Әкімші' }, { actor: 'test' });
  const page = await open('/activate?lang=en');
  await page.fill('#f-login', 'op.admin');
  await page.fill('#f-code', activationCode);
  await page.fill('#f-password', 'Admin-password-2026');
  await page.fill('#f-passwordConfirm', 'Admin-password-2026');
  await page.getByRole('button', { name: en.activate.submit }).click();
  await page.getByText(en.activate.done).waitFor();
  await page.goto(`${env.base}/admin`);
  await page.locator('#lookup-title').waitFor();
  await page.fill('#lookup-login', 'Demo-Sauda');
  await page.getByRole('button', { name: en.admin.lookup, exact: true }).click();
  const facts = page.locator('#lookup-result');
  await facts.waitFor();
  assert.equal(await facts.locator('[data-fact="login"]').innerText(), 'demo-sauda');
  assert.equal(await facts.locator('[data-fact="address"]').innerText(), `demo-sauda@${env.config.domain}`);
  assert.equal(await facts.locator('[data-fact="kind"]').innerText(), en.admin.kinds.organisation);
  assert.equal(await facts.locator('[data-fact="status"]').innerText(), en.admin.statuses.active);
  assert.ok((await facts.innerText()).includes(en.admin.found.official));
  assert.deepEqual(await seriousViolations(page), []);
  await page.fill('#lookup-login', 'nobody-here');
  await page.getByRole('button', { name: en.admin.lookup, exact: true }).click();
  await page.getByText(en.admin.notFound).waitFor();
  await page.close();
});
