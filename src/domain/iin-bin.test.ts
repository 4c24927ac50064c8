import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkDigit, makeBin, makeIin, validateBin, validateIin, validateIinOrBin } from './iin-bin.ts';

const NOW = new Date('2026-11-23T06:00:00Z'); // 11:00 in Almaty

/** Replace the check digit with a different one, keeping everything else. */
function withWrongCheckDigit(s: string): string {
  return s.slice(0, 11) + ((Number(s[11]) + 1) % 10);
}

/** Recompute the check digit after editing a number's body (tests of structural rules need valid checksums). */
function fixCheckDigit(first11: string): string {
  const k = checkDigit(first11);
  assert.notEqual(k, null, `test fixture ${first11} has no check digit`);
  return first11 + k;
}

function assertLocalised(message: { kk: string; ru: string; en: string }) {
  for (const lang of ['kk', 'ru', 'en'] as const) assert.ok(message[lang].length > 0, `${lang} message missing`);
}

// ---- checksum -----------------------------------------------------------------------------------

test('MB-13: check digit uses pass-1 weights 1..11 (hand-computed 79102830272 → 8)', () => {
  // 7·1+9·2+1·3+0·4+2·5+8·6+3·7+0·8+2·9+7·10+2·11 = 217; 217 mod 11 = 8
  assert.equal(checkDigit('79102830272'), 8);
});

test('MB-13: when pass 1 gives 10, pass 2 weights 3..11,1,2 decide (12345678901 → 3)', () => {
  // pass 1: 296 mod 11 = 10; pass 2: 377 mod 11 = 3
  assert.equal(checkDigit('12345678901'), 3);
});

test('MB-13: a prefix where both passes give 10 has no check digit', () => {
  let found: string | undefined;
  for (let serial = 0; serial <= 9999 && !found; serial++) {
    const prefix = `8001013${String(serial).padStart(4, '0')}`;
    if (checkDigit(prefix) === null) found = prefix;
  }
  assert.ok(found, 'expected at least one impossible prefix among 10 000 serials');
  for (let k = 0; k <= 9; k++) assert.equal(validateIin(found + k, { now: NOW }).ok, false);
});

test('MB-13: the NCA test-PKI numbers 123456789011 (IIN) and 123456789021 (BIN) fail the checksum', () => {
  const iin = validateIin('123456789011', { now: NOW });
  const bin = validateBin('123456789021');
  assert.equal(iin.ok, false);
  assert.equal(bin.ok, false);
  assert.equal(!iin.ok && iin.rule, 'checksum');
  assert.equal(!bin.ok && bin.rule, 'checksum');
  assert.equal((validateIinOrBin('123456789011') as { rule?: string }).rule, 'checksum');
  assert.equal((validateIinOrBin('123456789021') as { rule?: string }).rule, 'checksum');
});

// ---- IIN ----------------------------------------------------------------------------------------

test('MB-13: real-looking IINs are accepted with birth date and sex', () => {
  assert.deepEqual(validateIin('791028302728', { now: NOW }), {
    ok: true, kind: 'iin', value: '791028302728', birthDate: '1979-10-28', sex: 'male',
  });
  assert.deepEqual(validateIin('061211600012', { now: NOW }), {
    ok: true, kind: 'iin', value: '061211600012', birthDate: '2006-12-11', sex: 'female',
  });
});

test('MB-13: makeIin produces valid IINs for known birth dates in all three centuries', () => {
  const cases = [
    { birthDate: '1899-12-31', sex: 'male', digit7: '1' },
    { birthDate: '1880-02-29', sex: 'female', digit7: '2' },
    { birthDate: '1985-03-21', sex: 'male', digit7: '3' },
    { birthDate: '1960-01-07', sex: 'female', digit7: '4' },
    { birthDate: '2000-02-29', sex: 'male', digit7: '5' },
    { birthDate: '2024-03-01', sex: 'female', digit7: '6' },
  ] as const;
  for (const c of cases) {
    const iin = makeIin(c.birthDate, c.sex, 4321);
    assert.equal(iin.length, 12);
    assert.equal(iin[6], c.digit7, `${c.birthDate} ${c.sex}`);
    assert.deepEqual(validateIin(iin, { now: NOW }), { ok: true, kind: 'iin', value: iin, birthDate: c.birthDate, sex: c.sex });
  }
});

