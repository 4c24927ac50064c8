/**
 * BER input (SPEC X-2: signatures are standard CMS that OpenSSL and the NCA tools verify):
 * CMS that openssl writes with -stream / -indef (indefinite lengths, constructed OCTET
 * STRINGs) verify like their DER twins; certificates inside stay byte-exact, also a
 * certificate that is itself BER; broken BER is refused with PKI_MALFORMED.
 */
import assert from 'node:assert/strict';
import { sign } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { isAppError } from '../../shared/errors.ts';
import { berToDer } from './ber.ts';
import { buildChain } from './chain.ts';
import { parseSignedData } from './cms-parse.ts';
import { Cursor, children, readTlv, rootTlv, whole, type Tlv } from './der.ts';
import { toPem } from './pem.ts';
import { runVerifyCommand, type CliIo } from './cli.ts';
import { addCmsSigner, signCms } from './cms-sign.ts';
import { nodeSigner } from './sign.ts';
import { makeCa, makeLeaf } from './testkit.ts';
import { verifyCms } from './verify.ts';
import { parseCertificate, type Certificate } from './x509.ts';
import { openssl, testFilesForThisFile } from './test-files.ts';

const { dir, file } = testFilesForThisFile('ber');

const ca = makeCa();
const leaf = makeLeaf(ca);
const caPem = file('ca.pem', toPem(ca.cert.der, 'CERTIFICATE'));
const trustDir = path.join(dir, 'trust');
mkdirSync(trustDir);
writeFileSync(path.join(trustDir, 'ca.pem'), toPem(ca.cert.der, 'CERTIFICATE'));
const keyPem = file('leaf.key', leaf.key.export({ type: 'pkcs8', format: 'pem' }) as string);
// Longer than one openssl -stream chunk, so the eContent is split into several pieces.
const content = Buffer.from(`{"type":"letter","body":"${'Сәлем, әлем! '.repeat(600)}"}`);
const contentFile = file('content.json', content);
const off = { mode: 'off' as const };

/** openssl cms -sign with the given mode flags; DER output file bytes. */
function opensslSign(name: string, signerPem: string, flags: string[]): Buffer {
  const out = path.join(dir, name);
  openssl('cms', '-sign', ...flags, '-binary', '-in', contentFile, '-signer', signerPem, '-inkey', keyPem, '-outform', 'DER', '-out', out);
  return readFileSync(out);
}

/** True when the bytes hold an indefinite length and a constructed OCTET STRING (so: BER, not DER). */
function isBer(b: Buffer): boolean {
  return b[1] === 0x80 && b.includes(Buffer.from([0x24, 0x80]));
}

async function coded(fn: () => unknown): Promise<string> {
  try {
    await fn();
  } catch (err) {
    assert.ok(isAppError(err), `uncoded error: ${(err as Error)?.stack}`);
    assert.equal(err.code, 'PKI_MALFORMED', err.message);
    return err.message;
  }
  assert.fail('expected PKI_MALFORMED');
}

test('X-2: openssl cms -sign -stream and -indef (BER) verify with the same signer and content as the DER signature', async () => {
  const leafPem = file('leaf.pem', toPem(leaf.cert.der, 'CERTIFICATE'));
  const der = opensslSign('der.p7s', leafPem, ['-nodetach']);
  assert.equal(der[1], 0x82, 'without -stream openssl writes DER');
  const expected = await verifyCms(der, { trust: ca.trust, revocation: off });
  assert.equal(expected.valid, true);
  for (const flag of ['-stream', '-indef']) {
    const ber = opensslSign(`ber${flag}.p7s`, leafPem, [flag, '-nodetach']);
    assert.ok(isBer(ber), `openssl ${flag} writes indefinite lengths and a constructed OCTET STRING`);
    openssl('cms', '-verify', '-inform', 'DER', '-in', file(`v${flag}.p7s`, ber), '-CAfile', caPem, '-purpose', 'any', '-out', path.join(dir, 'v.out'));
    const r = await verifyCms(ber, { trust: ca.trust, revocation: off });
    assert.deepEqual(r.signers[0].errors, [], flag);
    assert.equal(r.valid, true, flag);
    assert.equal(r.signers[0].certificate?.serialNumber, leaf.cert.serialNumber, flag);
    assert.deepEqual(r.signers[0].certificate, expected.signers[0].certificate, flag);
    assert.deepEqual(r.signers[0].identity, expected.signers[0].identity, flag);
    assert.equal(r.contentLength, content.length, flag);
    assert.equal(r.detached, false);
    const sd = parseSignedData(ber);
    assert.deepEqual(sd.eContent, content, `${flag}: the pieces of the constructed OCTET STRING, concatenated`);
    assert.deepEqual(sd.certificates, parseSignedData(der).certificates, `${flag}: the certificate bytes are the same`);
    // The content is what was signed: other content gives a digest mismatch, not a pass.
    const other = await verifyCms(ber, { trust: ca.trust, content: Buffer.from('other'), revocation: off });
    assert.equal(other.valid, false);
  }
  // Detached, streamed: the signature is BER, the content comes from outside.
  const det = opensslSign('det-stream.p7s', leafPem, ['-stream']);
  assert.equal(det[1], 0x80);
  assert.equal((await verifyCms(det, { trust: ca.trust, content, revocation: off })).valid, true);
  assert.equal((await verifyCms(det, { trust: ca.trust, content: Buffer.concat([content, Buffer.from(' ')]), revocation: off })).valid, false);
});

