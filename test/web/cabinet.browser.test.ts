/**
 * The web cabinet in a real browser (Debian's chromium through playwright-core), against jashik
 * started on loopback in demo mode: languages (X-1), keyboard-only use and an axe-core check,
 * every error path of the registration form in the chosen language, and — with the accounts
 * API — online registration with the in-browser test signer (MB-5), sign-in by password and by
 * EDS, and EDS confirmation of the cabinet (MB-11). Screenshots are kept as test artefacts
 * (JASHIK_TEST_ARTEFACTS=dir keeps them; docs/screenshots/ holds the ones the README shows).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { makeIin } from '../../src/domain/iin-bin.ts';
import { issueDemoCertificate } from '../../src/modules/demo-pki/issue-demo-certificate.ts';
import { kk } from '../../web/src/i18n/kk.ts';
import { ru } from '../../web/src/i18n/ru.ts';
import { en } from '../../web/src/i18n/en.ts';
import { CHROMIUM, hasOperation, seriousViolations, startWebEnv, type WebEnv } from './browser-support.ts';

const present = fs.existsSync(CHROMIUM);
if (!present && process.env.CI) throw new Error(`${CHROMIUM} is missing: .ci/run installs Debian's chromium`);
const skip = present ? false : `no browser at ${CHROMIUM} (apt-get install chromium)`;
const T = { kk, ru, en };
type Lang = keyof typeof T;

let env: WebEnv;
/** Carried between the tests below: who registered and the counter applicant's activation code. */
const people: { aigul?: { login: string; password: string }; bolat?: { login: string; code: string } } = {};
before(async () => {
  if (present) env = await startWebEnv();
});
after(async () => env?.close());

async function open(p: string, lang?: Lang): Promise<Page> {
  const page = await env.page();
  await page.goto(`${env.base}${p}${lang ? `${p.includes('?') ? '&' : '?'}lang=${lang}` : ''}`);
  await page.locator('h1#screen-title').waitFor();
  return page;
}

const heading = (page: Page) => page.locator('h1#screen-title').innerText();
const focused = (page: Page) => page.evaluate(() => ({ id: document.activeElement?.id ?? '', text: (document.activeElement as HTMLElement | null)?.innerText?.trim() ?? '', tag: document.activeElement?.tagName ?? '' }));

async function tabTo(page: Page, text: string, max = 40): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if ((await focused(page)).text === text) return;
  }
  throw new Error(`keyboard focus never reached "${text}"`);
}

function shot(name: string): string {
  return path.join(env.artefacts, name);
}

test('X-1: the cabinet opens in Kazakh with the DEMO banner; Russian and English are one click away and remembered', { skip }, async () => {
  const page = await open('/');
  assert.equal(await page.getAttribute('html', 'lang'), 'kk');
  assert.equal(await heading(page), kk.about.title);
  const banner = page.locator('.demo-banner');
  assert.match(await banner.innerText(), /DEMO/);
  assert.match(await banner.innerText(), new RegExp(kk.demo.text.slice(0, 20)));
  await page.getByRole('button', { name: 'Русский' }).click();
  await page.waitForFunction(() => document.documentElement.lang === 'ru');
  assert.equal(await heading(page), ru.about.title);
  assert.equal(await page.getByRole('button', { name: 'Русский' }).getAttribute('aria-pressed'), 'true');
  await page.reload();
  await page.locator('h1#screen-title').waitFor();
  assert.equal(await heading(page), ru.about.title, 'the chosen language is remembered');
  await page.getByRole('link', { name: ru.nav.login }).first().click();
  assert.equal(await heading(page), ru.login.title);
  assert.match(await page.locator('.demo-banner').innerText(), new RegExp(ru.demo.text.slice(0, 20)), 'DEMO banner on every screen, in the chosen language');
  await page.getByRole('button', { name: 'English' }).click();
  assert.equal(await heading(page), en.login.title);
  assert.equal(await page.title(), `${en.login.title} — ${en.app.name}`);
  await page.close();
});

