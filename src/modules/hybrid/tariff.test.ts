import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultHybridConfig } from './hybrid-config.ts';
import { priceOf } from './tariff.ts';
import { sniffScanType } from './register-paper-letter.ts';

const tariff = defaultHybridConfig('/tmp').tariff;

test('hybrid tariff: the price follows pages and registered or not', () => {
  assert.equal(priceOf(tariff, false, 1), 25_000);
  assert.equal(priceOf(tariff, false, 3), 32_000);
  assert.equal(priceOf(tariff, true, 2), 60_000);
  assert.equal(priceOf(tariff, true, 20), 85_000);
  assert.equal(priceOf(tariff, true, 25), 85_000, 'past the last bracket: the last row');
});

test('hybrid scans (bad input): only PDF, TIFF and JPEG are recognised, by content', () => {
  assert.equal(sniffScanType(Buffer.from('%PDF-1.7')), 'application/pdf');
  assert.equal(sniffScanType(Buffer.from([0x49, 0x49, 0x2a, 0x00, 1])), 'image/tiff');
  assert.equal(sniffScanType(Buffer.from([0x4d, 0x4d, 0x00, 0x2a, 1])), 'image/tiff');
  assert.equal(sniffScanType(Buffer.from([0xff, 0xd8, 0xff, 0xe1])), 'image/jpeg');
  assert.equal(sniffScanType(Buffer.from('GIF89a')), null);
  assert.equal(sniffScanType(Buffer.from([0x89, 0x50, 0x4e, 0x47])), null);
  assert.equal(sniffScanType(Buffer.alloc(0)), null);
});
