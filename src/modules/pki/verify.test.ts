/**
 * Verification decisions: time, chain, key purpose and revocation (CRL file/URL, OCSP over
 * HTTP with a nonce, from loopback servers the test starts). Unknown status is never good.
 * SPEC DF-7, DF-8, MB-11, X-3.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { parseSignedData } from './cms-parse.ts';
import { signCms } from './cms-sign.ts';
import { parseOcspRequest } from './ocsp.ts';
import { OID } from './oids.ts';
import type { ReportCode } from './report.ts';
import { httpFetcher } from './revocation.ts';
import { generateKey, makeCa, makeCrl, makeLeaf, nextSerial, spkiOf, YEAR } from './testkit.ts';
import { TrustStore } from './trust.ts';
import { verifyCms, type VerifyOptions } from './verify.ts';
import { issueCertificate, issueOcspResponse, keySigner } from './x509-build.ts';

const ca = makeCa();
const content = Buffer.from('{"type":"receipt","version":1}');
const codes = (r: { signers: { errors: { code: ReportCode }[] }[] }) => r.signers.flatMap((s) => s.errors.map((e) => e.code));
const okCrl = makeCrl(ca);
const base = (extra: Partial<VerifyOptions> = {}): VerifyOptions => ({ trust: ca.trust, revocation: { crls: [okCrl] }, ...extra });

// An OCSP responder on loopback: delegated responder certificate, echoes the nonce unless told not to.
const responderKey = generateKey('rsa');
const responderCert = issueCertificate({
  subject: [['CN', 'JASHIK TEST OCSP'], ['C', 'KZ']], spki: spkiOf(responderKey.publicKey), issuer: ca.cert, signer: ca.signer, serialNumber: nextSerial(),
  notBefore: new Date(Date.now() - YEAR), notAfter: new Date(Date.now() + YEAR), keyUsage: ['digitalSignature'], extKeyUsage: [OID.ekuOcspSigning],
});
const revokedSerials = new Map<string, Date>();
let ocspMode: 'normal' | 'no-nonce' | 'error' = 'normal';
let server: Server;
let base_url = '';
const leafBySerial = new Map<string, ReturnType<typeof makeLeaf>>();

before(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.url?.startsWith('/crl')) {
        res.end(makeCrl(ca, [...revokedSerials].map(([serialNumber, revokedAt]) => ({ serialNumber, revokedAt, reason: 'keyCompromise' }))));
        return;
      }
      if (ocspMode === 'error') {
        res.statusCode = 500;
        res.end();
        return;
      }
      let q: ReturnType<typeof parseOcspRequest>;
      try {
        q = parseOcspRequest(Buffer.concat(chunks));
      } catch {
        res.statusCode = 400;
        res.end();
        return;
      }
      const leaf = leafBySerial.get(q.serialNumber)!;
      const revokedAt = revokedSerials.get(q.serialNumber);
      res.setHeader('content-type', 'application/ocsp-response');
      res.end(issueOcspResponse({
        issuer: ca.cert, responder: responderCert, signer: keySigner(responderKey.privateKey), producedAt: new Date(),
        entries: [{ certificate: leaf.cert, status: revokedAt ? 'revoked' : 'good', revokedAt, reason: 'keyCompromise' }],
        nonce: ocspMode === 'no-nonce' ? undefined : q.nonce,
      }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base_url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => server.close());

function leaf(o: Parameters<typeof makeLeaf>[1] = {}) {
  const l = makeLeaf(ca, o);
  leafBySerial.set(l.cert.serialNumber, l);
  return l;
}

test('DF-7: a good signature with a current CRL is valid and names its revocation source', async () => {
  const r = await verifyCms(signCms(content, [leaf().signer]), base());
  assert.equal(r.valid, true);
  assert.equal(r.signers[0].revocation[0].status, 'good');
  assert.equal(r.signers[0].revocation[0].source, 'crl');
});

test('DF-7: expired and not-yet-valid signer certificates are reported; --at inside validity succeeds', async () => {
  const oldCa = makeCa({ notBefore: new Date(Date.now() - 4 * YEAR) });
  const old = makeLeaf(oldCa, { notBefore: new Date(Date.now() - 3 * YEAR), notAfter: new Date(Date.now() - 2 * YEAR) });
  const cms = signCms(content, [old.signer]);
  assert.ok(codes(await verifyCms(cms, { trust: oldCa.trust, revocation: { crls: [makeCrl(oldCa)] } })).includes('CERT_EXPIRED'));
  const at = new Date(Date.now() - 2.5 * YEAR);
  const archived = await verifyCms(cms, { trust: oldCa.trust, at, revocation: { crls: [makeCrl(oldCa, [], new Date(at.getTime() - 3600_000), new Date(at.getTime() + 3600_000))] } });
  assert.deepEqual(codes(archived), []);
  const future = leaf({ notBefore: new Date(Date.now() + YEAR), notAfter: new Date(Date.now() + 2 * YEAR) });
  assert.ok(codes(await verifyCms(signCms(content, [future.signer]), base())).includes('CERT_NOT_YET_VALID'));
});

test('DF-7: revoked (CRL), and revocation unknown when no source, a stale CRL or a failing URL', async () => {
  const l = leaf();
  const cms = signCms(content, [l.signer]);
  const revoked = makeCrl(ca, [{ serialNumber: l.cert.serialNumber, revokedAt: new Date(Date.now() - 60_000), reason: 'keyCompromise' }]);
  const r = await verifyCms(cms, base({ revocation: { crls: [revoked] } }));
  assert.ok(codes(r).includes('REVOKED'));
  assert.equal(r.signers[0].revocation[0].reason, 'keyCompromise');
  const none = await verifyCms(cms, base({ revocation: {} }));
  assert.deepEqual(codes(none), ['REVOCATION_UNKNOWN']);
  assert.equal(none.valid, false);
  const stale = makeCrl(ca, [], new Date(Date.now() - 10 * 24 * 3600_000), new Date(Date.now() - 3 * 24 * 3600_000));
  assert.deepEqual(codes(await verifyCms(cms, base({ revocation: { crls: [stale] } }))), ['REVOCATION_UNKNOWN']);
  const failing = await verifyCms(cms, base({ revocation: { crlUrls: ['http://crl.invalid/x.crl'], fetcher: async () => { throw new Error('connection refused'); } } }));
  assert.deepEqual(codes(failing), ['REVOCATION_UNKNOWN']);
  assert.match(failing.signers[0].revocation[0].unknownReasons!.join(), /connection refused/);
  // A CRL signed by another CA does not count.
  const otherCa = makeCa({ name: 'JASHIK TEST CA' });
  const forged = makeCrl({ ...otherCa, cert: { ...otherCa.cert, subject: ca.cert.subject, subjectKeyId: ca.cert.subjectKeyId } });
  assert.deepEqual(codes(await verifyCms(cms, base({ revocation: { crls: [forged] } }))), ['REVOCATION_UNKNOWN']);
});

test('X-3: CRL by URL and OCSP with a nonce over HTTP (loopback): good, revoked, replay without nonce, responder down', async () => {
  const l = leaf();
  const cms = signCms(content, [l.signer]);
  const viaCrl = await verifyCms(cms, base({ revocation: { crlUrls: [`${base_url}/crl`], fetcher: httpFetcher } }));
  assert.equal(viaCrl.valid, true);
  const opts = base({ revocation: { ocspUrls: [`${base_url}/ocsp`], fetcher: httpFetcher } });
  const good = await verifyCms(cms, opts);
  assert.equal(good.valid, true);
  assert.equal(good.signers[0].revocation[0].source, 'ocsp');
  ocspMode = 'no-nonce';
  const replay = await verifyCms(cms, opts);
  assert.deepEqual(codes(replay), ['REVOCATION_UNKNOWN']);
  assert.match(replay.signers[0].revocation[0].unknownReasons!.join(), /nonce/);
  ocspMode = 'error';
  assert.deepEqual(codes(await verifyCms(cms, opts)), ['REVOCATION_UNKNOWN']);
  ocspMode = 'normal';
  revokedSerials.set(l.cert.serialNumber, new Date(Date.now() - 60_000));
  const rev = await verifyCms(cms, opts);
  assert.deepEqual(codes(rev), ['REVOKED']);
  assert.equal(rev.signers[0].revocation[0].source, 'ocsp');
  assert.equal((await verifyCms(cms, base({ revocation: { crlUrls: [`${base_url}/crl?2`], fetcher: httpFetcher } }))).valid, false);
});

test('MB-11: an authentication key used to sign a document is refused; fine for a log-in', async () => {
  const auth = leaf({ kind: 'auth' });
  const cms = signCms(content, [auth.signer]);
  const r = await verifyCms(cms, base());
  assert.deepEqual(codes(r), ['KEY_USAGE_MISMATCH']);
  assert.equal(r.signers[0].keyPurpose, 'authentication');
  assert.equal((await verifyCms(cms, base({ purpose: 'authentication' }))).valid, true);
});

test('DF-8: signature over different content, messageDigest mismatch and a wrong signer certificate fail', async () => {
  const l = leaf();
  const a = signCms(Buffer.from('content A'), [l.signer], { signingTime: null });
  const b = signCms(Buffer.from('content B'), [l.signer], { signingTime: null });
  const sa = parseSignedData(a);
  const sb = parseSignedData(b);
  // B's signed attributes with A's signature value.
  const mixed = Buffer.from(b);
  mixed.set(sa.signers[0].signature, sb.signers[0].range.signature[0]);
  assert.deepEqual(codes(await verifyCms(mixed, base())), ['SIGNATURE_INVALID']);
  // A's signer info over B's content.
  const swapped = Buffer.from(a);
  swapped.set(Buffer.from('content B'), sa.eContentRange![0]);
  assert.deepEqual(codes(await verifyCms(swapped, base())), ['MESSAGE_DIGEST_MISMATCH']);
  // The CMS carries another certificate than the signer's.
  const other = leaf();
  const swappedCert = signCms(content, [{ ...l.signer, certificate: other.cert }]);
  assert.deepEqual(codes(await verifyCms(swappedCert, base())), ['SIGNATURE_INVALID']);
  const noCert = signCms(content, [l.signer], { includeCertificates: false });
  assert.deepEqual(codes(await verifyCms(noCert, base())), ['SIGNER_CERTIFICATE_NOT_FOUND']);
  assert.equal((await verifyCms(noCert, base({ certificates: [l.cert] }))).valid, true);
});

test('X-2: a chain loop of cross-issued CAs ends with CHAIN_LOOP; an untrusted root with CHAIN_UNTRUSTED', async () => {
  const kA = generateKey('rsa');
  const kB = generateKey('rsa');
  const t = { notBefore: new Date(Date.now() - YEAR), notAfter: new Date(Date.now() + YEAR), ca: true };
  const a = issueCertificate({ subject: [['CN', 'LOOP A']], issuerName: [['CN', 'LOOP B']], spki: spkiOf(kA.publicKey), signer: keySigner(kB.privateKey), serialNumber: nextSerial(), ...t });
  const b = issueCertificate({ subject: [['CN', 'LOOP B']], issuerName: [['CN', 'LOOP A']], spki: spkiOf(kB.publicKey), signer: keySigner(kA.privateKey), serialNumber: nextSerial(), ...t });
  const kL = generateKey('rsa');
  const l = issueCertificate({ subject: [['CN', 'LOOP LEAF']], spki: spkiOf(kL.publicKey), issuer: a, signer: keySigner(kA.privateKey), serialNumber: nextSerial(), notBefore: t.notBefore, notAfter: t.notAfter, keyUsage: ['digitalSignature', 'nonRepudiation'] });
  const { nodeSigner } = await import('./sign.ts');
  const cms = signCms(content, [{ ...nodeSigner(kL.privateKey, l), chain: [a, b] }]);
  const r = await verifyCms(cms, base());
  assert.ok(codes(r).includes('CHAIN_LOOP'));
  assert.equal(r.valid, false);
  const selfRoot = makeCa({ name: 'UNTRUSTED ROOT' });
  const u = makeLeaf(selfRoot);
  assert.deepEqual(codes(await verifyCms(signCms(content, [{ ...u.signer, chain: [selfRoot.cert] }]), base())), ['CHAIN_UNTRUSTED']);
});

test('X-2: a two-level chain with the intermediate in the CMS or in the trust directory verifies; the top-most certificate is the anchor', async () => {
  const sub = makeCa({ name: 'JASHIK TEST SUB CA', issuer: ca });
  const l = makeLeaf(sub);
  const crls = [okCrl, makeCrl(sub)];
  const inCms = await verifyCms(signCms(content, [{ ...l.signer, chain: [sub.cert] }]), { trust: ca.trust, revocation: { crls } });
  assert.deepEqual(codes(inCms), []);
  assert.equal(inCms.signers[0].chain.length, 3);
  const trust = new TrustStore([sub.cert, ca.cert]);
  assert.deepEqual(trust.anchors.map((c) => c.subject.text), [ca.cert.subject.text]);
  const inTrust = await verifyCms(signCms(content, [l.signer]), { trust, revocation: { crls } });
  assert.deepEqual(codes(inTrust), []);
  // The intermediate's revocation is checked too: without the root's CRL it is unknown.
  const partial = await verifyCms(signCms(content, [l.signer]), { trust, revocation: { crls: [makeCrl(sub)] } });
  assert.deepEqual(codes(partial), ['REVOCATION_UNKNOWN']);
});

test('X-3: stored OCSP responses (offline validation data): good, revoked, and one from an unauthorised responder is unknown', async () => {
  const l = leaf();
  const cms = signCms(content, [l.signer]);
  const stored = (status: 'good' | 'revoked', responder = responderCert, key = responderKey.privateKey) => issueOcspResponse({
    issuer: ca.cert, responder, signer: keySigner(key), producedAt: new Date(), nextUpdate: new Date(Date.now() + 3600_000),
    entries: [{ certificate: l.cert, status, revokedAt: new Date(Date.now() - 60_000), reason: 'cessationOfOperation' }],
  });
  const good = await verifyCms(cms, base({ revocation: { ocspResponses: [stored('good')] } }));
  assert.equal(good.valid, true);
  assert.equal(good.signers[0].revocation[0].location, 'stored response');
  assert.deepEqual(codes(await verifyCms(cms, base({ revocation: { ocspResponses: [stored('revoked')] } }))), ['REVOKED']);
  // A responder certificate without the OCSPSigning EKU may not answer for the CA.
  const k = generateKey('rsa');
  const noEku = issueCertificate({ subject: [['CN', 'NOT A RESPONDER']], spki: spkiOf(k.publicKey), issuer: ca.cert, signer: ca.signer, serialNumber: nextSerial(), notBefore: new Date(Date.now() - YEAR), notAfter: new Date(Date.now() + YEAR), keyUsage: ['digitalSignature'] });
  const r = await verifyCms(cms, base({ revocation: { ocspResponses: [stored('good', noEku, k.privateKey)] } }));
  assert.deepEqual(codes(r), ['REVOCATION_UNKNOWN']);
  assert.match(r.signers[0].revocation[0].unknownReasons!.join(), /OCSPSigning/);
  // The CA itself may answer.
  const byCa = issueOcspResponse({ issuer: ca.cert, responder: ca.cert, signer: ca.signer, producedAt: new Date(), entries: [{ certificate: l.cert, status: 'good' }] });
  assert.equal((await verifyCms(cms, base({ revocation: { ocspResponses: [byCa] } }))).valid, true);
});