test('X-1: keyboard only — skip link, navigation, forms and the language switch work without a mouse, with visible focus', { skip }, async () => {
  const page = await open('/', 'en');
  await page.keyboard.press('Tab');
  const skipLink = await focused(page);
  assert.equal(skipLink.text, en.a11y.skipToContent);
  const ring = await page.evaluate(() => getComputedStyle(document.activeElement as Element).boxShadow);
  assert.notEqual(ring, 'none', 'focus is visible');
  const box = await page.locator('.skip-link').boundingBox();
  assert.ok(box && box.y >= 0, 'the skip link is on screen when focused');
  await page.keyboard.press('Enter');
  assert.equal((await focused(page)).id, 'main');

  await page.keyboard.press('Shift+Tab');
  await tabTo(page, en.nav.register);
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/register$/);
  assert.equal((await focused(page)).id, 'screen-title', 'the new screen’s heading takes focus');
  // Into the form: the first field of the application, typed into, then Enter submits.
  await tabTo(page, en.register.kindIndividual === '' ? '' : '', 3).catch(() => {});
  await page.focus('#f-applicant-fullName');
  await page.keyboard.type('Keyboard User');
  await page.keyboard.press('Enter');
  await page.locator('.error-summary').waitFor();
  assert.equal(await page.evaluate(() => document.activeElement?.classList.contains('error-summary')), true, 'the error summary takes focus');
  // Each summary entry links to its field.
  await page.keyboard.press('Tab');
  const link = await focused(page);
  assert.equal(link.tag, 'A');
  await page.keyboard.press('Enter');
  assert.match((await focused(page)).id, /^f-/);

  // Language by keyboard.
  await page.focus('h1#screen-title');
  await page.keyboard.press('Shift+Tab');
  for (let i = 0; i < 10 && (await focused(page)).text !== 'Қазақша'; i++) await page.keyboard.press('Shift+Tab');
  assert.equal((await focused(page)).text, 'Қазақша');
  await page.keyboard.press('Space');
  assert.equal(await heading(page), kk.register.title);

  // The sign-in screen by keyboard, and its method switch.
  await page.focus('h1#screen-title');
  await page.keyboard.press('Shift+Tab');
  for (let i = 0; i < 15 && (await focused(page)).text !== kk.nav.login; i++) await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/login$/);
  assert.equal(await heading(page), kk.login.title);
  await page.close();
});

