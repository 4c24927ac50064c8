/**
 * Hostile and broken input: every case ends in a coded error (PKI_*), quickly, without a
 * crash or unbounded memory. SPEC X-2, DF-7.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isAppError } from '../../shared/errors.ts';
import { parseCertificate } from './certificate.ts';
import { parseSignedData } from './cms-parse.ts';
import { signCms } from './cms-sign.ts';
import { parseCrl } from './crl.ts';
import { readTlv, walk } from './der.ts';
import { ctx, int, oid, seq, tlv } from './der-write.ts';
import { OID } from './oids.ts';
import { parseOcspResponse } from './ocsp.ts';
import { toPem } from './pem.ts';
import { makeCa, makeLeaf } from './testkit.ts';
import { verifyCms } from './verify.ts';

const ca = makeCa();
const leaf = makeLeaf(ca);
const cms = signCms(Buffer.from('payload'), [leaf.signer]);
const opts = { trust: ca.trust, revocation: { mode: 'off' as const } };

/** Runs fn, insists on an AppError with one of the codes, within `ms`. */
async function coded(fn: () => unknown, codes: string[], ms = 2000): Promise<string> {
  const t0 = performance.now();
  try {
    await fn();
  } catch (err) {
    assert.ok(isAppError(err), `uncoded error: ${(err as Error)?.stack}`);
    assert.ok(codes.includes(err.code), `${err.code}: ${err.message}`);
    assert.ok(performance.now() - t0 < ms, `took ${performance.now() - t0} ms`);
    return err.message;
  }
  assert.fail('expected a coded error');
}

test('X-2: truncated and garbage DER give PKI_MALFORMED', async () => {
  for (const cut of [0, 1, 2, 10, 100, cms.length - 1]) await coded(() => verifyCms(cms.subarray(0, cut), opts), ['PKI_MALFORMED']);
  for (const cut of [1, 50, leaf.cert.der.length - 1]) await coded(() => parseCertificate(leaf.cert.der.subarray(0, cut)), ['PKI_MALFORMED']);
  let x = 12345;
  const garbage = Buffer.alloc(4096, 0).map(() => (x = (x * 1103515245 + 12345) & 0x7fffffff) & 0xff);
  await coded(() => verifyCms(garbage, opts), ['PKI_MALFORMED']);
  await coded(() => parseCrl(garbage), ['PKI_MALFORMED']);
  await coded(() => parseOcspResponse(garbage), ['PKI_MALFORMED']);
  await coded(() => verifyCms(Buffer.concat([cms, Buffer.from([0])]), opts), ['PKI_MALFORMED']); // trailing byte
});

test('X-2: PEM with the wrong label, or broken base64, is refused with a coded error', async () => {
  const msg = await coded(() => parseCertificate(Buffer.from(toPem(leaf.cert.der, 'PRIVATE KEY'))), ['PKI_MALFORMED']);
  assert.match(msg, /expected PEM CERTIFICATE/);
  await coded(() => verifyCms(Buffer.from(toPem(cms, 'CERTIFICATE')), opts), ['PKI_MALFORMED']);
  await coded(() => parseCertificate(Buffer.from('-----BEGIN CERTIFICATE-----\n@@@@\n-----END CERTIFICATE-----\n')), ['PKI_MALFORMED']);
  await coded(() => parseCertificate(Buffer.from('-----BEGIN CERTIFICATE-----\nAAAA\n-----END X509 CRL-----\n')), ['PKI_MALFORMED']);
  // The right labels work.
  assert.equal(parseCertificate(Buffer.from(toPem(leaf.cert.der, 'CERTIFICATE'))).fingerprint, leaf.cert.fingerprint);
  assert.equal((await verifyCms(Buffer.from(toPem(cms, 'CMS')), opts)).valid, true);
});

