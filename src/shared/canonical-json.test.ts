/**
 * canonicalJson must give exactly the bytes the `canonicalize` package gives (signed receipts
 * and evidence, audit hashes depend on them): compared over many random documents, errors
 * included, plus the RFC 8785 example.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import canonicalize from 'canonicalize';
import { canonicalJson } from './canonical-json.ts';

/** Deterministic PRNG (mulberry32), so a failure can be replayed from its seed. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PIECES = [
  'a', 'Z', '0', ' ', '"', '\\', '/', '\n', '\r', '\t', '\b', '\f', '\u0000', '\u0001', '\u001f', '\u007f', '\u0080', '\u00e9', '\u2028', '\u2029', '\u20ac', '\ufeff', '\uffff',
  'Ә', 'ә', 'І', 'і', 'Ң', 'ң', 'Ғ', 'ғ', 'Ү', 'ү', 'Ұ', 'ұ', 'Қ', 'қ', 'Ө', 'ө', 'Һ', 'һ', 'Ж', 'ж', 'Ё', 'ё', 'Алматы', 'Қазақстан',
  '😀', '𝄞', '\ud83d\ude00', '\ud800\udc00', '\udbff\udfff',
];
const LONE = ['\ud800', '\udbff', '\udc00', '\udfff'];
const NUMBERS = [0, -0, 1, -1, 2 ** 31, -(2 ** 53), 2 ** 53 + 2, 1e21, 1e-7, 1e-6, 123.456, 0.1 + 0.2, 5e-324, Number.MAX_VALUE, Number.MIN_SAFE_INTEGER, 333333333.33333329, 1e30, 4.5, 0.002, 1e-27, 9007199254740993];

function randomString(r: () => number, opts: { lone: boolean }): string {
  let s = '';
  const n = Math.floor(r() * 8);
  for (let i = 0; i < n; i++) s += opts.lone && r() < 0.02 ? LONE[Math.floor(r() * LONE.length)] : PIECES[Math.floor(r() * PIECES.length)];
  return s;
}

function randomNumber(r: () => number, opts: { odd: boolean }): number {
  const k = r();
  if (opts.odd && k < 0.01) return [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY][Math.floor(r() * 3)];
  if (k < 0.4) return NUMBERS[Math.floor(r() * NUMBERS.length)];
  if (k < 0.7) return Math.floor((r() - 0.5) * 2 ** (r() * 60));
  return (r() - 0.5) * 10 ** Math.floor(r() * 40 - 20);
}

function randomValue(r: () => number, depth: number, opts: { lone: boolean; odd: boolean }): unknown {
  const k = r();
  if (depth > 0 && k < 0.2) {
    const arr: unknown[] = [];
    const n = Math.floor(r() * 5);
    for (let i = 0; i < n; i++) arr.push(randomValue(r, depth - 1, opts));
    if (opts.odd && r() < 0.05) arr[n + 1] = 1; // a hole at n
    return arr;
  }
  if (depth > 0 && k < 0.45) {
    const obj: Record<string, unknown> = {};
    const n = Math.floor(r() * 6);
    for (let i = 0; i < n; i++) obj[r() < 0.1 ? String(Math.floor(r() * 20)) : randomString(r, opts)] = randomValue(r, depth - 1, opts);
    return obj;
  }
  if (k < 0.6) return randomString(r, opts);
  if (k < 0.8) return randomNumber(r, opts);
  if (k < 0.85) return r() < 0.5;
  if (k < 0.9) return null;
  if (!opts.odd) return randomString(r, opts);
  const odd = [undefined, Symbol('s'), () => 1, new Date(Math.floor(r() * 4e12)), { toJSON: () => ({ b: 1, a: [2] }) }];
  return odd[Math.floor(r() * odd.length)];
}

function outcome(f: () => string | undefined): { ok: string | undefined } | { error: string } {
  try {
    return { ok: f() };
  } catch (err) {
    return { error: `${(err as Error).constructor.name}: ${(err as Error).message}` };
  }
}

describe('canonical JSON (RFC 8785)', () => {
  test('the RFC 8785 example canonicalises to the RFC’s bytes', () => {
    const input = JSON.parse('{"numbers":[333333333.33333329,1E30,4.50,2e-3,0.000000000000000000000000001],"string":"\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/","literals":[null,true,false]}');
    assert.equal(canonicalJson(input), '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}');
  });

  test('gives byte-identical output to the canonicalize package over 20,000 random JSON documents (unicode incl. Kazakh letters, escapes, surrogate pairs, integers and floats, nesting, key order)', () => {
    const r = rng(20261123);
    for (let i = 0; i < 20_000; i++) {
      const doc = randomValue(r, 5, { lone: false, odd: false });
      assert.equal(canonicalJson(doc), canonicalize(doc), `document ${i}: ${JSON.stringify(doc)}`);
    }
  });

  test('gives the same result or the same error as the canonicalize package over 20,000 random values with lone surrogates, NaN, Infinity, undefined, symbols, functions, dates, toJSON and sparse arrays', () => {
    const r = rng(7);
    let errors = 0;
    for (let i = 0; i < 20_000; i++) {
      const doc = randomValue(r, 5, { lone: true, odd: true });
      const mine = outcome(() => canonicalJson(doc));
      assert.deepEqual(mine, outcome(() => canonicalize(doc)), `value ${i}`);
      if ('error' in mine) errors++;
    }
    assert.ok(errors > 100, `the random values include refused ones (${errors})`);
  });

  test('refuses circular references, lone surrogates in keys, and keeps a lone-surrogate key whose value is left out, as the package does', () => {
    const loop: Record<string, unknown> = { a: 1 };
    loop.self = loop;
    const cases: unknown[] = [loop, [loop], { '\ud800': 1 }, { '\ud800': undefined, b: 2 }, { x: '\udc00' }, { '\udfff': Symbol('s') }, 1n];
    for (const c of cases) assert.deepEqual(outcome(() => canonicalJson(c)), outcome(() => canonicalize(c)));
    assert.equal(canonicalJson({ '\ud800': undefined, b: 2 }), '{"b":2}');
  });
});