test('X-1, MB-5: every error path of the registration form shows a field error in the chosen language', { skip }, async () => {
  for (const lang of ['kk', 'ru', 'en'] as Lang[]) {
    const c = T[lang];
    const page = await open('/register', lang);
    await page.getByRole('button', { name: c.register.submit }).click();
    await page.locator('.error-summary').waitFor();
    for (const id of ['f-applicant-fullName', 'f-applicant-iin', 'f-applicant-identityDocument-number', 'f-applicant-residentialAddress', 'f-applicant-mobilePhone', 'f-login', 'f-password']) {
      assert.equal(await page.locator(`#${id}-error`).innerText(), c.errors.fields.required, `${lang} ${id}`);
      assert.equal(await page.getAttribute(`#${id}`, 'aria-invalid'), 'true');
    }
    assert.equal(await page.locator('#f-agreement-error').innerText(), c.errors.fields.agreement_required);
    await page.fill('#f-applicant-iin', '12345');
    await page.fill('#f-applicant-mobilePhone', 'abc');
    await page.fill('#f-login', '.Bad Login');
    await page.fill('#f-password', 'short');
    await page.fill('#f-passwordConfirm', 'other');
    await page.getByRole('button', { name: c.register.submit }).click();
    assert.equal(await page.locator('#f-applicant-iin-error').innerText(), c.errors.fields.twelve_digits);
    assert.equal(await page.locator('#f-applicant-mobilePhone-error').innerText(), c.errors.fields.phone);
    assert.equal(await page.locator('#f-login-error').innerText(), c.errors.fields.login_format);
    assert.equal(await page.locator('#f-password-error').innerText(), c.errors.fields.password_short);
    assert.equal(await page.locator('#f-passwordConfirm-error').innerText(), c.errors.fields.password_mismatch);
    // The legal entity's form has its own fields and errors.
    await page.locator('#kind-legal').check();
    await page.getByRole('button', { name: c.register.submit }).click();
    for (const id of ['f-applicant-bin', 'f-applicant-stateRegistration-number', 'f-applicant-stateRegistration-date', 'f-applicant-legalAddress', 'f-applicant-workPhone']) {
      assert.equal(await page.locator(`#${id}-error`).innerText(), c.errors.fields.required, `${lang} ${id}`);
    }
    if (lang === 'kk') await page.screenshot({ path: shot('registration-errors-kk.png'), fullPage: true });
    await page.close();
  }

  if (!(await hasOperation(env.base, 'prepareApplication'))) return;
  // Errors only the server can find (IIN checksum, reserved name) arrive on their fields in the chosen language.
  for (const [lang, pattern] of [['ru', /[А-Яа-яЁё]/], ['kk', /[ӘәҒғҚқҢңӨөҰұҮүҺһІі]|[А-Яа-я]/], ['en', /^[\x20-\x7E–’]+$/]] as [Lang, RegExp][]) {
    const c = T[lang];
    const page = await open('/register', lang);
    await page.fill('#f-applicant-fullName', 'Тестов Тест');
    await page.fill('#f-applicant-iin', '123456789012');
    await page.fill('#f-applicant-identityDocument-number', '012345678');
    await page.fill('#f-applicant-residentialAddress', 'Астана, Мәңгілік Ел, 1');
    await page.fill('#f-applicant-mobilePhone', '+77010000000');
    await page.fill('#f-login', 'postmaster');
    await page.fill('#f-password', 'a-long-enough-password-1');
    await page.fill('#f-passwordConfirm', 'a-long-enough-password-1');
    await page.locator('#f-agreement').check();
    await page.getByRole('button', { name: c.register.submit }).click();
    const iinError = page.locator('#f-applicant-iin-error');
    await iinError.waitFor();
    const loginError = await page.locator('#f-login-error').innerText();
    assert.match(await iinError.innerText(), pattern, `${lang}: ${await iinError.innerText()}`);
    assert.match(loginError, pattern, `${lang}: ${loginError}`);
    assert.match(await page.locator('.error-summary').innerText(), new RegExp(c.form.errorSummary));
    await page.close();
  }
});

test('X-2: automated accessibility check (axe-core, WCAG 2.1 AA) finds no serious violations on the public screens', { skip }, async () => {
  const found: string[] = [];
  for (const p of ['/', '/agreement', '/register', '/register?kind=legal', '/login', '/activate', '/no-such-page']) {
    const page = await open(p, 'kk');
    await page.waitForLoadState('networkidle');
    for (const v of await seriousViolations(page)) found.push(`${p}: ${v.id} (${v.impact}) ${v.help} ${JSON.stringify(v.nodes.slice(0, 3))}`);
    await page.close();
  }
  assert.deepEqual(found, []);
});

