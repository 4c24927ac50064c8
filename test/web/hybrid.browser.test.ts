/**
 * Paper letters in the cabinet (issue 8 item 3, MB-7) in a real browser: a signed-in person sends
 * a letter on paper with the structured address form (per-field errors in the chosen language,
 * keyboard only), sees it in the list as "accepted", and — after the print batch is cut and a
 * print centre records "printed" through the API — sees "printed", then opens its tracking
 * history and downloads the evidence of an event. axe-core finds no serious violations.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { makeIin } from '../../src/domain/iin-bin.ts';
import { currentAgreement } from '../../src/modules/accounts/agreements.ts';
import { createMailboxAccount } from '../../src/modules/accounts/create-mailbox-account.ts';
import { argon2Hasher } from '../../src/modules/accounts/password.ts';
import { createStaffAccount } from '../../src/modules/accounts/staff.ts';
import { kk } from '../../web/src/i18n/kk.ts';
import { ru } from '../../web/src/i18n/ru.ts';
import { CHROMIUM, hasOperation, seriousViolations, startWebEnv, type WebEnv } from './browser-support.ts';

const present = fs.existsSync(CHROMIUM);
if (!present && process.env.CI) throw new Error(`${CHROMIUM} is missing: .ci/run installs Debian's chromium`);
const skip = present ? false : `no browser at ${CHROMIUM} (apt-get install chromium)`;

let env: WebEnv;
const LOGIN = 'qagaz-jiberushi';
const PASSWORD = 'Qagaz-hat-jiberu-2026';

function iin(): string {
  for (let s = 700; ; s++) {
    try { return makeIin('1988-08-08', 'female', s); } catch { /* next serial */ }
  }
}

before(async () => {
  if (!present) return;
  env = await startWebEnv();
  // A person with a mailbox and a password (the registration flow itself is the cabinet test's).
  const db = env.system.database.db;
  const passwordHash = await argon2Hasher.hash(PASSWORD);
  await db.transaction(async (tx) => {
    const agreement = await currentAgreement(tx, env.config.domain);
    await createMailboxAccount(tx, env.config.domain, {
      applicant: { kind: 'individual', fullName: 'Сәуле Жанұзақова', iin: iin(), identityDocument: { number: '012345678' }, residentialAddress: 'Астана, Абай 1', mobilePhone: '+7 701 000 00 00' },
      login: LOGIN, passwordHash, agreement, application: { channel: 'online' },
    }, { actor: 'test' });
  });
});
after(async () => env?.close());

const heading = (page: Page) => page.locator('h1#screen-title').innerText();
const focused = (page: Page) => page.evaluate(() => ({ id: document.activeElement?.id ?? '', text: (document.activeElement as HTMLElement | null)?.innerText?.trim() ?? '' }));

async function tabTo(page: Page, text: string, max = 40): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if ((await focused(page)).text === text) return;
  }
  throw new Error(`keyboard focus never reached "${text}"`);
}

/** A print-centre staff session through the API (activation code → password → session cookies). */
async function printCentreSession(): Promise<{ cookie: string; csrf: string }> {
  const { activationCode } = await createStaffAccount({ db: env.system.database.db }, { login: 'print.almaty', role: 'print_centre', fullName: 'Басып шығару орталығы' }, { actor: 'test' });
  const r = await fetch(`${env.base}/api/v1/auth/activate`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login: 'print.almaty', code: activationCode, password: 'Print-centre-pass-2026' }) });
  assert.equal(r.status, 200, await r.clone().text());
  const cookies = r.headers.getSetCookie().map((c) => c.split(';')[0]);
  return { cookie: cookies.join('; '), csrf: ((await r.json()) as { csrfToken: string }).csrfToken };
}

