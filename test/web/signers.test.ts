/**
 * The web cabinet's two signers (MB-5, MB-11): NCALayer through `ncalayer-js-client` against a
 * fake NCALayer WebSocket server on loopback that answers `kz.gov.pki.knca.basics` `sign` with a
 * real CMS; and the in-browser test signer (WebCrypto) on a PKCS#12 file as OpenSSL 3 and the
 * demo CA write it. Each CMS is checked by the server's own verifier.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { makeCa, makeLeaf, type TestCa, type TestLeaf } from '../../src/modules/pki/testkit.ts';
import { signCms } from '../../src/modules/pki/cms-sign.ts';
import { verifyCms } from '../../src/modules/pki/verify.ts';
import { parseSignedData } from '../../src/modules/pki/cms-parse.ts';
import { toPem } from '../../src/modules/pki/pem.ts';
import { ncaLayerSigner } from '../../web/src/signing/ncalayer-signer.ts';
import { loadTestKey, testSigner } from '../../web/src/signing/test-signer.ts';
import { SignerError } from '../../web/src/signing/signer.ts';

const DOC = new TextEncoder().encode('{"applicant":{"fullName":"ӘСЕЛ ҚАЗАҚОВА"},"nonce":"n-1","type":"jashik.application"}');
let ca: TestCa;
let leaf: TestLeaf;
let server: WebSocketServer;
let port = 0;
/** What the fake NCALayer does with the next `sign` request. */
let mode: 'sign' | 'cancel' | 'error' = 'sign';
const requests: Record<string, unknown>[] = [];

before(async () => {
  ca = makeCa();
  leaf = makeLeaf(ca);
  server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((r) => server.once('listening', () => r()));
  port = (server.address() as { port: number }).port;
  server.on('connection', (ws: WebSocket) => {
    // NCALayer greets every connection with its version.
    ws.send(JSON.stringify({ result: { version: '1.4' } }));
    ws.on('message', (raw) => {
      const req = JSON.parse(String(raw)) as { module: string; method: string; args?: Record<string, unknown> };
      requests.push(req);
      if (req.module !== 'kz.gov.pki.knca.basics') {
        ws.send(JSON.stringify({ code: '500', message: 'module not found' }));
        return;
      }
      if (req.method !== 'sign' || req.args?.format !== 'cms') {
        ws.send(JSON.stringify({ status: false, code: 'UNSUPPORTED', message: 'unsupported', details: req.method }));
        return;
      }
      if (mode === 'cancel') return void ws.send(JSON.stringify({ status: true, body: {} }));
      if (mode === 'error') return void ws.send(JSON.stringify({ status: false, code: 'STORAGE_ERROR', message: 'no token', details: 'none' }));
      const data = Buffer.from(String(req.args.data), 'base64');
      const params = req.args.signingParams as { encapsulate?: boolean };
      const cms = signCms(data, [leaf.signer], { detached: params.encapsulate === false });
      ws.send(JSON.stringify({ status: true, body: { result: [cms.toString('base64')] } }));
    });
  });
});

after(async () => {
  for (const c of server.clients) c.terminate();
  await new Promise<void>((r) => server.close(() => r()));
});

test('MB-11: the NCALayer signer sends a basics sign request and returns a CMS that the server verifies', async () => {
  mode = 'sign';
  requests.length = 0;
  const signer = ncaLayerSigner({ url: `ws://127.0.0.1:${port}` });
  const b64 = await signer.sign({ data: DOC, purpose: 'sign', locale: 'kk' });
  const sign = requests.find((r) => r.module === 'kz.gov.pki.knca.basics') as { method: string; args: Record<string, unknown> };
  assert.equal(sign.method, 'sign');
  assert.equal(sign.args.format, 'cms');
  assert.equal(sign.args.locale, 'kk');
  assert.deepEqual(Buffer.from(String(sign.args.data), 'base64'), Buffer.from(DOC));
  assert.equal((sign.args.signingParams as { encapsulate: boolean }).encapsulate, true);
  assert.deepEqual((sign.args.signerParams as { extKeyUsageOids: string[] }).extKeyUsageOids, ['1.3.6.1.5.5.7.3.4']);
  const cms = Buffer.from(b64, 'base64');
  assert.deepEqual(Buffer.from(parseSignedData(cms).eContent!), Buffer.from(DOC));
  const report = await verifyCms(cms, { trust: ca.trust, revocation: { mode: 'off' } });
  assert.equal(report.valid, true, JSON.stringify(report.errors));
});