test('MB-5, MB-11: register online with the test signer, sign in by password and by EDS, confirm the cabinet with EDS', { skip }, async (t) => {
  if (!(await hasOperation(env.base, 'submitApplication'))) return t.skip('the accounts API is not served yet');
  const deps = { config: env.config, db: env.system.database.db };
  const iin = makeIin('1992-04-17', 'female', 42);
  const password = 'Demo-key-password-1';
  const signKey = await issueDemoCertificate(deps, { kind: 'individual', iin, name: 'ТЕСТОВА АЙГҮЛ', password });
  const authKey = await issueDemoCertificate(deps, { kind: 'individual', iin, name: 'ТЕСТОВА АЙГҮЛ', password, auth: true });
  const signP12 = path.join(env.dataDir, 'sign.p12');
  const authP12 = path.join(env.dataDir, 'auth.p12');
  fs.writeFileSync(signP12, signKey.p12);
  fs.writeFileSync(authP12, authKey.p12);

  const page = await open('/register', 'kk');
  await page.fill('#f-applicant-fullName', 'Тестова Айгүл');
  await page.fill('#f-applicant-iin', iin);
  await page.fill('#f-applicant-identityDocument-number', '045678912');
  await page.fill('#f-applicant-identityDocument-issuedBy', 'ҚР ІІМ');
  await page.fill('#f-applicant-residentialAddress', 'Астана қ., Мәңгілік Ел д-лы, 8');
  await page.fill('#f-applicant-mobilePhone', '+7 701 123 45 67');
  await page.fill('#f-login', 'aigul');
  await page.fill('#f-password', 'Jaña-qupiasöz-2026');
  await page.fill('#f-passwordConfirm', 'Jaña-qupiasöz-2026');
  await page.locator('#f-agreement').check();
  await page.locator('#signer-test').check();
  assert.match(await page.locator('.badge-test').innerText(), new RegExp(kk.signer.testBadge));
  await page.setInputFiles('#signer-file', signP12);
  await page.fill('#signer-password', password);
  await page.screenshot({ path: shot('registration-kk.png'), fullPage: true });
  await page.getByRole('button', { name: kk.register.submit }).click();
  await page.waitForFunction((title) => document.querySelector('h1')?.textContent === title, kk.register.doneTitle, { timeout: 30_000 });
  assert.match(await page.locator('.notice').innerText(), new RegExp(`aigul@${env.config.domain.replace(/\./g, '\\.')}`));
  people.aigul = { login: 'aigul', password: 'Jaña-qupiasöz-2026' };

  // Sign in with the password.
  await page.goto(`${env.base}/login`);
  await page.fill('#f-login', 'aigul');
  await page.fill('#f-password', 'Jaña-qupiasöz-2026');
  await page.getByRole('button', { name: kk.login.submit }).click();
  await page.waitForURL(/\/(mail|agreement)/);
  await page.locator('h1#screen-title').waitFor();
  assert.equal(await heading(page), kk.mail.title);
  assert.deepEqual(await seriousViolations(page), []);

  // Confirm the cabinet with EDS (MB-11).
  if (await hasOperation(env.base, 'confirmWithSignature')) {
    await page.getByRole('link', { name: kk.nav.cabinet }).click();
    await page.locator('#eds-title').waitFor();
    await page.locator('#eds-signer-test').check();
    await page.setInputFiles('#eds-signer-file', signP12);
    await page.fill('#eds-signer-password', password);
    await page.getByRole('button', { name: kk.cabinet.confirm }).click();
    await page.getByText(kk.cabinet.confirmed).waitFor({ timeout: 30_000 });
    await page.getByText(kk.cabinet.official).waitFor();
    assert.deepEqual(await seriousViolations(page), []);
  }

  // Sign out, then sign in with the authentication key (EDS login).
  await page.getByRole('button', { name: kk.nav.logout, exact: true }).click();
  await page.waitForURL(/\/login$/);
  await page.locator('#method-eds').check();
  await page.locator('#signer-test').check();
  await page.setInputFiles('#signer-file', authP12);
  await page.fill('#signer-password', password);
  await page.getByRole('button', { name: kk.login.submitEds }).click();
  await page.waitForURL(/\/(mail|agreement)/, { timeout: 30_000 });
  await page.locator('h1#screen-title').waitFor();
  assert.equal(await heading(page), kk.mail.title);
  await page.close();
});