test('MB-13: IIN with a wrong check digit is refused with rule "checksum"', () => {
  const good = makeIin('1990-05-15', 'female', 17);
  const r = validateIin(withWrongCheckDigit(good), { now: NOW });
  assert.equal(r.ok, false);
  assert.equal(!r.ok && r.rule, 'checksum');
  if (!r.ok) {
    assertLocalised(r.message);
    assert.match(r.message.ru, /контрольный разряд ИИН/);
    assert.match(r.message.kk, /ЖСН/);
  }
});

test('MB-13: IIN that is not 12 digits is refused with rule "format"', () => {
  for (const s of ['', '79102830272', '7910283027281', '79102830272X', ' 791028302728', '７９1028302728']) {
    const r = validateIin(s, { now: NOW });
    assert.equal(!r.ok && r.rule, 'format', JSON.stringify(s));
  }
  // Callers sometimes pass unvalidated input; that must not throw.
  assert.equal((validateIin(undefined as unknown as string) as { rule?: string }).rule, 'format');
});

test('MB-13: IIN century/sex digit 0 or 7–9 is refused with rule "century_digit"', () => {
  for (const d of ['0', '7', '8', '9']) {
    const r = validateIin(fixCheckDigit(`791028${d}0272`), { now: NOW });
    assert.equal(!r.ok && r.rule, 'century_digit', `digit ${d}`);
  }
});

test('MB-13: IIN with an impossible birth date is refused with rule "birth_date"', () => {
  for (const yymmdd of ['791328', '790000', '790132', '790230', '010229' /* 2001 not leap */, '790431']) {
    const r = validateIin(fixCheckDigit(`${yymmdd}30272`), { now: NOW });
    assert.equal(!r.ok && r.rule, 'birth_date', yymmdd);
  }
  // 29 February exists in 2000 (21st-century digit 5) and 1996 (20th-century digit 3).
  assert.equal(validateIin(fixCheckDigit('00022950272'), { now: NOW }).ok, true);
  assert.equal(validateIin(fixCheckDigit('96022930272'), { now: NOW }).ok, true);
  // …but not in 1900 (digit 3/4), which was not a leap year.
  assert.equal((validateIin(fixCheckDigit('00022930272'), { now: NOW }) as { rule?: string }).rule, 'birth_date');
});

test('MB-13: IIN born in the future (by the Almaty date) is refused with rule "birth_date_future"', () => {
  const tomorrow = makeIin('2026-11-24', 'male', 1);
  const r = validateIin(tomorrow, { now: NOW });
  assert.equal(!r.ok && r.rule, 'birth_date_future');
  // Born "today" in Almaty is fine, even while it is still yesterday in UTC (19:30Z = 00:30 Almaty).
  const today = makeIin('2026-11-24', 'female', 2);
  assert.equal(validateIin(today, { now: new Date('2026-11-23T19:30:00Z') }).ok, true);
  assert.equal(validateIin(today, { now: new Date('2026-11-23T18:30:00Z') }).ok, false);
});

test('makeIin refuses bad inputs and impossible serials', () => {
  assert.throws(() => makeIin('1990-02-30', 'male', 1), RangeError);
  assert.throws(() => makeIin('1799-12-31', 'male', 1), RangeError);
  assert.throws(() => makeIin('1990-01-01', 'male', 10000), RangeError);
  assert.throws(() => makeIin('19900101', 'male', 1), RangeError);
});

// ---- BIN ----------------------------------------------------------------------------------------

test('MB-13: real-looking BINs are accepted with entity type and attribute', () => {
  assert.deepEqual(validateBin('940140000385'), {
    ok: true, kind: 'bin', value: '940140000385', registered: { yy: 94, month: 1 },
    entityType: 'resident_legal_entity', attribute: 'head_office',
  });
  assert.equal(validateBin('990140004654').ok, true);
});