test('MB-7: a sender submits a paper letter from the cabinet, sees it "accepted", then "printed" after the print centre reports it, with its history and evidence', { skip }, async (t) => {
  if (!(await hasOperation(env.base, 'listHybridLetters'))) return t.skip('the hybrid list API is not served');
  const page = await env.page();
  await page.goto(`${env.base}/login?lang=kk`);
  await page.fill('#f-login', LOGIN);
  await page.fill('#f-password', PASSWORD);
  await page.getByRole('button', { name: kk.login.submit, exact: true }).click();
  await page.waitForURL(/\/(mail|cabinet)/);

  // Keyboard only: from the header to the paper letters, then to the form.
  await page.locator('h1#screen-title').waitFor();
  await page.focus('h1#screen-title');
  await page.keyboard.press('Shift+Tab');
  for (let i = 0; i < 15 && (await focused(page)).text !== kk.nav.hybrid; i++) await page.keyboard.press('Shift+Tab');
  assert.equal((await focused(page)).text, kk.nav.hybrid, 'the navigation reaches the paper letters by keyboard');
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/hybrid$/);
  assert.equal(await heading(page), kk.hybrid.title);
  // The list loads after the heading: wait for its answer, not for a fixed time.
  await page.locator('main').getByText(kk.hybrid.empty).waitFor();
  assert.match(await page.locator('main').innerText(), new RegExp(kk.hybrid.empty));
  assert.deepEqual(await seriousViolations(page), [], 'the empty list is axe clean');
  await tabTo(page, kk.hybrid.send);
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/hybrid\/send$/);
  assert.equal(await heading(page), kk.hybrid.form.title);

  // Russian, and a wrong postcode: the server's per-field message in Russian under the field.
  await page.getByRole('button', { name: 'Русский' }).click();
  await page.waitForFunction(() => document.documentElement.lang === 'ru');
  await page.focus('#f-recipient-address-recipientName');
  await page.keyboard.type('Әлия Қасымова');
  await page.keyboard.press('Tab');
  await page.selectOption('#f-recipient-address-region', 'almaty');
  await page.fill('#f-recipient-address-locality', 'Алматы');
  await page.fill('#f-recipient-address-street', 'Абай даңғылы');
  await page.fill('#f-recipient-address-house', '10');
  await page.fill('#f-recipient-address-postcode', '12345');
  await page.fill('#f-subject', 'Хабарлама');
  await page.fill('#f-content-text', 'Құрметті Әлия! Сәлем хат. Жаңа жылыңызбен!');
  await page.focus('#f-subject');
  await page.keyboard.press('Enter');
  const postcodeError = page.locator('#f-recipient-address-postcode-error');
  await postcodeError.waitFor();
  assert.match(await postcodeError.innerText(), /Неверный почтовый индекс/);
  assert.equal(await page.getAttribute('#f-recipient-address-postcode', 'aria-invalid'), 'true');
  assert.match(await page.locator('.error-summary').innerText(), new RegExp(ru.hybrid.form.postcode));
  assert.deepEqual(await seriousViolations(page), [], 'the form with its errors is axe clean');
  await page.screenshot({ path: path.join(env.artefacts, 'hybrid-send-errors-ru.png'), fullPage: true });

  // Fixed: the letter is accepted with a tracking number.
  await page.fill('#f-recipient-address-postcode', '050000');
  await page.focus('#f-recipient-address-postcode');
  await page.keyboard.press('Enter');
  const notice = page.locator('.notice-success');
  await notice.waitFor();
  const s10 = /([A-Z]{2}\d{9}KZ)/.exec(await notice.innerText())?.[1];
  assert.ok(s10, await notice.innerText());

  await page.getByRole('link', { name: ru.hybrid.form.toList }).click();
  await page.waitForURL(/\/hybrid$/);
  const row = page.locator('table.hybrid-list tbody tr').first();
  await row.waitFor();
  assert.equal(await row.locator('th').innerText(), s10);
  assert.equal(await row.locator('[data-status]').innerText(), ru.hybrid.statuses.accepted);
  assert.match(await row.innerText(), /Әлия Қасымова/);
  assert.match(await row.innerText(), /₸|KZT/, 'the cost in tenge');
  assert.deepEqual(await seriousViolations(page), [], 'the list is axe clean');

  // The print batch is cut (its job brought forward) and the print centre reports "printed" through the API.
  const db = env.system.database;
  await db.pool.query(`update jobs set run_at = now() where kind = 'hybrid.print_batch'`);
  for (let i = 0; i < 60; i++) {
    const b = await db.pool.query(`select batch_id from hybrid_items where s10 = $1`, [s10]);
    if (b.rows[0]?.batch_id) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  const pc = await printCentreSession();
  const ev = await fetch(`${env.base}/api/v1/hybrid/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: pc.cookie, 'x-csrf-token': pc.csrf },
    body: JSON.stringify({ s10, event: 'printed', place: 'Алматы басып шығару орталығы' }),
  });
  assert.equal(ev.status, 200, await ev.clone().text());

  await page.reload();
  await page.locator('table.hybrid-list tbody tr').first().waitFor();
  assert.equal(await page.locator('table.hybrid-list tbody tr').first().locator('[data-status]').innerText(), ru.hybrid.statuses.printed);
  assert.match(await page.locator('table.hybrid-list tbody tr').first().innerText(), /Алматы басып шығару орталығы/);

  // The tracking history: both events with time and place, each with downloadable evidence.
  await page.getByRole('link', { name: s10 }).click();
  await page.waitForURL(/\/hybrid\/item\?id=/);
  await page.locator('table.hybrid-history').waitFor();
  assert.equal(await heading(page), `${ru.hybrid.item.title} ${s10}`);
  const events = await page.locator('table.hybrid-history tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-event')));
  assert.deepEqual(events, ['accepted', 'printed']);
  const printedRow = page.locator('table.hybrid-history tr[data-event="printed"]');
  assert.match(await printedRow.innerText(), /Алматы басып шығару орталығы/);
  const [download] = await Promise.all([page.waitForEvent('download'), printedRow.getByRole('button').click()]);
  assert.equal(download.suggestedFilename(), `${s10}-printed.p7s`);
  const bytes = fs.readFileSync((await download.path())!);
  assert.equal(bytes[0], 0x30, 'a DER-encoded CMS');
  assert.ok(bytes.includes(Buffer.from(s10)), 'the signed document names the item');
  assert.deepEqual(await seriousViolations(page), [], 'the tracking history is axe clean');
  await page.screenshot({ path: path.join(env.artefacts, 'hybrid-tracking-ru.png'), fullPage: true });
  await page.goto(`${env.base}/hybrid`);
  await page.locator('table.hybrid-list').waitFor();
  await page.screenshot({ path: path.join(env.artefacts, 'hybrid-list-ru.png'), fullPage: true });
  await page.close();
});
