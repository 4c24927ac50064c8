/**
 * Seeded mutation fuzzing (SPEC X-2, DF-8): thousands of mutants of CMS signatures jashik
 * makes (RSA, ECDSA, detached, two signers, GOST when present), of a BER CMS from openssl
 * -stream, and of the NCA fixtures. The verifier and parsers must never throw anything but a
 * coded AppError, and a report may say
 * `valid` only when the signed bytes (content, signed attributes, signature values) are
 * exactly the original ones. Bounded to ~20 s; the seed is printed and can be replayed with
 * JASHIK_FUZZ_SEED=<seed>.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { isAppError } from '../../shared/errors.ts';
import { parseCertificate } from './certificate.ts';
import { parseSignedData } from './cms-parse.ts';
import { signCms } from './cms-sign.ts';
import { parseCrl } from './crl.ts';
import { loadGost } from './gost-bridge.ts';
import { parseOcspResponse } from './ocsp.ts';
import { toPem } from './pem.ts';
import { loadP12Signer } from './sign.ts';
import { makeCa, makeLeaf } from './testkit.ts';
import { TrustStore } from './trust.ts';
import { parseTstInfo, verifyTimestampToken } from './tsp.ts';
import { verifyCms, type VerifyOptions } from './verify.ts';

const FIXTURES = path.resolve(import.meta.dirname, '../../../../shared/fixtures/nca-test');
const seed = Number(process.env.JASHIK_FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
console.log(`# fuzz seed ${seed} (replay: JASHIK_FUZZ_SEED=${seed})`);

function mulberry32(a: number): () => number {
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rnd = mulberry32(seed);
const pick = (n: number) => Math.floor(rnd() * n);

/** One random mutation: bit flip, byte set, insert, delete, truncate, or a length-octet tweak. */
function mutate(src: Uint8Array, hot?: [number, number][]): Buffer {
  const b = Buffer.from(src);
  // Half the time aim at the signed regions, where a missed check would matter most.
  const pos = hot && rnd() < 0.5 ? (() => { const [s, e] = hot[pick(hot.length)]; return s + pick(Math.max(1, e - s)); })() : pick(b.length);
  switch (pick(6)) {
    case 0: b[pos] ^= 1 << pick(8); return b;
    case 1: b[pos] = pick(256); return b;
    case 2: return Buffer.concat([b.subarray(0, pos), Buffer.from([pick(256)]), b.subarray(pos)]);
    case 3: return Buffer.concat([b.subarray(0, pos), b.subarray(pos + 1)]);
    case 4: return b.subarray(0, pos);
    default: b[pos] = [0x80, 0x81, 0x82, 0x84, 0xff, 0x00][pick(6)]; return b;
  }
}

function signedBytes(cms: Uint8Array): string[] {
  const sd = parseSignedData(cms);
  return [Buffer.from(sd.eContent ?? []).toString('hex'), ...sd.signers.flatMap((s) => [Buffer.from(s.signedAttrsDer ?? []).toString('hex'), Buffer.from(s.signature).toString('hex')])];
}

function hotRanges(cms: Uint8Array): [number, number][] {
  const sd = parseSignedData(cms);
  return [...(sd.eContentRange ? [sd.eContentRange] : []), ...sd.signers.flatMap((s) => [s.range.signature, ...(s.range.signedAttrs ? [s.range.signedAttrs] : [])])];
}

function mustBeCoded(err: unknown, what: string): void {
  if (!isAppError(err)) assert.fail(`${what}: uncoded error (seed ${seed}): ${(err as Error)?.stack ?? err}`);
}

interface Case { name: string; cms: Buffer; opts: VerifyOptions; weight: number }