test('MB-5: a clerk activates the staff account and registers a paper application at the counter; the slip carries the address and code', { skip }, async (t) => {
  if (!(await hasOperation(env.base, 'registerCounterApplication'))) return t.skip('the counter API is not served yet');
  // The operator's staff are created by an administrator; here straight through the accounts service.
  const staff = (await import(String(new URL('../../src/modules/accounts/staff.ts', import.meta.url)))) as {
    createPostOffice(d: object, i: object, c: object): Promise<{ id: string }>;
    createStaffAccount(d: object, i: object, c: object): Promise<{ activationCode: string }>;
  };
  const deps = { db: env.system.database.db };
  const office = await staff.createPostOffice(deps, { code: '010000', name: 'Астана 1', address: 'Астана, Бейбітшілік к-сі, 2' }, { actor: 'test' });
  const { activationCode } = await staff.createStaffAccount(deps, { login: 'clerk.astana', role: 'clerk', postOfficeId: office.id, fullName: 'Операционист Бір' }, { actor: 'test' });
  const iin = makeIin('1961-12-16', 'male', 7);
  await issueDemoCertificate({ config: env.config, db: env.system.database.db }, { kind: 'individual', iin, name: 'ҚАСЫМОВ БОЛАТ', password: 'Demo-key-password-2' });

  const page = await open('/activate', 'ru');
  await page.fill('#f-login', 'clerk.astana');
  await page.fill('#f-code', activationCode);
  await page.fill('#f-password', 'Clerk-password-2026');
  await page.fill('#f-passwordConfirm', 'Clerk-password-2026');
  await page.getByRole('button', { name: ru.activate.submit }).click();
  await page.getByText(ru.activate.done).waitFor();
  await page.getByRole('link', { name: ru.nav.counter }).click();
  await page.waitForURL(/\/counter$/);
  assert.equal(await heading(page), ru.counter.title);
  // A scan that is not a PDF/JPEG/TIFF is refused on its field before anything is sent.
  const notScan = path.join(env.dataDir, 'form.txt');
  fs.writeFileSync(notScan, 'not a scan');
  await page.setInputFiles('#f-scan', notScan);
  await page.getByRole('button', { name: ru.counter.submit }).click();
  assert.equal(await page.locator('#f-scan-error').innerText(), ru.errors.fields.scan_type);

  await page.fill('#f-applicant-fullName', 'Қасымов Болат');
  await page.fill('#f-applicant-iin', iin);
  await page.fill('#f-applicant-identityDocument-number', '012345678');
  await page.fill('#f-applicant-residentialAddress', 'Астана, ул. Кенесары, 10');
  await page.fill('#f-applicant-mobilePhone', '+77011112233');
  await page.fill('#f-login', 'bolat');
  await page.fill('#f-identityDocumentChecked', '012345678');
  const scan = path.join(env.dataDir, 'application.pdf');
  fs.writeFileSync(scan, '%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
  await page.setInputFiles('#f-scan', scan);
  await page.getByRole('button', { name: ru.counter.submit }).click();
  await page.waitForFunction((title) => document.querySelector('h1')?.textContent === title, ru.counter.slipTitle, { timeout: 30_000 });
  const slip = await page.locator('.slip').innerText();
  assert.match(slip, new RegExp(`bolat@${env.config.domain.replace(/\./g, '\\.')}`));
  const code = (await page.locator('.slip code').innerText()).trim();
  assert.ok(code.length >= 6, code);
  people.bolat = { login: 'bolat', code };
  await page.screenshot({ path: shot('counter-slip-ru.png'), fullPage: true });
  assert.deepEqual(await seriousViolations(page), []);
  if (await hasOperation(env.base, 'getActivationSlip')) {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: ru.counter.slipPdf }).click()]);
    const file = path.join(env.dataDir, 'slip.pdf');
    await download.saveAs(file);
    assert.equal(fs.readFileSync(file).subarray(0, 5).toString(), '%PDF-');
  }
  await page.close();
});

async function signIn(page: Page, login: string, password: string, c: (typeof T)[Lang]): Promise<void> {
  await page.goto(`${env.base}/login`);
  await page.fill('#f-login', login);
  await page.fill('#f-password', password);
  await page.getByRole('button', { name: c.login.submit, exact: true }).click();
  await page.waitForURL(/\/mail/);
  await page.locator('h1#screen-title').waitFor();
}

async function signOut(page: Page, c: (typeof T)[Lang]): Promise<void> {
  await page.getByRole('button', { name: c.nav.logout, exact: true }).click();
  await page.waitForURL(/\/login$/);
}