test('X-2: jashik verify accepts a BER file from openssl -stream (PEM and DER)', async () => {
  const leafPem = file('leaf-cli.pem', toPem(leaf.cert.der, 'CERTIFICATE'));
  const ber = opensslSign('cli-stream.p7s', leafPem, ['-stream', '-nodetach']);
  for (const p of [file('cli.p7s', ber), file('cli.pem', toPem(ber, 'CMS'))]) {
    const out: string[] = [];
    const cliIo: CliIo = {
      stdout: { write: (c: string | Uint8Array) => out.push(Buffer.from(c).toString('utf8')) },
      stderr: { write: (c: string) => out.push(c) },
      readFile: async (f) => readFileSync(f),
      env: {},
    };
    assert.equal(await runVerifyCommand([p, '--trust', trustDir, '--no-revocation'], cliIo), 0, out.join(''));
    assert.match(out.join(''), /^Signature: VALID/);
    assert.match(out.join(''), /IIN: 900101300123/);
  }
});

test('DF-7: a co-signer added to a BER CMS (openssl -stream) keeps the first signature valid; the result is DER', async () => {
  const ber = opensslSign('cosign-stream.p7s', file('leaf-co.pem', toPem(leaf.cert.der, 'CERTIFICATE')), ['-stream', '-nodetach']);
  const second = makeLeaf(ca, { iin: '900101300124' });
  const both = addCmsSigner(ber, second.signer);
  assert.equal(both[1], 0x82, 'rebuilt as DER');
  const r = await verifyCms(both, { trust: ca.trust, revocation: off });
  assert.deepEqual(r.signers.map((x) => x.errors), [[], []]);
  assert.deepEqual(r.signers.map((x) => x.identity?.iin), ['900101300123', '900101300124']);
  openssl('cms', '-verify', '-inform', 'DER', '-in', file('cosigned.p7s', both), '-CAfile', caPem, '-purpose', 'any', '-out', path.join(dir, 'co.out'));
});

/**
 * The most BER a CMS can be: every constructed element with an indefinite length (signed
 * attributes too), every OCTET STRING (eContent, messageDigest, the signature value) split
 * into 3-byte pieces. Certificates are left as they are: their issuer signed their DER.
 */
function maximalBer(buf: Uint8Array, t: Tlv, keep: Uint8Array[]): Buffer {
  const bytes = whole(buf, t);
  if (keep.some((k) => Buffer.compare(k, bytes) === 0)) return Buffer.from(bytes);
  if (t.tag & 0x20) {
    const parts = children(buf, t, 'any').map((c) => maximalBer(buf, c, keep));
    return Buffer.concat([Buffer.from([t.tag, 0x80]), ...parts, Buffer.from([0, 0])]);
  }
  if (t.tag === 0x04 && t.end - t.valueStart > 3) {
    const pieces: Buffer[] = [];
    for (let p = t.valueStart; p < t.end; p += 3) {
      const piece = buf.subarray(p, Math.min(p + 3, t.end));
      pieces.push(Buffer.concat([Buffer.from([0x04, piece.length]), piece]));
    }
    return Buffer.concat([Buffer.from([0x24, 0x80]), ...pieces, Buffer.from([0, 0])]);
  }
  return Buffer.from(bytes);
}

