/**
 * The NCA test PKI material (shared/fixtures/nca-test): every file parses, chains verify to
 * their anchors, OCSP responses and the timestamp token verify, identities and roles read as
 * the README says, and the Kalkan GOST 2015 key signs a CMS jashik verifies. SPEC, MB-5.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { ncaIdentity, parseCertificate } from './certificate.ts';
import { buildChain } from './chain.ts';
import { parseSignedData } from './cms-parse.ts';
import { signCms } from './cms-sign.ts';
import { checkCrlSignature, parseCrl } from './crl.ts';
import { loadGost } from './gost-bridge.ts';
import { checkOcspSignature, parseOcspResponse } from './ocsp.ts';
import { loadP12Signer } from './sign.ts';
import { TrustStore } from './trust.ts';
import { parseTstInfo, tokenFromResponse, verifyTimestampToken } from './tsp.ts';
import { verifyCms } from './verify.ts';

export const FIXTURES = path.resolve(import.meta.dirname, '../../../../shared/fixtures/nca-test');
const fx = (p: string) => readFileSync(path.join(FIXTURES, p));
const cert = (p: string) => parseCertificate(fx(p));
const hasGost = await loadGost();
const gostOnly = { skip: hasGost ? false : 'src/modules/pki/gost not present yet' };

const AT_2022 = new Date('2022-06-01T00:00:00Z');

test('X-2: every fixture file parses (certificates, CRLs, OCSP, timestamps)', () => {
  for (const dir of ['ca', 'certs']) for (const f of readdirSync(path.join(FIXTURES, dir))) assert.ok(cert(`${dir}/${f}`).serialNumber, f);
  for (const f of readdirSync(path.join(FIXTURES, 'crl'))) assert.ok(parseCrl(fx(`crl/${f}`)).entries.size > 0, f);
  for (const f of readdirSync(path.join(FIXTURES, 'ocsp'))) assert.equal(parseOcspResponse(fx(`ocsp/${f}`)).responseStatus, 'successful', f);
  const token = tokenFromResponse(fx('tsp/tsp_response.bin'));
  assert.deepEqual(Buffer.from(token), fx('tsp/tsp_token.bin'));
  const tst = parseTstInfo(parseSignedData(token).eContent!);
  assert.equal(tst.genTime.toISOString(), '2022-09-18T13:20:14.000Z');
  assert.equal(Buffer.from(tst.hashedMessage).toString('hex'), '1465dad126d32bf7aa5d3b95a5c7c331cdff34df');
});

test('MB-5: certificates give the NCA identity, roles and key purpose', () => {
  const ceo = ncaIdentity(cert('certs/ceo_valid_sign_2004_gost.cer'));
  assert.equal(ceo.iin, '123456789011'); // fails the IIN checksum: must still be read
  assert.equal(ceo.bin, '123456789021');
  assert.deepEqual(ceo.roles, ['organisation', 'first_head']);
  assert.equal(ceo.keyPurpose, 'signing');
  assert.equal(ceo.surname, 'ТЕСТОВ');
  assert.equal(ceo.givenName, 'ТЕСТ');
  assert.equal(ceo.patronymic, 'ТЕСТОВИЧ');
  assert.equal(ceo.organisation, 'АО "ТЕСТ"');
  const ind = ncaIdentity(cert('certs/individual_valid_sign_2004_rsa.cer'));
  assert.deepEqual([ind.iin, ind.bin, ind.roles, ind.keyPurpose], ['123456789011', undefined, ['individual'], 'signing']);
  assert.equal(ncaIdentity(cert('certs/individual_valid_sign_2004_rsa_auth.cer')).keyPurpose, 'authentication');
  assert.equal(ncaIdentity(cert('ca/nca_gost2015_test.cer')).keyPurpose, 'both');
  assert.deepEqual(ncaIdentity(cert('ca/root_test_gost_2022.cer')).unknownPolicies, ['1.2.398.3.1.2']);
});

test('X-2: the 2004 and RSA leaves verify to their issuing CAs as anchors, inside validity; now they are expired', gostOnly, () => {
  for (const [leaf, ca] of [['certs/individual_valid_sign_2004_rsa.cer', 'ca/nca_rsa_test.crt'], ['certs/individual_valid_sign_2004_rsa_auth.cer', 'ca/nca_rsa_test.crt'], ['certs/ceo_valid_sign_2004_gost.cer', 'ca/nca_gost_test.crt']]) {
    const trust = new TrustStore([cert(ca)]);
    const inside = buildChain(cert(leaf), [], trust, AT_2022);
    assert.deepEqual(inside.errors, [], leaf);
    assert.equal(inside.path.length, 2);
    const now = buildChain(cert(leaf), [], trust, new Date());
    assert.ok(now.errors.some((e) => e.code === 'CERT_EXPIRED'), leaf);
  }
});

test('X-2: the GOST 2015 chain verifies to its root; a wrong anchor does not', gostOnly, () => {
  const trust = new TrustStore([cert('ca/root_test_gost_2022.cer'), cert('ca/nca_gost2015_test.cer')]);
  assert.deepEqual(trust.anchors.map((c) => c.serialNumber), [cert('ca/root_test_gost_2022.cer').serialNumber]);
  const r = buildChain(cert('ca/nca_gost2015_test.cer'), [], trust, new Date('2023-01-01T00:00:00Z'));
  assert.deepEqual(r.errors, []);
  assert.ok(buildChain(cert('ca/nca_gost2015_test.cer'), [], trust, AT_2022).errors.some((e) => e.code === 'CERT_NOT_YET_VALID'));
  assert.equal(r.path.length, 2);
  const wrong = buildChain(cert('certs/ceo_valid_sign_2004_gost.cer'), [], new TrustStore([cert('ca/nca_rsa_test.crt')]), AT_2022);
  assert.equal(wrong.anchored, false);
});

test('X-2: CRL signatures verify with their issuers', gostOnly, () => {
  assert.equal(checkCrlSignature(parseCrl(fx('crl/nca_rsa_test.crl')), cert('ca/nca_rsa_test.crt')), null);
  assert.equal(checkCrlSignature(parseCrl(fx('crl/nca_gost_test.crl')), cert('ca/nca_gost_test.crt')), null);
  assert.equal(checkCrlSignature(parseCrl(fx('crl/nca_gost2022_test.crl')), cert('ca/nca_gost2015_test.cer')), null);
  assert.notEqual(checkCrlSignature(parseCrl(fx('crl/nca_rsa_test.crl')), cert('ca/nca_gost_test.crt')), null);
});

test('X-3: OCSP responses read good / revoked / non-issued and their signatures check', gostOnly, () => {
  const cases = [
    ['ocsp_response_individual_sign_2004.bin', 'ca/nca_rsa_test.crt', 'good', undefined],
    ['ocsp_response_ceo_sign_2004_revoked.bin', 'ca/nca_gost_test.crt', 'revoked', 'superseded'],
    ['ocsp_response_ceo_2015_revoked.bin', 'ca/nca_gost2015_test.cer', 'revoked', 'certificateHold'],
    ['ocsp_response_individual_2015.bin', 'ca/nca_gost2015_test.cer', 'non-issued', 'certificateHold'],
  ] as const;
  for (const [file, ca, status, reason] of cases) {
    const r = parseOcspResponse(fx(`ocsp/${file}`));
    assert.equal(r.responses[0].status, status, file);
    assert.equal(r.responses[0].reason, reason, file);
    assert.equal(r.nonce?.length, 8, file);
    assert.equal(checkOcspSignature(r, cert(ca)), null, file);
    assert.notEqual(checkOcspSignature(r, cert('ca/root_test_gost_2022.cer')), null, `${file} with a wrong CA`);
  }
});

test('X-3: the fixture timestamp token verifies (GOST 34.310-2004, test S-box hash) to its CA at genTime', gostOnly, () => {
  const trust = new TrustStore([cert('ca/nca_gost_test.crt')]);
  const r = verifyTimestampToken(fx('tsp/tsp_token.bin'), undefined, trust, new Date());
  assert.deepEqual(r.errors, []);
  assert.equal(r.valid, true);
  assert.equal(r.genTime, '2022-09-18T13:20:14.000Z');
  const bad = Buffer.from(fx('tsp/tsp_token.bin'));
  bad[bad.length - 10] ^= 1; // inside the signature value
  assert.equal(verifyTimestampToken(bad, undefined, trust, new Date()).valid, false);
  assert.ok(verifyTimestampToken(fx('tsp/tsp_token.bin'), Buffer.from('other'), trust, new Date()).errors.some((e) => e.message.includes('imprint')));
});

test('DF-7: the Kalkan GOST 2015 key signs a CMS that verifies to the 2022 root; one changed byte fails', gostOnly, async () => {
  const signer = await loadP12Signer(fx('keys/individual_valid.p12'), 'Qwerty12');
  assert.equal(signer.certificate.serialNumber, '6C425659BD2FC6DC587B871AEDE1857727CF8451');
  const content = Buffer.from('{"type":"application","version":1}');
  const cms = signCms(content, [signer]);
  const trust = new TrustStore([cert('ca/root_test_gost_2022.cer'), cert('ca/nca_gost2015_test.cer')]);
  const at = new Date('2026-06-01T00:00:00Z');
  // The 2022 CRL is stale for a 2026 signature: revocation is unknown, never good.
  const strict = await verifyCms(cms, { trust, at, revocation: { crls: [fx('crl/nca_gost2022_test.crl')] } });
  assert.equal(strict.valid, false);
  assert.ok(strict.signers[0].errors.every((e) => e.code === 'REVOCATION_UNKNOWN'));
  const r = await verifyCms(cms, { trust, at, revocation: { mode: 'off' } });
  assert.deepEqual(r.signers[0].errors, []);
  assert.equal(r.valid, true);
  assert.equal(r.signers[0].signatureAlgorithm, 'GOST 34.10-2015 512');
  assert.equal(r.signers[0].chain.length, 3);
  // Cross-check, independent of this module: asn1js parse + the pure-JS reference GOST library.
  const { signedDataParts, refDigest, refSigner, ab } = await import('./gost/test-helpers.ts');
  const parts = signedDataParts(cms);
  assert.deepEqual(Buffer.from(refDigest('streebog512', parts.eContent)), Buffer.from(parts.messageDigest));
  const xy = hasGost!.gostPublicKeyFromSpki(signer.certificate.spki).publicKey;
  assert.equal(refSigner('tc26-512-a').verify(ab(xy), ab(parts.signature), ab(refDigest('streebog512', parts.signedAttrs))), true);
  const sd = parseSignedData(cms);
  const bad = Buffer.from(cms);
  bad[sd.signers[0].range.signature[0] + 5] ^= 0x01;
  const r2 = await verifyCms(bad, { trust, at, revocation: { mode: 'off' } });
  assert.equal(r2.valid, false);
  assert.ok(r2.signers[0].errors.some((e) => e.code === 'SIGNATURE_INVALID'));
});

test('DF-7: a wrong PKCS#12 password is a coded error that does not contain the password', async () => {
  await assert.rejects(loadP12Signer(fx('keys/individual_valid.p12'), 'wrong-secret-42'), (err: Error & { code?: string }) => {
    assert.equal(err.code, 'PKI_KEY_UNREADABLE');
    assert.ok(!err.message.includes('wrong-secret-42'));
    return true;
  });
});
