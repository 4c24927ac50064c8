import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { renderItemPdf, type PrintItem } from './print-render.ts';
import { checkPrintablePdf } from './pdf-check.ts';
import { makeTestPdf } from './pdf-fixtures.ts';
import { formatS10, isValidS10 } from './s10.ts';

const item: PrintItem = {
  id: '6f1c1c2e-1d7b-4c55-9b1a-0a4f3b3d2e11',
  s10: formatS10('RR', 47312482),
  sender: { name: 'ТОО «Сәлем Әлем»', lines: ['Астана қ., Мәңгілік Ел 8'] },
  address: { recipientName: 'Әлия Қасымова', region: 'almaty', locality: 'Алматы', street: 'Абай даңғылы', house: '10', apartment: '5', postcode: '050000' },
  registered: true,
  contentKind: 'text',
  acceptedAt: new Date('2025-03-04T05:06:00Z'),
};

function tmp(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'hybrid-render-'));
}

test('hybrid print: the cover barcode decodes (zbarimg) to the S10 string with a valid check digit', () => {
  return (async () => {
    const dir = tmp();
    const pdf = await renderItemPdf(item, Buffer.from('Құрметті Әлия!\n\nСізге хат.'));
    fs.writeFileSync(path.join(dir, 'item.pdf'), pdf);
    execFileSync('pdftoppm', ['-r', '200', '-png', '-f', '1', '-l', '1', path.join(dir, 'item.pdf'), path.join(dir, 'p')]);
    const png = fs.readdirSync(dir).find((f) => f.endsWith('.png'))!;
    const out = execFileSync('zbarimg', ['--quiet', '--raw', '-Scode128.enable', path.join(dir, png)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    assert.equal(out, 'RR473124829KZ');
    assert.ok(isValidS10(out));
    fs.rmSync(dir, { recursive: true, force: true });
  })();
});

test('hybrid print: pdftotext finds the recipient address and the Kazakh letters intact', async () => {
  const dir = tmp();
  const letter = 'Қазақ әріптері: ә ғ қ ң ө ұ ү һ і — Ә Ғ Қ Ң Ө Ұ Ү Һ І\nРусский текст: ёжик съел щи.';
  const pdf = await renderItemPdf(item, Buffer.from(letter));
  fs.writeFileSync(path.join(dir, 'item.pdf'), pdf);
  const text = execFileSync('pdftotext', ['-layout', path.join(dir, 'item.pdf'), '-'], { encoding: 'utf8' });
  for (const s of ['Әлия Қасымова', 'Абай даңғылы, 10, 5', 'Алматы', '050000', 'RR 4731 2482 9 KZ', 'ә ғ қ ң ө ұ ү һ і', 'Ә Ғ Қ Ң Ө Ұ Ү Һ І', 'ёжик съел щи', 'ТОО «Сәлем Әлем»']) {
    assert.ok(text.includes(s), `pdftotext output lacks ${s}`);
  }
  fs.rmSync(dir, { recursive: true, force: true });
});

test('hybrid print: a long text flows onto several pages and the content keeps the clear left margin', async () => {
  const long = Array.from({ length: 120 }, (_, i) => `${i + 1}. Жол мәтіні — строка текста, достаточно длинная, чтобы переноситься по словам на следующую строку.`).join('\n');
  const pdf = await renderItemPdf(item, Buffer.from(long));
  const r = await checkPrintablePdf(pdf, { maxPages: 20, leftMarginMm: 15, maxBytes: 1e8 });
  assert.ok(r.pages >= 4, `pages ${r.pages}`);
  // The cover's content also keeps 15 mm clear (address at 20 mm).
  assert.deepEqual(r.problems, []);
});

test('hybrid print: PDF content pages are copied after the cover', async () => {
  const content = await makeTestPdf({ pages: 3 });
  const pdf = await renderItemPdf({ ...item, contentKind: 'pdf' }, content);
  const r = await checkPrintablePdf(pdf, { maxPages: 20, leftMarginMm: 15, maxBytes: 1e8 });
  assert.equal(r.pages, 4);
});