test('X-2: a CMS in BER throughout (indefinite signed attributes, split messageDigest and signature) verifies; signed attributes are checked as DER', async () => {
  const second = makeLeaf(ca, { alg: 'p256', iin: '900101300125' });
  const der = signCms(content, [leaf.signer, second.signer]);
  const ber = maximalBer(der, rootTlv(der, 0x30, 'ContentInfo'), [leaf.cert.der, second.cert.der]);
  assert.ok(isBer(ber) && ber.length > der.length, 'BER, and longer');
  const a = parseSignedData(der);
  const b = parseSignedData(ber);
  assert.deepEqual(b.eContent, a.eContent);
  assert.deepEqual(b.signers.map((x) => x.signedAttrsDer), a.signers.map((x) => x.signedAttrsDer), 'the signed attributes, re-encoded, are the DER that was signed');
  assert.deepEqual(b.signers.map((x) => x.signature), a.signers.map((x) => x.signature));
  const r = await verifyCms(ber, { trust: ca.trust, revocation: off });
  assert.deepEqual(r.signers.map((x) => x.errors), [[], []]);
  assert.equal(r.valid, true);
  // A changed content byte inside one piece is still caught.
  const at = ber.indexOf(Buffer.from('{"t'));
  assert.ok(at > 0, 'the first content piece');
  const bad = Buffer.from(ber);
  bad[at + 2] ^= 1;
  assert.equal((await verifyCms(bad, { trust: ca.trust, revocation: off })).valid, false);
  openssl('cms', '-verify', '-inform', 'DER', '-in', file('maximal-ber.p7s', ber), '-CAfile', caPem, '-purpose', 'any', '-out', path.join(dir, 'mb.out'));
});

