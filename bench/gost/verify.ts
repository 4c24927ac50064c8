/**
 * GOST benchmark: bare GOST 34.10-2015 512-bit verifications per second on one core, this
 * module against @wavesenterprise/crypto-gost-js (the pure-JS reference), on the same inputs;
 * plus Streebog-512 and GOST R 34.11-94 throughput. Bounded: about 15 s.
 *
 *   node --import tsx bench/gost/verify.ts [--seconds=N]   (N = time per measurement, default 2)
 *
 * Cases:
 *  - CA key: the real NCA test root's self-signature, verified again and again (the chain case:
 *    CA keys are met on every verification, so this module keeps a precomputed table for them).
 *  - first-seen key: a fresh signer key every time (the key cache is emptied before each call,
 *    so parsing, the on-curve check and the per-key table are all paid).
 */
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { gostGenerateKey, gostHash, gostPublicKeyFromCertificate, gostSign, gostVerify } from '../../src/modules/pki/gost/index.ts';
import { clearKeyCache } from '../../src/modules/pki/gost/sign.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const seconds = Number(process.argv.find((a) => a.startsWith('--seconds='))?.split('=')[1] ?? 2);

interface RefSign {
  verify(publicKey: ArrayBuffer, signature: ArrayBuffer, data: ArrayBuffer): boolean;
}
const require = createRequire(import.meta.url);
const { GostEngine } = require('@wavesenterprise/crypto-gost-js') as { GostEngine: { getGostSign(a: object): RefSign } };
const ref = GostEngine.getGostSign({ name: 'GOST R 34.10', version: 2012, length: 512, namedCurve: 'T-512-A' });
const ab = (u: Uint8Array): ArrayBuffer => new Uint8Array(u).buffer;

/** Calls per second of fn, run for `secs` after a short warm-up; fn returns false on a wrong answer. */
function rate(name: string, secs: number, fn: (i: number) => boolean, warmup = 3): number {
  for (let i = 0; i < warmup; i++) if (!fn(i)) throw new Error(`${name}: wrong result`);
  let n = 0;
  const t0 = performance.now();
  const end = t0 + secs * 1000;
  while (performance.now() < end) {
    if (!fn(n)) throw new Error(`${name}: wrong result`);
    n++;
  }
  const r = n / ((performance.now() - t0) / 1000);
  console.log(`  ${name.padEnd(44)} ${r.toFixed(1).padStart(9)} /s  (${n} runs)`);
  return r;
}

// Inputs: a real NCA signature (the 2015 test root signing its own TBSCertificate).
const rootDer = new Uint8Array(fs.readFileSync(path.resolve(here, '../../../shared/fixtures/nca-test/ca/root_test_gost_2022.cer')));
const rootKey = gostPublicKeyFromCertificate(rootDer).publicKey;
const { tbs, signature } = certificateTbsAndSignature(rootDer);
const tbsDigest = gostHash('streebog512', tbs);

// First-seen keys: 40 fresh key pairs, each signing the same digest.
const fresh = Array.from({ length: 40 }, () => {
  const k = gostGenerateKey('tc26-512-a');
  return { publicKey: k.publicKey, signature: gostSign('tc26-512-a', k.privateKey, tbsDigest) };
});

console.log(`GOST 34.10-2015 512-bit (tc26-512-A) verify, one core, ${seconds} s per measurement`);
const oursCa = rate('jashik, CA key (same key each time)', seconds, () => gostVerify('tc26-512-a', rootKey, tbsDigest, signature), 10);
const refCa = rate('crypto-gost-js, same inputs', seconds * 1.5, () => ref.verify(ab(rootKey), ab(signature), ab(tbsDigest)), 1);
const oursFresh = rate('jashik, first-seen key (cache emptied)', seconds, (i) => {
  clearKeyCache();
  const f = fresh[i % fresh.length];
  return gostVerify('tc26-512-a', f.publicKey, tbsDigest, f.signature);
});
const refFresh = rate('crypto-gost-js, same inputs', seconds * 1.5, (i) => {
  const f = fresh[i % fresh.length];
  return ref.verify(ab(f.publicKey), ab(f.signature), ab(tbsDigest));
}, 1);
console.log(`  ratio, CA key:          ${(oursCa / refCa).toFixed(1)}×  (target ≥ 10×)`);
console.log(`  ratio, first-seen key:  ${(oursFresh / refFresh).toFixed(1)}×  (target ≥ 10×)`);

console.log('Hash throughput, one core');
const MB = new Uint8Array(1 << 20).map((_, i) => (i * 131) & 0xff);
const s512 = rate('Streebog-512, 1 MiB buffers (MB/s)', seconds, () => gostHash('streebog512', MB).length === 64, 1);
const s256 = rate('Streebog-256, 1 MiB buffers (MB/s)', seconds / 2, () => gostHash('streebog256', MB).length === 32, 1);
const g94 = rate('GOST R 34.11-94 test S-box, 1 MiB (MB/s)', seconds / 2, () => gostHash('gost94-test', MB).length === 32, 1);
const small = new Uint8Array(1024).fill(7);
const s1k = rate('Streebog-512 of a 1 KB TBSCertificate-sized input', seconds / 2, () => gostHash('streebog512', small).length === 64);
console.log(`  (Streebog-512 ${s512.toFixed(1)} MB/s, Streebog-256 ${s256.toFixed(1)} MB/s, GOST 94 ${g94.toFixed(1)} MB/s, 1 KB: ${(1e6 / s1k).toFixed(0)} µs)`);

/** TBSCertificate and signature value of a DER certificate (lengths in long form ≤ 2 octets). */
function certificateTbsAndSignature(der: Uint8Array): { tbs: Uint8Array; signature: Uint8Array } {
  const hdr = (pos: number): { start: number; end: number; value: number } => {
    let len = der[pos + 1];
    let value = pos + 2;
    if (len & 0x80) {
      const n = len & 0x7f;
      len = 0;
      for (let i = 0; i < n; i++) len = len * 256 + der[value + i];
      value += n;
    }
    return { start: pos, end: value + len, value };
  };
  const outer = hdr(0);
  const tbsT = hdr(outer.value);
  const alg = hdr(tbsT.end);
  const bits = hdr(alg.end);
  return { tbs: der.subarray(tbsT.start, tbsT.end), signature: der.subarray(bits.value + 1, bits.end) };
}
