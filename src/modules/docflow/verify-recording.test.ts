/**
 * The validation data kept with a document (DF-14) holds the revocation answers its
 * verification used, whether fetched for it or reused from the revocation caches.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { signCms } from '../pki/cms-sign.ts';
import { parseOcspRequest } from '../pki/ocsp.ts';
import type { Fetcher, RevocationOptions } from '../pki/revocation.ts';
import { makeCa, makeCrl, makeLeaf } from '../pki/testkit.ts';
import { issueOcspResponse } from '../pki/x509-build.ts';
import { verifyRecording } from './verify-recording.ts';

const ca = makeCa();
const content = Buffer.from('{"type":"letter","version":1}');

/** Test double of an OCSP responder and CRL server: answers in-process and counts the requests. */
function responderDouble() {
  const served: { url: string; body: Buffer }[] = [];
  const fetcher: Fetcher = async (url, req) => {
    let body: Buffer;
    if (req.method === 'GET') body = makeCrl(ca);
    else {
      const q = parseOcspRequest(req.body!);
      const now = new Date();
      body = issueOcspResponse({
        issuer: ca.cert, responder: ca.cert, signer: ca.signer, producedAt: now, nextUpdate: new Date(now.getTime() + 3600_000),
        entries: [{ certificate: leaf.cert, status: 'good' }], nonce: q.nonce,
      });
    }
    served.push({ url, body });
    return body;
  };
  return { served, fetcher };
}
const leaf = makeLeaf(ca);
const cms = signCms(content, [leaf.signer]);

async function twice(revocation: RevocationOptions) {
  const trust = { trustStore: async () => ca.trust, revocation: async () => revocation };
  const first = await verifyRecording(trust, cms, { receivedAt: new Date() });
  const second = await verifyRecording(trust, cms, { receivedAt: new Date() });
  return { first, second };
}

test('DF-14: a document verified with a cached OCSP answer keeps that answer\'s bytes, as one verified with a fetched answer does', async () => {
  const r = responderDouble();
  const url = 'http://ocsp.test.invalid/ocsp-recording';
  const { first, second } = await twice({ ocspUrls: [url], fetcher: r.fetcher, ocspCacheSeconds: 300 });
  assert.equal(first.report.valid, true);
  assert.equal(second.report.valid, true);
  assert.equal(r.served.length, 1, 'the second verification reused the answer');
  assert.equal(second.report.signers[0].revocation[0].cached, true);
  assert.deepEqual(first.validation.map((v) => [v.kind, v.source, Buffer.from(v.der)]), [['ocsp', url, r.served[0].body]]);
  assert.deepEqual(second.validation.map((v) => [v.kind, v.source, Buffer.from(v.der)]), [['ocsp', url, r.served[0].body]]);
});

test('DF-14: a document verified with a cached downloaded CRL keeps the CRL\'s bytes', async () => {
  const r = responderDouble();
  const url = `http://crl.test.invalid/recording-${Date.now()}.crl`;
  const { first, second } = await twice({ crlUrls: [url], fetcher: r.fetcher });
  assert.equal(second.report.valid, true);
  assert.equal(r.served.length, 1, 'the CRL is downloaded once (kept until its nextUpdate)');
  assert.deepEqual(second.validation.map((v) => [v.kind, v.source, Buffer.from(v.der)]), [['crl', url, r.served[0].body]]);
  assert.deepEqual(first.validation, second.validation);
});