test('X-2: pkijs attached content (a constructed OCTET STRING of 64 KiB pieces, definite lengths) verifies', async () => {
  const big = Buffer.alloc(150_000, 'Қазақстан ');
  const key = await crypto.subtle.importKey('pkcs8', leaf.key.export({ type: 'pkcs8', format: 'der' }), { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, false, ['sign']);
  const c = pkijs.Certificate.fromBER(new Uint8Array(leaf.cert.der));
  const sd = new pkijs.SignedData({
    version: 1,
    encapContentInfo: new pkijs.EncapsulatedContentInfo({ eContentType: '1.2.840.113549.1.7.1', eContent: new asn1js.OctetString({ valueHex: big }) }),
    signerInfos: [new pkijs.SignerInfo({ version: 1, sid: new pkijs.IssuerAndSerialNumber({ issuer: c.issuer, serialNumber: c.serialNumber }) })],
    certificates: [c],
  });
  await sd.sign(key, 0, 'SHA-256');
  const cms = Buffer.from(new pkijs.ContentInfo({ contentType: pkijs.ContentInfo.SIGNED_DATA, content: sd.toSchema(true) }).toSchema().toBER());
  const at = cms.indexOf(Buffer.from('06092a864886f70d010701a0', 'hex')) + 11;
  assert.equal(cms[readTlv(cms, at, cms.length).valueStart], 0x24, 'pkijs splits the content');
  const r = await verifyCms(cms, { trust: ca.trust, revocation: off });
  assert.deepEqual(r.signers[0].errors, []);
  assert.equal(r.valid, true);
  assert.equal(r.contentLength, big.length);
  assert.deepEqual(parseSignedData(cms).eContent, big);
});

/** The leaf re-issued with a BER TBS (indefinite length) that the CA signs as it is, in a BER certificate. */
function berCertificate(): { bytes: Buffer; tbsBer: Buffer; cert: Certificate } {
  const d = leaf.cert.der;
  const c = new Cursor(d, rootTlv(d, 0x30, 'Certificate'), 'Certificate');
  const tbs = c.next(0x30);
  const alg = whole(d, c.next(0x30));
  const tbsBer = Buffer.concat([Buffer.from([0x30, 0x80]), d.subarray(tbs.valueStart, tbs.end), Buffer.from([0, 0])]);
  const sig = sign('sha256', tbsBer, ca.key);
  const bitString = Buffer.concat([Buffer.from([0x03, 0x82, (sig.length + 1) >> 8, (sig.length + 1) & 0xff, 0]), sig]);
  const bytes = Buffer.concat([Buffer.from([0x30, 0x80]), tbsBer, alg, bitString, Buffer.from([0, 0])]);
  return { bytes, tbsBer, cert: parseCertificate(bytes) };
}

test('X-2: a BER certificate keeps its original TBS bytes: its signature verifies, its DER re-encoding\'s does not', () => {
  const { bytes, tbsBer, cert } = berCertificate();
  assert.deepEqual(cert.der, bytes, 'der holds the bytes as received');
  assert.equal(Buffer.compare(cert.tbs, tbsBer), 0, 'tbs is the BER TBS the CA signed');
  assert.equal(cert.serialNumber, leaf.cert.serialNumber);
  assert.equal(cert.subject.text, leaf.cert.subject.text);
  assert.deepEqual(cert.issuer.der, leaf.cert.issuer.der, 'names are compared in DER');
  const at = new Date();
  assert.deepEqual(buildChain(cert, [], ca.trust, at).errors, []);
  const reencoded = parseCertificate(berToDer(bytes));
  assert.ok(buildChain(reencoded, [], ca.trust, at).errors.some((e) => e.code === 'CERT_SIGNATURE_INVALID'), 'normalising a certificate would break its signature');
  // OpenSSL agrees: it verifies the BER certificate as received.
  openssl('verify', '-CAfile', caPem, '-purpose', 'any', file('ber-cert.pem', toPem(bytes, 'CERTIFICATE')));
});

test('X-2: a BER CMS (openssl -stream) whose certificate has a BER TBS verifies; the certificate is taken byte for byte', async () => {
  const { bytes, tbsBer } = berCertificate();
  const ber = opensslSign('bercert-stream.p7s', file('ber-leaf.pem', toPem(bytes, 'CERTIFICATE')), ['-stream', '-nodetach']);
  assert.ok(isBer(ber), 'BER');
  // OpenSSL re-encodes the outer SEQUENCE but keeps the signed TBS as it came.
  const sd = parseSignedData(ber);
  assert.equal(sd.certificates.length, 1);
  assert.ok(ber.includes(sd.certificates[0]), 'the certificate bytes are those of the input');
  assert.ok(Buffer.from(sd.certificates[0]).includes(tbsBer), 'the BER TBS is inside');
  const r = await verifyCms(ber, { trust: ca.trust, revocation: off });
  assert.deepEqual(r.signers[0].errors, []);
  assert.equal(r.valid, true);
  assert.equal(r.signers[0].identity?.iin, '900101300123');
});

test('X-2: a wholly BER certificate inside a DER and inside a BER CMS is kept byte for byte and verifies', async () => {
  const { bytes, cert } = berCertificate();
  const der = signCms(content, [nodeSigner(leaf.key, cert)]);
  assert.equal(der[1], 0x82);
  // The same CMS with an indefinite-length ContentInfo: re-encoded as DER, the certificate copied.
  const body = new Cursor(der, rootTlv(der, 0x30, 'ContentInfo'), 'ContentInfo');
  const inner = der.subarray(body.pos, body.parent.end);
  const ber = Buffer.concat([Buffer.from([0x30, 0x80]), inner, Buffer.from([0, 0])]);
  for (const [name, cms] of [['der', der], ['ber', ber]] as const) {
    const sd = parseSignedData(cms);
    assert.deepEqual(sd.certificates, [bytes], name);
    const r = await verifyCms(cms, { trust: ca.trust, revocation: off });
    assert.deepEqual(r.signers[0].errors, [], name);
    assert.equal(r.valid, true, name);
  }
  openssl('cms', '-verify', '-inform', 'DER', '-in', file('ber-cert-in-ber.p7s', ber), '-CAfile', caPem, '-purpose', 'any', '-out', path.join(dir, 'bc.out'));
});

test('X-2: truncated, garbage and unterminated BER are refused with PKI_MALFORMED', async () => {
  const ber = opensslSign('trunc.p7s', file('leaf-t.pem', toPem(leaf.cert.der, 'CERTIFICATE')), ['-stream', '-nodetach']);
  for (const cut of [2, 3, 20, 200, Math.floor(ber.length / 2), ber.length - 2, ber.length - 1]) {
    const msg = await coded(() => verifyCms(ber.subarray(0, cut), { trust: ca.trust, revocation: off }));
    assert.ok(msg.length > 0, 'a message');
  }
  // Every end-of-contents removed: the lengths no longer add up.
  const eocStripped = Buffer.from(ber.toString('hex').replace(/0000$/, ''), 'hex');
  await coded(() => verifyCms(eocStripped, { trust: ca.trust, revocation: off }));
  assert.match(await coded(() => parseSignedData(Buffer.from([0x30, 0x80, 0x06, 0x01, 0x00]))), /indefinite.*not readable as BER either/);
  assert.match(await coded(() => parseSignedData(Buffer.from([0x30, 0x80, 0x06, 0x01, 0x00, 0x00, 0x00]))), /not SignedData/);
  assert.match(await coded(() => parseSignedData(Buffer.concat([ber, Buffer.from([0])]))), /trailing/);
  // A constructed OCTET STRING may hold OCTET STRINGs only.
  await coded(() => berToDer(Buffer.from([0x24, 0x80, 0x02, 0x01, 0x05, 0x00, 0x00])));
  let x = 7;
  const garbage = Buffer.concat([Buffer.from([0x30, 0x80]), Buffer.alloc(2048, 0).map(() => (x = (x * 1103515245 + 12345) & 0x7fffffff) & 0xff)]);
  await coded(() => verifyCms(garbage, { trust: ca.trust, revocation: off }));
});
