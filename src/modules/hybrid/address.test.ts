import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addressLines, compilePostcodePatterns, validateKzAddress } from './address.ts';
import { defaultHybridConfig } from './hybrid-config.ts';

const patterns = compilePostcodePatterns(defaultHybridConfig('/tmp').postcodePatterns);
const good = { recipientName: 'Әлия Қасымова', region: 'almaty', locality: 'Алматы', street: 'Абай даңғылы', house: '10', apartment: '5', postcode: '050000' };

test('hybrid address: a complete address is accepted and normalised', () => {
  const r = validateKzAddress({ ...good, postcode: ' z05h9e8 ', street: '  Абай   даңғылы ' }, patterns);
  assert.ok(r.ok);
  assert.equal(r.address.postcode, 'Z05H9E8');
  assert.equal(r.address.street, 'Абай даңғылы');
  assert.deepEqual(addressLines(r.address), ['Әлия Қасымова', 'Абай даңғылы, 10, 5', 'Алматы', 'Алматы қ.', 'Z05H9E8']);
});

test('hybrid address (bad input): without a locality the error names the field in kk/ru/en', () => {
  const { locality: _, ...rest } = good;
  const r = validateKzAddress(rest, patterns, 'recipient.address');
  assert.ok(!r.ok);
  assert.deepEqual(r.fields.map((f) => [f.name, f.code]), [['recipient.address.locality', 'required']]);
  assert.match(r.fields[0].message.kk, /елді мекен/);
  assert.match(r.fields[0].message.ru, /населённый пункт/);
  assert.match(r.fields[0].message.en, /locality/);
});

test('hybrid address (bad input): an invalid postcode is refused; both default patterns are accepted', () => {
  for (const bad of ['05000', '0500000', 'ABC123', 'Z05H9E', '05000A']) {
    const r = validateKzAddress({ ...good, postcode: bad }, patterns);
    assert.ok(!r.ok, bad);
    assert.equal(r.fields[0].name, 'address.postcode');
    assert.equal(r.fields[0].code, 'invalid_postcode');
  }
  for (const ok of ['010000', '160000', 'A15E3C2', 'Z05H9E8']) assert.ok(validateKzAddress({ ...good, postcode: ok }, patterns).ok, ok);
});

test('hybrid address: postcode patterns are configuration', () => {
  const only6 = compilePostcodePatterns(['\\d{6}']);
  assert.ok(!validateKzAddress({ ...good, postcode: 'Z05H9E8' }, only6).ok);
});

test('hybrid address (bad input): unknown region, line breaks, over-long and non-text fields are each named', () => {
  const r = validateKzAddress({ ...good, region: 'moscow', street: 'Абай\nдаңғылы', house: 'x'.repeat(17), locality: 42 }, patterns);
  assert.ok(!r.ok);
  assert.deepEqual(r.fields.map((f) => `${f.name}:${f.code}`).sort(), ['address.house:too_long', 'address.locality:type', 'address.region:unknown_region', 'address.street:control_characters']);
});
