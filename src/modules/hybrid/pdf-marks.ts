/**
 * Where a PDF page puts ink: a small interpreter of content-stream operators that tracks the
 * current transformation matrix and the text matrix, and reports the bounding box of what would
 * be marked on paper. Used by the printability check for the inserter's clear left margin.
 *
 * How good the box is (deliberately approximate, always erring towards "ink is there"):
 * - Text: each show operator (Tj TJ ' ") marks its origin and the point one font size above it,
 *   both mapped through Tm × CTM. Glyph widths are not computed, so the box's left edge is exact
 *   for unrotated left-to-right text (the left margin is what matters) and the right edge is not.
 *   Invisible text (render mode 3, OCR layers) marks nothing.
 * - Paths: every point of m l c v y re, mapped through the CTM, when the path is painted
 *   (S s f F f* B B* b b*); a path ended with `n` (a clip only) marks nothing. A fill in white
 *   (rg/g/k/sc with all components white) marks nothing, so a white page background passes.
 *   Line width is ignored (≤ a few points).
 * - Images and form XObjects (Do): images mark the unit square through the CTM; forms are
 *   interpreted recursively (depth ≤ 8) with their /Matrix and /Resources. Inline images (BI…EI)
 *   mark the unit square. Shadings (`sh`) mark the whole current clip, taken as the page.
 * - Clipping is not intersected: ink clipped away still counts (stricter, never laxer).
 */
import { decodePDFRawStream, PDFArray, PDFDict, PDFName, PDFNumber, PDFRawStream, PDFStream, type PDFObject } from 'pdf-lib';

export type Matrix = [number, number, number, number, number, number];
export interface Box { x0: number; y0: number; x1: number; y1: number }

const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];
const mul = (m: Matrix, n: Matrix): Matrix => [
  m[0] * n[0] + m[1] * n[2], m[0] * n[1] + m[1] * n[3],
  m[2] * n[0] + m[3] * n[2], m[2] * n[1] + m[3] * n[3],
  m[4] * n[0] + m[5] * n[2] + n[4], m[4] * n[1] + m[5] * n[3] + n[5],
];
const apply = (m: Matrix, x: number, y: number): [number, number] => [m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]];

type Token = { t: 'num'; v: number } | { t: 'name'; v: string } | { t: 'op'; v: string } | { t: 'other' };

const WS = new Set([0, 9, 10, 12, 13, 32]);
const DELIM = new Set('()<>[]{}/%'.split('').map((c) => c.charCodeAt(0)));

/** Tokenises a content stream; strings, arrays and dictionaries become opaque operands. */
function* tokens(b: Uint8Array): Generator<Token> {
  let i = 0;
  const n = b.length;
  while (i < n) {
    const c = b[i];
    if (WS.has(c)) { i++; continue; }
    if (c === 0x25) { while (i < n && b[i] !== 10 && b[i] !== 13) i++; continue; } // % comment
    if (c === 0x28) { // ( string )
      let depth = 1; i++;
      while (i < n && depth > 0) { if (b[i] === 0x5c) i += 2; else { if (b[i] === 0x28) depth++; else if (b[i] === 0x29) depth--; i++; } }
      yield { t: 'other' }; continue;
    }
    if (c === 0x3c && b[i + 1] === 0x3c) { i += 2; yield { t: 'other' }; continue; } // <<
    if (c === 0x3e && b[i + 1] === 0x3e) { i += 2; yield { t: 'other' }; continue; } // >>
    if (c === 0x3c) { while (i < n && b[i] !== 0x3e) i++; i++; yield { t: 'other' }; continue; } // <hex>
    if (c === 0x5b || c === 0x5d || c === 0x7b || c === 0x7d) { i++; yield { t: 'other' }; continue; }
    if (c === 0x2f) { // /Name
      let j = i + 1;
      while (j < n && !WS.has(b[j]) && !DELIM.has(b[j])) j++;
      yield { t: 'name', v: Buffer.from(b.subarray(i + 1, j)).toString('latin1') }; i = j; continue;
    }
    let j = i;
    while (j < n && !WS.has(b[j]) && !DELIM.has(b[j])) j++;
    if (j === i) { i++; continue; }
    const word = Buffer.from(b.subarray(i, j)).toString('latin1');
    i = j;
    if (/^[+-]?(\d+\.?\d*|\.\d+)$/.test(word)) { yield { t: 'num', v: Number(word) }; continue; }
    if (word === 'ID') { // inline image data up to whitespace + EI + whitespace
      i++;
      while (i < n && !(WS.has(b[i - 1]) && b[i] === 0x45 && b[i + 1] === 0x49 && (i + 2 >= n || WS.has(b[i + 2])))) i++;
      i += 2;
      yield { t: 'op', v: 'EI' }; continue;
    }
    yield { t: 'op', v: word };
  }
}

