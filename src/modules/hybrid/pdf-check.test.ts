import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PDFDocument } from 'pdf-lib';
import { checkPrintablePdf, pdfProblemsAsFields } from './pdf-check.ts';
import { makeTestPdf } from './pdf-fixtures.ts';

const opts = { maxPages: 20, leftMarginMm: 15, maxBytes: 20 * 1024 * 1024 };
const codes = (r: { problems: { code: string; page?: number }[] }) => r.problems.map((p) => (p.page ? `${p.code}@${p.page}` : p.code));

test('hybrid PDF: an A4 portrait PDF with embedded fonts and a clear margin is printable', async () => {
  const r = await checkPrintablePdf(await makeTestPdf({ pages: 3, whiteBackground: true }), opts);
  assert.deepEqual(codes(r), []);
  assert.equal(r.ok, true);
  assert.equal(r.pages, 3);
});

test('hybrid PDF (bad input): a wrong page size and a landscape page are named with their page', async () => {
  const letter = await checkPrintablePdf(await makeTestPdf({ size: [612, 792] }), opts);
  assert.deepEqual(codes(letter), ['page_size@1']);
  const land = await checkPrintablePdf(await makeTestPdf({ size: [841.89, 595.276] }), opts);
  assert.deepEqual(codes(land), ['landscape@1']);
  const fields = pdfProblemsAsFields(land.problems);
  assert.equal(fields[0].name, 'content.pdf.page[1]');
  assert.match(fields[0].message.ru, /книжная A4/);
});

test('hybrid PDF (bad input): encrypted, corrupted and 0-page PDFs are refused', async () => {
  assert.deepEqual(codes(await checkPrintablePdf(await makeTestPdf({ encrypted: true }), opts)), ['encrypted']);
  assert.deepEqual(codes(await checkPrintablePdf(Buffer.from('%PDF-1.7\nthis is not a PDF at all\n%%EOF'), opts)), ['corrupted']);
  assert.deepEqual(codes(await checkPrintablePdf(Buffer.from('hello'), opts)), ['corrupted']);
  const good = await makeTestPdf();
  assert.equal((await checkPrintablePdf(good.subarray(0, 200), opts)).ok, false);
  const empty = await (await PDFDocument.create()).save({ addDefaultPage: false });
  assert.deepEqual(codes(await checkPrintablePdf(empty, opts)), ['no_pages']);
});

test('hybrid PDF (bad input): more pages than the limit (default 20) is refused', async () => {
  const r = await checkPrintablePdf(await makeTestPdf({ pages: 21 }), opts);
  assert.deepEqual(codes(r), ['too_many_pages']);
  assert.equal((await checkPrintablePdf(await makeTestPdf({ pages: 21 }), { ...opts, maxPages: 25 })).ok, true);
});

test('hybrid PDF (bad input): text in the 15 mm left margin is refused naming the page', async () => {
  const r = await checkPrintablePdf(await makeTestPdf({ pages: 2, textLeftMm: 8 }), opts);
  assert.deepEqual(codes(r), ['left_margin@1', 'left_margin@2']);
  assert.match(r.problems[0].detail, /8\.0 mm/);
  assert.equal((await checkPrintablePdf(await makeTestPdf({ textLeftMm: 16 }), opts)).ok, true);
});

test('hybrid PDF (bad input): a font that is not embedded is named', async () => {
  const r = await checkPrintablePdf(await makeTestPdf({ standardFont: true }), opts);
  assert.deepEqual(codes(r), ['font_not_embedded@1']);
  assert.match(r.problems[0].detail, /Helvetica/);
});