test('MB-13: makeBin produces valid BINs for every entity type and attribute', () => {
  for (const type of [4, 5, 6] as const) {
    for (const attr of [0, 1, 2, 3] as const) {
      let bin: string | undefined;
      for (let serial = 100; !bin; serial++) {
        try { bin = makeBin(2024, 7, type, attr, serial); } catch { /* no check digit for this serial */ }
      }
      const r = validateBin(bin);
      assert.equal(r.ok, true, bin);
      assert.equal(bin.slice(0, 6), `2407${type}${attr}`);
    }
  }
  const r = validateBin(makeBin(2025, 12, 5, 1, 12345));
  assert.equal(r.ok && r.entityType, 'non_resident_legal_entity');
  assert.equal(r.ok && r.attribute, 'branch');
  assert.deepEqual(r.ok && r.registered, { yy: 25, month: 12 });
});

test('MB-13: BIN with a wrong check digit is refused with rule "checksum"', () => {
  const r = validateBin(withWrongCheckDigit('940140000385'));
  assert.equal(!r.ok && r.rule, 'checksum');
  if (!r.ok) assertLocalised(r.message);
});

test('MB-13: BIN that is not 12 digits is refused with rule "format"', () => {
  for (const s of ['94014000038', '94014000038a', '9401-4000-0385']) {
    assert.equal((validateBin(s) as { rule?: string }).rule, 'format', s);
  }
});

test('MB-13: BIN with month 00 or 13 is refused with rule "registration_month"', () => {
  for (const mm of ['00', '13']) {
    assert.equal((validateBin(fixCheckDigit(`94${mm}4000038`)) as { rule?: string }).rule, 'registration_month', mm);
  }
});

test('MB-13: BIN fifth digit outside 4–6 is refused with rule "entity_type"', () => {
  for (const t of ['0', '3', '7', '9']) {
    assert.equal((validateBin(fixCheckDigit(`9401${t}000038`)) as { rule?: string }).rule, 'entity_type', t);
  }
});

test('MB-13: BIN sixth digit outside 0–3 is refused with rule "entity_attribute"', () => {
  for (const a of ['4', '9']) {
    assert.equal((validateBin(fixCheckDigit(`94014${a}00038`)) as { rule?: string }).rule, 'entity_attribute', a);
  }
});

test('makeBin refuses bad inputs', () => {
  assert.throws(() => makeBin(2024, 13, 4, 0, 1), RangeError);
  assert.throws(() => makeBin(2024, 1, 7 as 4, 0, 1), RangeError);
  assert.throws(() => makeBin(2024, 1, 4, 5 as 0, 1), RangeError);
  assert.throws(() => makeBin(2024, 1, 4, 0, 100000), RangeError);
});

// ---- either -------------------------------------------------------------------------------------

test('MB-13: validateIinOrBin tells an IIN from a BIN by the fifth digit', () => {
  const iin = validateIinOrBin('791028302728', { now: NOW });
  const bin = validateIinOrBin('940140000385');
  assert.equal(iin.ok && iin.kind, 'iin');
  assert.equal(bin.ok && bin.kind, 'bin');
  // Day tens 0–3 → IIN; structural errors are reported with the IIN's own rule.
  assert.equal((validateIinOrBin(fixCheckDigit('79132830272'), { now: NOW }) as { rule?: string }).rule, 'birth_date');
  // Entity type 4–6 → BIN.
  assert.equal((validateIinOrBin(fixCheckDigit('94134000038')) as { rule?: string }).rule, 'registration_month');
});

test('MB-13: validateIinOrBin refuses non-numbers with rule "format" and a message naming both IIN and BIN', () => {
  const r = validateIinOrBin('abc');
  assert.equal(!r.ok && r.rule, 'format');
  if (!r.ok) assert.match(r.message.ru, /ИИН\/БИН/);
});