function streamBytes(s: PDFStream): Uint8Array {
  if (s instanceof PDFRawStream) return decodePDFRawStream(s).decode();
  return (s as unknown as { getContents(): Uint8Array }).getContents();
}

interface GState { ctm: Matrix; whiteFill: boolean; fontSize: number; leading: number; renderMode: number }

export interface MarksResult { box: Box | null; truncated: boolean }

/** The bounding box of ink of one page (content streams + resources), in default user space. */
export function pageInkBox(contents: PDFStream[], resources: PDFDict | undefined, pageBox: Box): MarksResult {
  const acc: { box: Box | null; truncated: boolean } = { box: null, truncated: false };
  const mark = (m: Matrix, x: number, y: number) => {
    const [px, py] = apply(m, x, y);
    if (!Number.isFinite(px) || !Number.isFinite(py)) return;
    if (!acc.box) acc.box = { x0: px, y0: py, x1: px, y1: py };
    else { acc.box.x0 = Math.min(acc.box.x0, px); acc.box.y0 = Math.min(acc.box.y0, py); acc.box.x1 = Math.max(acc.box.x1, px); acc.box.y1 = Math.max(acc.box.y1, py); }
  };
  const chunks = contents.map(streamBytes);
  const total = chunks.reduce((a, c) => a + c.length, 0);
  const all = new Uint8Array(total + chunks.length);
  let off = 0;
  for (const c of chunks) { all.set(c, off); off += c.length; all[off++] = 10; }
  run(all, resources, IDENTITY, 0);
  return acc;

  function run(bytes: Uint8Array, res: PDFDict | undefined, base: Matrix, depth: number): void {
    const stack: GState[] = [];
    let gs: GState = { ctm: base, whiteFill: false, fontSize: 12, leading: 0, renderMode: 0 };
    let tm: Matrix = IDENTITY;
    let tlm: Matrix = IDENTITY;
    let path: [number, number][] = [];
    let ops: (number | string)[] = [];
    const nums = (k: number): number[] => (ops.filter((x) => typeof x === 'number')).slice(-k);
    const textMark = () => {
      if (gs.renderMode === 3 || gs.renderMode === 7) return;
      const m = mul(tm, gs.ctm);
      mark(m, 0, 0);
      mark(m, 0, gs.fontSize);
    };
    const nextLine = () => { tlm = mul([1, 0, 0, 1, 0, -gs.leading], tlm); tm = tlm; };
    const paint = (fill: boolean, stroke: boolean) => {
      if (stroke || (fill && !gs.whiteFill)) for (const [x, y] of path) mark(gs.ctm, x, y);
      path = [];
    };
    let opCount = 0;
    for (const tok of tokens(bytes)) {
      if (tok.t === 'num') { ops.push(tok.v); continue; }
      if (tok.t === 'name') { ops.push(tok.v); continue; }
      if (tok.t === 'other') continue;
      if (++opCount > 2_000_000) { acc.truncated = true; return; }
      const op = tok.v;
      const a = nums(6);
      switch (op) {
        case 'q': stack.push({ ...gs }); break;
        case 'Q': gs = stack.pop() ?? gs; break;
        case 'cm': if (a.length === 6) gs.ctm = mul(a as Matrix, gs.ctm); break;
        case 'BT': tm = IDENTITY; tlm = IDENTITY; break;
        case 'Tm': if (a.length === 6) { tm = a as Matrix; tlm = tm; } break;
        case 'Td': case 'TD': { const [tx, ty] = nums(2); if (op === 'TD') gs.leading = -ty; tlm = mul([1, 0, 0, 1, tx, ty], tlm); tm = tlm; break; }
        case 'T*': nextLine(); break;
        case 'TL': gs.leading = nums(1)[0]; break;
        case 'Tf': gs.fontSize = Math.abs(nums(1)[0] ?? 0) || gs.fontSize; break;
        case 'Tr': gs.renderMode = nums(1)[0]; break;
        case 'Tj': case 'TJ': textMark(); break;
        case "'": case '"': nextLine(); textMark(); break;
        case 'm': case 'l': { const [x, y] = nums(2); path.push([x, y]); break; }
        case 'c': { const p = nums(6); path.push([p[0], p[1]], [p[2], p[3]], [p[4], p[5]]); break; }
        case 'v': case 'y': { const p = nums(4); path.push([p[0], p[1]], [p[2], p[3]]); break; }
        case 're': { const [x, y, w, h] = nums(4); path.push([x, y], [x + w, y], [x, y + h], [x + w, y + h]); break; }
        case 'S': case 's': paint(false, true); break;
        case 'f': case 'F': case 'f*': paint(true, false); break;
        case 'B': case 'B*': case 'b': case 'b*': paint(true, true); break;
        case 'n': path = []; break;
        case 'g': gs.whiteFill = nums(1)[0] >= 0.99; break;
        case 'rg': gs.whiteFill = (nums(3)).every((v) => v >= 0.99); break;
        case 'k': gs.whiteFill = (nums(4)).every((v) => v <= 0.01); break;
        case 'sc': case 'scn': { const v = nums(4); gs.whiteFill = v.length === 4 ? v.every((x) => x <= 0.01) : v.length > 0 && v.every((x) => x >= 0.99); break; }
        case 'cs': gs.whiteFill = false; break;
        case 'EI': mark(gs.ctm, 0, 0); mark(gs.ctm, 1, 1); mark(gs.ctm, 0, 1); mark(gs.ctm, 1, 0); break;
        case 'sh': mark(IDENTITY, pageBox.x0, pageBox.y0); mark(IDENTITY, pageBox.x1, pageBox.y1); break;
        case 'Do': {
          const name = ops.at(-1);
          if (typeof name === 'string') doXObject(name, res, gs.ctm, depth);
          break;
        }
        default: break;
      }
      ops = [];
    }
  }

  function doXObject(name: string, res: PDFDict | undefined, ctm: Matrix, depth: number): void {
    const xobjects = res?.lookupMaybe(PDFName.of('XObject'), PDFDict);
    const x = xobjects?.lookup(PDFName.of(name)) as PDFObject | undefined;
    if (!(x instanceof PDFStream)) return;
    const subtype = x.dict.lookupMaybe(PDFName.of('Subtype'), PDFName)?.asString();
    if (subtype === '/Image') { for (const [u, v] of [[0, 0], [1, 0], [0, 1], [1, 1]]) mark(ctm, u, v); return; }
    if (subtype !== '/Form') return;
    if (depth >= 8) { acc.truncated = true; mark(IDENTITY, pageBox.x0, pageBox.y0); return; }
    const mArr = x.dict.lookupMaybe(PDFName.of('Matrix'), PDFArray);
    const fm = mArr && mArr.size() === 6 ? (mArr.asArray().map((o) => (o instanceof PDFNumber ? o.asNumber() : 0)) as Matrix) : IDENTITY;
    const formRes = x.dict.lookupMaybe(PDFName.of('Resources'), PDFDict) ?? res;
    run(streamBytes(x), formRes, mul(fm, ctm), depth + 1);
  }
}