test('MB-7, X-3: a registered letter — sent, read by the recipient, and the sender sees ContentConsignment and ContentHandover evidence and downloads it', { skip }, async (t) => {
  if (!people.aigul || !people.bolat || !(await hasOperation(env.base, 'sendLetter'))) return t.skip('needs the accounts and letters APIs and the two people registered above');
  const domain = env.config.domain;
  const page = await open('/login', 'ru');
  t.after(async () => {
    if (!page.isClosed()) await page.screenshot({ path: shot('mail-test-last.png'), fullPage: true }).catch(() => {});
  });
  await signIn(page, people.aigul.login, people.aigul.password, ru);
  await page.getByRole('link', { name: ru.nav.compose }).first().click();
  await page.fill('#f-to', `${people.bolat.login}@${domain}`);
  await page.fill('#f-subject', 'Заказное письмо: ҚАЗАҚ тілі');
  await page.fill('#f-text', 'Сәлеметсіз бе! Это заказное письмо с доказательствами.');
  await page.locator('#compose-registered').check();
  await page.getByRole('button', { name: ru.compose.send }).click();
  await page.getByText(ru.compose.sentRegistered).waitFor({ timeout: 20_000 });

  // The sender keeps the sent letter open, in English, while the recipient reads it elsewhere.
  await page.getByRole('button', { name: 'English' }).click();
  await page.goto(`${env.base}/mail?folder=sent`);
  await page.locator('.letter-list a', { hasText: 'Заказное письмо' }).first().click();
  await page.locator('#evidence-title').waitFor();
  // X-3: the status line is the latest evidence record's: delivered (ContentConsignment, made by
  // a durable job after sending), not opened yet — learnt without a reload.
  const status = page.locator('#letter-status');
  await status.locator('[data-event="ContentConsignment"]').waitFor({ timeout: 20_000 });
  assert.ok((await status.innerText()).startsWith(en.mail.status.ContentConsignment.split('{{')[0]), await status.innerText());

  // The recipient, in another browser: first sign-in with the activation code, then the letter.
  const reader = await env.otherPerson();
  await reader.goto(`${env.base}/activate?lang=ru`);
  await reader.locator('h1#screen-title').waitFor();
  await reader.fill('#f-login', people.bolat.login);
  await reader.fill('#f-code', people.bolat.code);
  await reader.fill('#f-password', 'Qasym-qupiasoz-2026');
  await reader.fill('#f-passwordConfirm', 'Qasym-qupiasoz-2026');
  await reader.getByRole('button', { name: ru.activate.submit }).click();
  await reader.getByText(ru.activate.done).waitFor();
  await reader.getByRole('link', { name: ru.nav.mailbox }).first().click();
  const item = reader.locator('.letter-list a', { hasText: 'Заказное письмо' });
  await item.first().waitFor();
  await item.first().click();
  await reader.locator('#letter-subject').waitFor();
  assert.match(await reader.locator('.letter').innerText(), /Сәлеметсіз бе/);
  await reader.screenshot({ path: shot('mailbox-ru.png'), fullPage: true });
  assert.deepEqual(await seriousViolations(reader), []);
  await reader.context().close();

  // The sender's letter, still open, now says "opened" — never "not opened yet" beside a
  // ContentHandover record — and lists the ContentHandover evidence.
  await status.locator('[data-event="ContentHandover"]').waitFor({ timeout: 20_000 });
  const statusText = await status.innerText();
  assert.ok(!statusText.includes(en.mail.status.ContentConsignment.split('{{')[0]) && !statusText.includes(en.mail.notHandedOver), `status line: ${statusText}`);
  assert.ok(statusText.startsWith(en.mail.status.ContentHandover.split('{{')[0]), `status line: ${statusText}`);
  await page.locator('.event-name[data-event="ContentHandover"]').waitFor();
  const names = await page.locator('.event-name').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.event));
  assert.ok(names.includes('ContentConsignment'), names.join());
  assert.ok(names.includes('ContentHandover'), names.join());
  assert.equal(await page.locator('.event-name[data-event="ContentHandover"]').first().innerText(), en.evidence.events.ContentHandover);
  if (await hasOperation(env.base, 'verifyEvidence')) await page.locator('.evidence .event-name[data-event="ContentHandover"]').locator('xpath=ancestor::tr').locator('.badge-ok').waitFor({ timeout: 20_000 });
  assert.deepEqual(await seriousViolations(page), []);
  await page.screenshot({ path: shot('evidence-en.png'), fullPage: true });
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: `${en.evidence.downloadP7s} — ${en.evidence.events.ContentHandover}` }).first().click(),
  ]);
  const file = path.join(env.dataDir, 'handover.p7s');
  await download.saveAs(file);
  assert.equal(fs.readFileSync(file)[0], 0x30, 'a DER CMS');
  await page.close();
});
