import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createGostHash, gostHash, type GostHashAlg } from './index.ts';
import { fixture, hex, refDigest, signedDataParts } from './test-helpers.ts';

/** RFC 6986 prints messages and digests as big-endian numbers: the bytes are these reversed. */
function rfc(h: string): Uint8Array {
  return new Uint8Array(Buffer.from(h, 'hex').reverse());
}

// RFC 6986 §10.1 (M1, 63 bytes) and §10.2 (M2, 72 bytes), exactly as printed there.
const M1 = rfc('323130393837363534333231303938373635343332313039383736353433323130393837363534333231303938373635343332313039383736353433323130');
const M2 = rfc(
  'fbe2e5f0eee3c820fbeafaebef20fffbf0e1e0f0f520e0ed20e8ece0ebe5f0f2f120fff0eeec20f120faf2fee5e2202ce8f6f3ede220e8e6eee1e8f0f2d1202ce8f0f2e5e220e5d1',
);

test('X-2: Streebog-512 of RFC 6986 M1 is the RFC known answer', () => {
  assert.equal(Buffer.from(M1).toString('latin1'), '012345678901234567890123456789012345678901234567890123456789012');
  assert.equal(
    hex(gostHash('streebog512', M1)),
    hex(rfc('486f64c1917879417fef082b3381a4e211c324f074654c38823a7b76f830ad00fa1fbae42b1285c0352f227524bc9ab16254288dd6863dccd5b9f54a1ad0541b')),
  );
});

test('X-2: Streebog-256 of RFC 6986 M1 is the RFC known answer', () => {
  assert.equal(hex(gostHash('streebog256', M1)), hex(rfc('00557be5e584fd52a449b16b0251d05d27f94ab76cbaa6da890b59d8ef1e159d')));
});

test('X-2: Streebog-512 of RFC 6986 M2 is the RFC known answer', () => {
  assert.equal(
    hex(gostHash('streebog512', M2)),
    hex(rfc('28fbc9bada033b1460642bdcddb90c3fb3e56c497ccd0f62b8a2ad4935e85f037613966de4ee00531ae60f3b5a47f8dae06915d5f2f194996fcabf2622e6881e')),
  );
});

test('X-2: Streebog-256 of RFC 6986 M2 is the RFC known answer', () => {
  assert.equal(hex(gostHash('streebog256', M2)), hex(rfc('508f7e553c06501d749a66fc28c6cac0b005746d97537fa85d9e40904efed29d')));
});

test('GOST R 34.11-94 (test S-box) gives the published test-parameter digests', () => {
  const cases: [string, string][] = [
    ['', 'ce85b99cc46752fffee35cab9a7b0278abb4c2d2055cff685af4912c49490f8d'],
    ['abc', 'f3134348c44fb1b2a277729e2285ebb5cb5e0f29c975bc753b70497c06a4d51d'],
    ['message digest', 'ad4434ecb18f2c99b60cbe59ec3d2469582b65273f48de72db2fde16a4889a4d'],
    ['The quick brown fox jumps over the lazy dog', '77b7fa410c9ac58a25f49bca7d0468c9296529315eaca76bd1a10f376d1f4294'],
  ];
  for (const [msg, want] of cases) assert.equal(hex(gostHash('gost94-test', Buffer.from(msg))), want, JSON.stringify(msg));
});

test('X-2: GOST R 34.11-94 of the NCA timestamp token eContent equals its messageDigest attribute', () => {
  const token = signedDataParts(fixture('tsp/tsp_token.bin'));
  assert.equal(token.digestOid, '1.2.398.3.10.1.3.1');
  assert.equal(token.messageDigest.length, 32);
  assert.equal(hex(gostHash('gost94-test', token.eContent)), hex(token.messageDigest));
});

test('every hash agrees with the pure-JS reference library on lengths around block boundaries', () => {
  const algs: GostHashAlg[] = ['gost94-test', 'streebog256', 'streebog512'];
  let seed = 7;
  for (const len of [0, 1, 31, 32, 33, 63, 64, 65, 127, 128, 129, 200, 1000]) {
    const data = new Uint8Array(len).map(() => (seed = (seed * 1103515245 + 12345) >>> 0) >>> 24);
    for (const alg of algs) assert.equal(hex(gostHash(alg, data)), hex(refDigest(alg, data)), `${alg} len ${len}`);
  }
});

test('incremental hashing in odd-sized chunks equals one-shot hashing', () => {
  const data = new Uint8Array(1000).map((_, i) => (i * 31 + 7) & 0xff);
  for (const alg of ['gost94-test', 'streebog256', 'streebog512'] as const) {
    const h = createGostHash(alg);
    for (let i = 0; i < data.length; i += 37) h.update(data.subarray(i, i + 37));
    assert.equal(hex(h.digest()), hex(gostHash(alg, data)), alg);
  }
});

test('a hasher refuses update or digest after digest', () => {
  const h = createGostHash('streebog512');
  h.digest();
  assert.throws(() => h.update(new Uint8Array(1)));
  assert.throws(() => h.digest());
});

test('an unknown hash name is a coded error', () => {
  assert.throws(() => gostHash('md5' as GostHashAlg, new Uint8Array()), { code: 'PKI_UNSUPPORTED_ALGORITHM' });
});