test(`X-2, DF-8: mutation fuzz of the verifier (seed ${seed})`, { timeout: 60_000 }, async () => {
  const ca = makeCa();
  const ec = makeCa({ alg: 'p256' });
  const trust = new TrustStore([ca.cert, ec.cert], 'all');
  const content = Buffer.from('{"type":"evidence","version":1,"hash":"00ff"}');
  const rsa = makeLeaf(ca);
  const p256 = makeLeaf(ec, { alg: 'p256' });
  const off = { mode: 'off' as const };
  const cases: Case[] = [
    { name: 'rsa attached', cms: signCms(content, [rsa.signer]), opts: { trust, revocation: off }, weight: 4 },
    { name: 'ecdsa attached', cms: signCms(content, [p256.signer]), opts: { trust, revocation: off }, weight: 2 },
    { name: 'rsa detached', cms: signCms(content, [rsa.signer], { detached: true }), opts: { trust, content, revocation: off }, weight: 2 },
    { name: 'two signers', cms: signCms(content, [rsa.signer, p256.signer]), opts: { trust, revocation: off }, weight: 2 },
  ];
  {
    // BER as openssl -stream writes it (indefinite lengths, constructed eContent): re-encoded before reading.
    const dir = mkdtempSync(path.join(tmpdir(), 'jashik-fuzz-'));
    try {
      const f = (n: string, d: string | Uint8Array) => (writeFileSync(path.join(dir, n), d), path.join(dir, n));
      execFileSync('openssl', ['cms', '-sign', '-stream', '-binary', '-nodetach', '-in', f('c.json', content), '-signer', f('c.pem', toPem(rsa.cert.der, 'CERTIFICATE')),
        '-inkey', f('k.pem', rsa.key.export({ type: 'pkcs8', format: 'pem' }) as string), '-outform', 'DER', '-out', path.join(dir, 'ber.p7s')], { stdio: 'ignore' });
      cases.push({ name: 'rsa attached BER', cms: readFileSync(path.join(dir, 'ber.p7s')), opts: { trust, revocation: off }, weight: 2 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  if (await loadGost()) {
    const g = await loadP12Signer(readFileSync(path.join(FIXTURES, 'keys/individual_valid.p12')), 'Qwerty12');
    const gtrust = new TrustStore([parseCertificate(readFileSync(path.join(FIXTURES, 'ca/nca_gost2015_test.cer')))]);
    cases.push({ name: 'gost 2015', cms: signCms(content, [g]), opts: { trust: gtrust, at: new Date('2026-06-01T00:00:00Z'), revocation: off }, weight: 1 });
  }
  for (const c of cases) assert.equal((await verifyCms(c.cms, c.opts)).valid, true, `${c.name} must verify before mutation`);
  const weighted = cases.flatMap((c) => Array.from({ length: c.weight }, () => c));
  const original = new Map(cases.map((c) => [c.name, { bytes: signedBytes(c.cms), hot: hotRanges(c.cms) }]));

  let n = 0;
  let rejected = 0;
  const deadline = performance.now() + 15_000;
  while ((performance.now() < deadline || n < 2000) && n < 40_000) {
    const c = weighted[pick(weighted.length)];
    const o = original.get(c.name)!;
    const m = mutate(c.cms, o.hot);
    n++;
    let report;
    try {
      report = await verifyCms(m, c.opts);
    } catch (err) {
      mustBeCoded(err, `${c.name} mutant ${n}`);
      rejected++;
      continue;
    }
    if (report.valid) assert.deepEqual(signedBytes(m), o.bytes, `${c.name}: a mutant with changed signed bytes was reported valid (seed ${seed}, case ${n})`);
    else rejected++;
  }
  console.log(`# fuzz: ${n} verifier mutants, ${rejected} rejected, ${n - rejected} valid with the signed bytes intact`);
  assert.ok(n >= 2000);
});

test(`X-2: mutation fuzz of the fixture parsers (seed ${seed})`, { timeout: 30_000 }, async () => {
  const files = ['ca', 'certs', 'crl', 'ocsp', 'tsp'].flatMap((d) => readdirSync(path.join(FIXTURES, d)).map((f) => `${d}/${f}`));
  const inputs = files.map((f) => ({ f, data: readFileSync(path.join(FIXTURES, f)) }));
  const gost = await loadGost();
  const trust = new TrustStore([parseCertificate(readFileSync(path.join(FIXTURES, 'ca/nca_gost_test.crt')))]);
  let n = 0;
  const deadline = performance.now() + 5_000;
  while (performance.now() < deadline || n < 2000) {
    const { f, data } = inputs[pick(inputs.length)];
    const m = mutate(data);
    n++;
    try {
      if (f.startsWith('ca/') || f.startsWith('certs/')) parseCertificate(m);
      else if (f.startsWith('crl/')) parseCrl(m);
      else if (f.startsWith('ocsp/')) parseOcspResponse(m);
      else if (f.endsWith('tsp_token.bin')) {
        const sd = parseSignedData(m);
        if (sd.eContent) parseTstInfo(sd.eContent);
        if (gost) {
          const r = verifyTimestampToken(m, undefined, trust, new Date());
          if (r.valid) assert.deepEqual(signedBytes(m), signedBytes(data), `a changed timestamp token verified (seed ${seed})`);
        }
      }
    } catch (err) {
      mustBeCoded(err, `${f} mutant ${n}`);
    }
  }
  console.log(`# fuzz: ${n} fixture mutants parsed or refused with coded errors`);
});