test('MB-11: an EDS login asks NCALayer for an authentication key; detached signatures leave the data out', async () => {
  mode = 'sign';
  requests.length = 0;
  const b64 = await ncaLayerSigner({ url: `ws://127.0.0.1:${port}` }).sign({ data: DOC, purpose: 'auth', detached: true });
  const sign = requests.find((r) => r.module === 'kz.gov.pki.knca.basics') as { args: Record<string, unknown> };
  assert.deepEqual((sign.args.signerParams as { extKeyUsageOids: string[] }).extKeyUsageOids, ['1.3.6.1.5.5.7.3.2']);
  assert.equal((sign.args.signingParams as { encapsulate: boolean }).encapsulate, false);
  assert.equal(parseSignedData(Buffer.from(b64, 'base64')).eContent, undefined);
});

test('MB-11: NCALayer cancelled, failing or not running gives a coded signer error', async () => {
  mode = 'cancel';
  await assert.rejects(ncaLayerSigner({ url: `ws://127.0.0.1:${port}` }).sign({ data: DOC, purpose: 'sign' }), (e: unknown) => e instanceof SignerError && e.code === 'cancelled');
  mode = 'error';
  await assert.rejects(ncaLayerSigner({ url: `ws://127.0.0.1:${port}` }).sign({ data: DOC, purpose: 'sign' }), (e: unknown) => e instanceof SignerError && e.code === 'failed' && /STORAGE_ERROR/.test(e.message));
  // Nothing listens on this port: NCALayer is not running.
  const closed = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((r) => closed.once('listening', () => r()));
  const deadPort = (closed.address() as { port: number }).port;
  await new Promise<void>((r) => closed.close(() => r()));
  await assert.rejects(ncaLayerSigner({ url: `ws://127.0.0.1:${deadPort}` }).sign({ data: DOC, purpose: 'sign' }), (e: unknown) => e instanceof SignerError && e.code === 'unavailable');
});

test('MB-5: the test signer reads a PBES2 PKCS#12 file and makes a CMS (attached and detached) that the server verifies', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jashik-p12-'));
  try {
    const keyPem = path.join(dir, 'k.pem');
    const certPem = path.join(dir, 'c.pem');
    const caPem = path.join(dir, 'ca.pem');
    fs.writeFileSync(keyPem, leaf.key.export({ type: 'pkcs8', format: 'pem' }) as string, { mode: 0o600 });
    fs.writeFileSync(certPem, toPem(leaf.cert.der, 'CERTIFICATE'));
    fs.writeFileSync(caPem, toPem(ca.cert.der, 'CERTIFICATE'));
    const p12 = path.join(dir, 'k.p12');
    execFileSync('openssl', ['pkcs12', '-export', '-inkey', keyPem, '-in', certPem, '-certfile', caPem, '-out', p12, '-passout', 'env:PW'], { env: { ...process.env, PW: 'Demo-Пароль-1' } });
    const file = fs.readFileSync(p12);
    const ab = file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength);

    await assert.rejects(loadTestKey(ab, 'wrong'), (e: unknown) => e instanceof SignerError && e.code === 'bad_password');
    await assert.rejects(loadTestKey(new Uint8Array([1, 2, 3]).buffer, 'x'), (e: unknown) => e instanceof SignerError && e.code === 'bad_file');

    const key = await loadTestKey(ab, 'Demo-Пароль-1');
    assert.match(key.subject, /TESTOV/);
    const signer = testSigner(key);
    assert.equal(signer.kind, 'test');
    const attached = Buffer.from(await signer.sign({ data: DOC, purpose: 'sign' }), 'base64');
    assert.deepEqual(Buffer.from(parseSignedData(attached).eContent!), Buffer.from(DOC));
    const r1 = await verifyCms(attached, { trust: ca.trust, revocation: { mode: 'off' } });
    assert.equal(r1.valid, true, JSON.stringify(r1.errors));
    const detached = Buffer.from(await signer.sign({ data: DOC, purpose: 'sign', detached: true }), 'base64');
    const r2 = await verifyCms(detached, { trust: ca.trust, content: DOC, revocation: { mode: 'off' } });
    assert.equal(r2.valid, true, JSON.stringify(r2.errors));
    const other = await verifyCms(detached, { trust: ca.trust, content: new TextEncoder().encode('{}'), revocation: { mode: 'off' } });
    assert.equal(other.valid, false);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
