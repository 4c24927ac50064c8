/**
 * bench/print-batch: items rendered and batched per second for a 3-page letter (text content and
 * PDF content), pages per second against copying the same pages with pdf-lib alone in the same
 * run, and peak memory while one batch of 10,000 items streams into files of 500 items.
 *
 *   node --expose-gc --import tsx bench/print-batch/run.ts     (BENCH_ITEMS=10000 BENCH_SAMPLE=300)
 * Bounded: the 10,000-item pass stops after BENCH_SECONDS (default 240) and reports what it did.
 * After each file of the big batch it prints RSS and V8 heap used (after a full GC when run with
 * --expose-gc), so a leak across files shows as a rising heap line.
 */
import { createHash } from 'node:crypto';
import v8 from 'node:v8';
import { PDFDocument } from 'pdf-lib';
import { writeBatchFiles } from '../../src/modules/hybrid/batch-writer.ts';
import { makeTestPdf } from '../../src/modules/hybrid/pdf-fixtures.ts';
import type { BatchWriter } from '../../src/modules/hybrid/print-drop.ts';
import type { PrintItem } from '../../src/modules/hybrid/print-render.ts';
import { formatS10 } from '../../src/modules/hybrid/s10.ts';

const SAMPLE = Number(process.env.BENCH_SAMPLE ?? 300);
const BIG = Number(process.env.BENCH_ITEMS ?? 10_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 240);
const PER_FILE = 500;

/** A drop that hashes and discards (the benchmark measures production, not the disk). */
function hashingWriter(): BatchWriter & { bytes: number } {
  const w = {
    bytes: 0,
    async write(_name: string, b: Uint8Array) { createHash('sha256').update(b).digest(); w.bytes += b.length; },
    async commit() { return ''; },
    async abort() {},
  };
  return w;
}

const text3 = Array.from({ length: 70 }, (_, i) => `${i + 1}. Қазақстан Республикасы — Республика Казахстан: хат мәтіні, текст письма ә ғ қ ң ө ұ ү һ і.`).join('\n');
const item = (i: number, kind: 'text' | 'pdf'): PrintItem => ({
  id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, s10: formatS10('RR', i % 100_000_000), registered: true, contentKind: kind, acceptedAt: new Date(),
  sender: { name: 'ТОО «Бенчмарк»', lines: ['Астана қ., Мәңгілік Ел 8'] },
  address: { recipientName: `Алушы ${i}`, region: 'almaty', locality: 'Алматы', street: 'Абай даңғылы', house: String(i % 300), postcode: '050000' },
});

const gc = (globalThis as { gc?: () => void }).gc;
const mb = (b: number) => Math.round(b / 2 ** 20);

async function run(kind: 'text' | 'pdf', n: number, content: Uint8Array, budgetMs = Infinity) {
  const out = hashingWriter();
  const t0 = performance.now();
  let done = 0;
  let peak = 0;
  const rssAt: number[] = [];
  const perFile: { rss: number; heap: number }[] = [];
  const afterFile = () => {
    gc?.();
    perFile.push({ rss: mb(process.memoryUsage().rss), heap: mb(v8.getHeapStatistics().used_heap_size) });
  };
  const timer = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 25);
  async function* items() {
    for (let i = 0; i < n; i++) {
      if (performance.now() - t0 > budgetMs) return;
      if (i % 1000 === 0) rssAt.push(process.memoryUsage().rss);
      done++;
      yield item(i, kind);
    }
  }
  const r = await writeBatchFiles({ batchId: 'bench', name: `B-${kind}`, printCentre: 'PC-BENCH', createdAt: new Date() }, items(), async () => content, out, PER_FILE, afterFile);
  clearInterval(timer);
  const s = (performance.now() - t0) / 1000;
  return { items: done, pages: r.pageCount, seconds: s, itemsPerSec: done / s, pagesPerSec: r.pageCount / s, files: r.files.length, peakRssMb: peak / 2 ** 20, rssAt: rssAt.map(mb), perFile };
}

async function copyOnly(n: number, content: Uint8Array) {
  const t0 = performance.now();
  let pages = 0;
  for (let start = 0; start < n; start += PER_FILE) {
    const doc = await PDFDocument.create();
    for (let i = start; i < Math.min(n, start + PER_FILE); i++) {
      const src = await PDFDocument.load(content);
      for (const p of await doc.copyPages(src, src.getPageIndices())) { doc.addPage(p); pages++; }
    }
    createHash('sha256').update(await doc.save()).digest();
  }
  const s = (performance.now() - t0) / 1000;
  return { pages, seconds: s, pagesPerSec: pages / s };
}

const pdf3 = await makeTestPdf({ pages: 3 });
const fmt = (x: number) => x.toFixed(1);
const text = await run('text', SAMPLE, Buffer.from(text3));
const pdf = await run('pdf', SAMPLE, pdf3);
const copy = await copyOnly(SAMPLE, pdf3);
console.log(`print-batch: ${SAMPLE} items of 3 content pages (+1 cover page each), files of ${PER_FILE} items`);
console.log(`  text content : ${fmt(text.itemsPerSec)} items/s, ${fmt(text.pagesPerSec)} pages/s`);
console.log(`  PDF content  : ${fmt(pdf.itemsPerSec)} items/s, ${fmt(pdf.pagesPerSec)} pages/s`);
console.log(`  pdf-lib copy alone (same 3-page PDF, no cover): ${fmt(copy.pagesPerSec)} pages/s`);
console.log(`  ratio pages/s vs copy alone: text ${(text.pagesPerSec / copy.pagesPerSec).toFixed(2)}, PDF ${(pdf.pagesPerSec / copy.pagesPerSec).toFixed(2)}`);
const big = await run('text', BIG, Buffer.from(text3), SECONDS * 1000);
console.log(`  one batch of ${big.items} text items${big.items < BIG ? ` (stopped at the ${SECONDS} s budget of ${BIG})` : ''}: ${fmt(big.seconds)} s, ${big.files} files, ${big.pages} pages, ${fmt(big.itemsPerSec)} items/s`);
console.log(`  peak RSS ${fmt(big.peakRssMb)} MB; RSS every 1,000 items (MB): ${big.rssAt.join(' ')}`);
console.log(`  after each file of ${PER_FILE} items${gc ? ' (after a full GC)' : ' (run with --expose-gc for post-GC figures)'}, MB: RSS ${big.perFile.map((f) => f.rss).join(' ')}`);
console.log(`                                                    heap used ${big.perFile.map((f) => f.heap).join(' ')}`);
