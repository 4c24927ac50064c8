import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatS10, isValidS10, parseS10, s10CheckDigit, spacedS10 } from './s10.ts';

test('S10: the UPU example serial 47312482 has check digit 9', () => {
  assert.equal(s10CheckDigit('47312482'), 9);
  assert.equal(formatS10('RR', 47312482), 'RR473124829KZ');
});

test('S10: a remainder giving 10 becomes 0 and 11 becomes 5', () => {
  // Find serials whose raw check is 10 and 11 by brute force over a small range, then confirm the mapping.
  const raw = (s: string) => 11 - ([8, 6, 4, 2, 3, 5, 9, 7].reduce((a, w, i) => a + w * Number(s[i]), 0) % 11);
  let saw10 = false;
  let saw11 = false;
  for (let n = 0; n < 2000 && !(saw10 && saw11); n++) {
    const s = String(n).padStart(8, '0');
    if (raw(s) === 10) { assert.equal(s10CheckDigit(s), 0); saw10 = true; }
    if (raw(s) === 11) { assert.equal(s10CheckDigit(s), 5); saw11 = true; }
  }
  assert.ok(saw10 && saw11);
  assert.equal(s10CheckDigit('00000000'), 5); // sum 0 → 11 → 5
});

test('S10: parse accepts a valid number with spaces and lower case, refuses bad format and a wrong check digit', () => {
  const p = parseS10('rr 4731 2482 9 kz');
  assert.ok(p.ok && p.value === 'RR473124829KZ' && p.serviceCode === 'RR' && p.country === 'KZ');
  assert.deepEqual(parseS10('RR473124828KZ'), { ok: false, problem: 'check_digit' });
  assert.deepEqual(parseS10('R1473124829KZ'), { ok: false, problem: 'format' });
  assert.deepEqual(parseS10('RR47312482KZ'), { ok: false, problem: 'format' });
  assert.equal(isValidS10(formatS10('LX', 1)), true);
  assert.equal(spacedS10('RR473124829KZ'), 'RR 4731 2482 9 KZ');
});

test('S10: format refuses a bad service code, country or serial', () => {
  assert.throws(() => formatS10('R1', 1), RangeError);
  assert.throws(() => formatS10('RR', 100_000_000), RangeError);
  assert.throws(() => formatS10('RR', 1, 'kz'), RangeError);
});