test('X-2: absurd lengths and unterminated BER are refused (valid BER is read: ber.test.ts)', async () => {
  const msg = await coded(() => parseSignedData(Buffer.from([0x30, 0x80, 0x06, 0x01, 0x00])), ['PKI_MALFORMED']);
  assert.match(msg, /indefinite.*not readable as BER either/);
  for (const bytes of [[0x30, 0x84, 0x7f, 0xff, 0xff, 0xff, 0x00], [0x30, 0x89, 1, 2, 3, 4, 5, 6, 7, 8, 9], [0x30, 0x82, 0xff], [0x04, 0x83, 0x10, 0, 0]]) {
    await coded(() => verifyCms(Buffer.from(bytes), opts), ['PKI_MALFORMED']);
    await coded(() => parseCertificate(Buffer.from(bytes)), ['PKI_MALFORMED']);
  }
});

test('X-2: 10,000-deep nesting is refused without exhausting the stack', async () => {
  let inner: Uint8Array = Buffer.from([0x05, 0x00]);
  for (let i = 0; i < 10_000; i++) inner = seq(inner);
  const deep = Buffer.from(inner);
  await coded(() => walk(deep, readTlv(deep, 0, deep.length), () => {}), ['PKI_MALFORMED']);
  await coded(() => verifyCms(deep, opts), ['PKI_MALFORMED']);
  await coded(() => parseCertificate(deep), ['PKI_MALFORMED']);
  await coded(() => parseCrl(deep), ['PKI_MALFORMED']);
  const deepCms = Buffer.from(seq(oid(OID.signedData), ctx(0, deep)));
  await coded(() => verifyCms(deepCms, opts), ['PKI_MALFORMED']);
  // The same in BER (indefinite lengths), which goes through the BER decoder's depth limit.
  const deepBer = Buffer.concat([Buffer.alloc(20_000).fill(Buffer.from([0x30, 0x80])), Buffer.from([0x05, 0x00]), Buffer.alloc(20_000)]);
  await coded(() => verifyCms(deepBer, opts), ['PKI_MALFORMED']);
  await coded(() => parseCertificate(deepBer), ['PKI_MALFORMED']);
});

test('X-2: a CMS with 1,000 signers or 10,000 certificates hits a stated limit quickly', async () => {
  const sd = parseSignedData(cms);
  const build = (certs: Uint8Array[], signers: Uint8Array[]) =>
    Buffer.from(seq(oid(OID.signedData), ctx(0, seq(int(1), tlv(0x31, seq(oid(OID.sha256))), sd.encapDer, tlv(0xa0, ...certs), tlv(0x31, ...signers)))));
  const manySigners = build([leaf.cert.der], Array.from({ length: 1000 }, () => sd.signers[0].der));
  assert.match(await coded(() => verifyCms(manySigners, opts), ['PKI_LIMIT_EXCEEDED'], 1000), /signerInfos: more than/);
  const manyCerts = build(Array.from({ length: 10_000 }, () => leaf.cert.der), [sd.signers[0].der]);
  assert.match(await coded(() => verifyCms(manyCerts, opts), ['PKI_LIMIT_EXCEEDED'], 1000), /certificates: more than/);
  // Within the limits the same shapes verify.
  assert.equal((await verifyCms(build([leaf.cert.der], Array.from({ length: 5 }, () => sd.signers[0].der)), opts)).signers.length, 5);
});

test('DF-7: an unsupported signature algorithm is a coded report entry naming the OID', async () => {
  const sd = parseSignedData(cms);
  const bad = Buffer.from(cms);
  // Turn sha256WithRSAEncryption (…1.1.11) into …1.1.99 inside the SignerInfo.
  const at = Buffer.from(sd.signers[0].der).indexOf(Buffer.from(oid(OID.sha256WithRSA)).subarray(2));
  bad[sd.signers[0].range.start + at + 8] = 99;
  const r = await verifyCms(bad, opts);
  assert.equal(r.valid, false);
  const e = r.signers[0].errors.find((x) => x.code === 'ALGORITHM_UNSUPPORTED');
  assert.ok(e);
  assert.match(e.message, /1\.2\.840\.113549\.1\.1\.99/);
});
