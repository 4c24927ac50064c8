/**
 * Docflow benchmark (issue 7): incoming documents fully processed on the automatic path per
 * second on one core — the `docflow.check-incoming` job's transaction: verification of 2
 * signatures (the official's content CMS and the records officer's RCC) with chain and OCSP
 * answers from a local responder (cached as the policy allows), primary
 * processing, registration in the incoming journal, the receipt signed with the
 * information-system key, operator evidence and audit rows — against the same cryptographic
 * operations done bare in the same run (2 signature verifications, 2 certificate-signature
 * verifications, 2 OCSP-signature verifications and 1 signature). Prints both and the ratio,
 * for RSA-2048 (Node's crypto) and GOST 34.10-2015 512 (the Kalkan fixture key of the NCA test
 * set; the bare figure uses the same GOST code the signatures module uses).
 *
 * The automatic path signs the receipt (information-system key) for every document and the
 * operator evidence about the receipts (X-3, operator key) once per batch (batch evidence: one
 * signature over a manifest of the batch's evidence documents). The issue's bare figure counts
 * one signature; a second bare figure counts two (one evidence signature per document, as
 * before batch evidence), and both ratios are printed. Certificate and
 * OCSP-answer signatures recur from document to document (the same officials, answers reused)
 * and the signatures module checks each once per process (memoised by their bytes); the
 * documents' own signatures and content digests are verified for every document.
 *
 * Revocation goes the production way: the responder is a local OCSP server on loopback HTTP
 * (answers signed by the CA, nextUpdate an hour on, the request's nonce echoed), asked through
 * `httpFetcher` with revocation options as src/app/docflow-wiring.ts builds them, and its
 * answers are reused for JASHIK_OCSP_CACHE_SECONDS (the production default unless set; 0 asks
 * on every verification). The responder runs in this process, so its signing counts in the
 * CPU figure; the number of requests it answered in the timed window is printed.
 *
 * Documents are processed by `--concurrency` lanes at once (default 4, as many as the job worker
 * runs by default: JASHIK_JOB_CONCURRENCY), in ONE Node process (one core for jashik; PostgreSQL is a
 * separate process). Each lane takes `--batch` deliveries at a time (default CHECK_BATCH, what
 * the worker claims of this kind) and runs them through the job's batch entry point
 * (`docflowJobHandlers(...)['docflow.check-incoming'].batch.run`) in one transaction, as the
 * worker does; the worker's own claim and done-mark statements are not timed (one each per
 * batch). `--batch=1` times the one-job-per-transaction path (`checkIncoming`). Deliveries are
 * created before the timed window: `--documents` documents (default 64) each sent to enough of
 * B's organisation's mailboxes for about 2,600 deliveries, in recipient order, so the
 * deliveries of a batch (CHECK_BATCH by default) are different documents, each with its own content file to read —
 * as in production, where a document usually has one recipient (with only a few documents a
 * batch would share content files and look cheaper than it is); the rate is documents finished
 * / wall time. `--concurrency=1` gives the
 * sequential figure. Pin to a core with `taskset -c 0 …` when measuring on an idle machine.
 *
 * Full processing and the bare figures are timed in alternating slices (one round per two seconds
 * of `--seconds`: a slice of full processing, then half as long of each bare figure; a full slice
 * ends when its last batch commits, so its tail, with lanes idle, counts against it), so a change
 * in the machine's speed during the run — a shared VM's neighbours — moves both sides of the
 * ratio alike; measured one after the other, the bare figure alone swung by ±10% between runs.
 *
 * Also printed: the CPU per document of the Node process and of this machine's PostgreSQL
 * processes (read from /proc over the timed window; PostgreSQL shares the machine's other CPU).
 *
 *   node --import tsx bench/docflow/run.ts [--seconds=N] [--concurrency=N] [--batch=N] [--documents=N] [--deliveries=N] [--alg=rsa|gost|both]
 *
 * A run stops early when its deliveries run out (about 2,600 by default, some 6 s of full
 * processing here); for a longer run, which averages more of the machine's drift, raise
 * `--deliveries` with `--seconds` (e.g. `--seconds=20 --deliveries=9000`).
 */
import fs from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import path from 'node:path';
import { createPublicKey, verify as nodeVerify, type KeyObject } from 'node:crypto';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { ensureEmbeddedPostgres, type EmbeddedServer } from '../../src/storage/db/embedded-postgres.ts';
import { createTestDatabase } from '../../test/support/test-database.ts';
import { CHECK_BATCH, checkIncoming } from '../../src/modules/docflow/check-incoming.ts';
import { docflowJobHandlers } from '../../src/modules/docflow/jobs.ts';
import { createLogger } from '../../src/shared/logger.ts';
import type { JobRecord } from '../../src/storage/jobs/job-worker.ts';
import { scene, type SceneKeys } from '../../src/modules/docflow/flow-fixture.ts';
import { makePerson, type TestReceiptKeysDouble } from '../../src/modules/docflow/testing.ts';
import { loadGost } from '../../src/modules/pki/gost-bridge.ts';
import { loadP12Signer } from '../../src/modules/pki/sign.ts';
import { parseOcspRequest } from '../../src/modules/pki/ocsp.ts';
import { httpFetcher, type RevocationOptions } from '../../src/modules/pki/revocation.ts';
import { loadConfig } from '../../src/config.ts';
import { nextSerial, YEAR, type TestCa } from '../../src/modules/pki/testkit.ts';
import { TrustStore } from '../../src/modules/pki/trust.ts';
import { issueCertificate, issueOcspResponse, type RawSigner } from '../../src/modules/pki/x509-build.ts';
import type { Certificate } from '../../src/modules/pki/x509.ts';

const arg = (name: string, dflt: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? dflt;
const seconds = Number(arg('seconds', '10'));
const concurrency = Number(arg('concurrency', '4'));
const documents = Math.max(1, Number(arg('documents', '64')));
// About 2,600 deliveries by default (some 6 s of full processing here); more for longer runs.
const recipientsPerDocument = Math.ceil(Math.max(1, Number(arg('deliveries', '2600'))) / documents);
const batchSize = Math.max(1, Number(arg('batch', String(CHECK_BATCH))));
const algs = arg('alg', 'both') === 'both' ? ['rsa', 'gost'] : [arg('alg', 'both')];
const FIXTURES = process.env.JASHIK_NCA_FIXTURES ?? '/work/shared/fixtures/nca-test';
// What production reuses OCSP answers for (its default, or JASHIK_OCSP_CACHE_SECONDS when set).
const ocspCacheSeconds = loadConfig({ JASHIK_OCSP_CACHE_SECONDS: process.env.JASHIK_OCSP_CACHE_SECONDS }).ocspCacheSeconds;

// Round trips to PostgreSQL, counted for the figure "queries per document".
let queries = 0;
const clientQuery = pg.Client.prototype.query;
pg.Client.prototype.query = function (this: pg.Client, ...a: unknown[]) {
  queries++;
  return (clientQuery as (...x: unknown[]) => unknown).apply(this, a);
} as typeof pg.Client.prototype.query;

let server: EmbeddedServer | undefined;
if (process.env.JASHIK_DATABASE_URL) process.env.JASHIK_TEST_ADMIN_URL = process.env.JASHIK_DATABASE_URL;
else {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'jashik-bench-docflow-'));
  fs.chmodSync(tmp, 0o755);
  server = await ensureEmbeddedPostgres(tmp);
  process.env.JASHIK_TEST_ADMIN_URL = server.adminUrl;
}

/** GOST 2015: a test CA and people that all use the Kalkan fixture key pair (the costs are those of its algorithm). */
async function gostKeys(): Promise<SceneKeys & { bare: (signatures: number) => void }> {
  const der = fs.readFileSync(path.join(FIXTURES, 'keys/individual_valid.p12'));
  const kalkan = await loadP12Signer(der, 'Qwerty12');
  const g = (await loadGost())!;
  const raw: RawSigner = { signatureAlgorithm: kalkan.signatureAlgorithm, sign: (d) => kalkan.sign(d) };
  const now = Date.now();
  const caCert = issueCertificate({
    subject: [['CN', 'JASHIK TEST GOST 2015 CA'], ['C', 'KZ']], spki: kalkan.certificate.spki, signer: raw,
    serialNumber: nextSerial(), notBefore: new Date(now - YEAR), notAfter: new Date(now + 5 * YEAR), ca: true,
  });
  const ca = { cert: caCert, key: undefined as unknown as KeyObject, signer: raw, trust: new TrustStore([caCert]) } satisfies TestCa;
  const keyPair = { spki: kalkan.certificate.spki, signerFor: (cert: Certificate) => ({ ...kalkan, certificate: cert, chain: [] }) };
  const { publicKey, info } = g.gostPublicKeyFromSpki(kalkan.certificate.spki);
  const data = Buffer.alloc(200, 1);
  const sig = kalkan.sign(data);
  return {
    ca, makePerson: (c, o) => makePerson(c, { ...o, keyPair }),
    bare: (signatures) => {
      for (let i = 0; i < 6; i++) if (!g.gostVerify(info.curve, publicKey, g.gostHash(info.hash, data), sig)) throw new Error('bare GOST verify failed');
      for (let i = 0; i < signatures; i++) kalkan.sign(data);
    },
  };
}


/** A local OCSP responder on loopback HTTP: the CA's answer about the requested certificate, with the request's nonce. */
async function ocspResponder(ca: TestCa, certs: Certificate[]) {
  const bySerial = new Map(certs.map((c) => [c.serialNumber, c]));
  let asked = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      asked++;
      try {
        const q = parseOcspRequest(Buffer.concat(chunks));
        const cert = bySerial.get(q.serialNumber);
        if (!cert) throw new Error(`no certificate with serial ${q.serialNumber}`);
        const now = new Date();
        res.setHeader('content-type', 'application/ocsp-response');
        res.end(issueOcspResponse({ issuer: ca.cert, responder: ca.cert, signer: ca.signer, entries: [{ certificate: cert, status: 'good' }], producedAt: now, nextUpdate: new Date(now.getTime() + 3600_000), nonce: q.nonce }));
      } catch {
        res.statusCode = 400;
        res.end();
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/ocsp`,
    asked: () => asked,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/**
 * CPU milliseconds used so far by this machine's PostgreSQL processes (from /proc; undefined where
 * there is none to read): the database's share of the work, which runs beside the Node process.
 */
function postgresCpuMs(): number | undefined {
  let ticks = 0;
  let found = false;
  let pids: string[];
  try {
    pids = fs.readdirSync('/proc').filter((x) => /^\d+$/.test(x));
  } catch {
    return undefined;
  }
  for (const pid of pids) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      if (!stat.includes('(postgres)')) continue;
      // Fields after the command: state is field 3; utime and stime are fields 14 and 15 (proc(5)).
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(f[11]) + Number(f[12]);
      found = true;
    } catch {
      // the process ended meanwhile
    }
  }
  return found ? ticks * 10 : undefined; // USER_HZ is 100 on Linux
}

async function measure(label: string, keys: (SceneKeys & { bare: (signatures: number) => void }) | undefined) {
  const t = await createTestDatabase();
  const s = await scene(t.database, { keys });
  const responder = await ocspResponder(s.ca, [s.A.signatory.cert, s.A.officer.cert]);
  // As src/app/docflow-wiring.ts builds them (the certificates here carry no AIA URL, so the responder is named).
  const revocation: RevocationOptions = { ocspUrls: [responder.url], fetcher: httpFetcher, timeoutMs: 10_000, ocspCacheSeconds };
  s.deps.trust = { trustStore: async () => s.ca.trust, revocation: async () => ({ ...revocation }) };
  const isKey = s.makePerson(s.ca, { bin: s.B.bin!, informationSystem: true });

  // Documents and recipients (B's organisation, many mailboxes): deliveries made up front.
  const docs: string[] = [];
  for (let i = 0; i < documents; i++) {
    const { id } = await s.draft();
    await s.signAll(id, s.A.signatory);
    await s.register(id);
    docs.push(id);
  }
  const recipients = await t.database.db.execute<{ id: string }>(sql`
    insert into mailboxes (login, address, kind, official, bin, display_name)
    select 'bench' || g || ${label}, 'bench' || g || ${label} || '@pochta.localhost', 'organisation', true, ${s.B.bin}, '«Алушы» ЖШС'
    from generate_series(1, ${recipientsPerDocument}::int) g returning id`);
  // The receipt key, timed: what one receipt signature costs inside full processing, printed
  // beside what one costs bare (the same key type and size, from the bare slices).
  const receiptSigning = { n: 0, ms: 0 };
  const receiptSigner = { ...isKey.signer, sign: (d: Uint8Array) => {
    const t0 = performance.now();
    try {
      return isKey.signer.sign(d);
    } finally {
      receiptSigning.ms += performance.now() - t0;
      receiptSigning.n++;
    }
  } };
  for (const r of [{ id: s.B.id }, ...recipients.rows]) (s.deps.receiptKeys as TestReceiptKeysDouble).keys.set(r.id, receiptSigner);
  const deliveries = await t.database.db.execute<{ id: string }>(sql`
    insert into docflow_deliveries (document_id, sender_mailbox_id, recipient_mailbox_id, sent_at, received_at, status)
    select d, ${s.A.id}::uuid, r.id, now(), now(), 'checking' from unnest(${`{${docs.join(',')}}`}::uuid[]) d, mailboxes r
    where r.login like ${`bench%${label}`} order by r.login, d returning id`);
  const queue = deliveries.rows.map((r) => r.id);

  const batchRun = docflowJobHandlers(s.deps)['docflow.check-incoming'].batch!.run;
  const log = createLogger('silent');
  let jobId = 0;
  /** One transaction, as the job worker runs a claimed batch (or, with --batch=1, one job). */
  const processBatch = async (deliveryIds: string[]) => {
    if (batchSize === 1) {
      const r = await t.database.db.transaction((tx) => checkIncoming(tx, s.deps, deliveryIds[0]));
      if (r?.outcome !== 'positive') throw new Error(`unexpected outcome ${JSON.stringify(r?.reasons)}`);
      return;
    }
    const jobs: JobRecord[] = deliveryIds.map((deliveryId) => ({ id: ++jobId, kind: 'docflow.check-incoming', version: 1, payload: { deliveryId }, attempts: 1, maxAttempts: 5 }));
    const outcomes = await t.database.db.transaction((tx) => batchRun(jobs, { tx, log }));
    const failed = outcomes.find((o) => o);
    if (failed) throw failed;
  };
  for (let i = 0; i < 2; i++) await processBatch(queue.splice(0, batchSize));
  const pos = await t.database.db.execute<{ n: string }>(sql`select count(*) as n from docflow_deliveries where status = 'accepted'`);
  if (Number(pos.rows[0].n) !== Math.min(2 * batchSize, deliveries.rows.length)) throw new Error(`warm-up: ${pos.rows[0].n} deliveries accepted`);
  // The same cryptographic work, bare: 6 verifications and 1 signature (the issue's figure), and
  // with the evidence signature as well (2 signatures).
  const bareOnce = keys?.bare ?? (() => {
    const pub = createPublicKey({ key: Buffer.from(s.A.signatory.cert.spki), format: 'der', type: 'spki' });
    const data = Buffer.alloc(200, 1);
    const sig = s.A.signatory.signer.sign(data);
    return (signatures: number) => {
      for (let i = 0; i < 6; i++) if (!nodeVerify('sha256', data, pub, sig)) throw new Error('bare RSA verify failed');
      for (let i = 0; i < signatures; i++) s.A.signatory.signer.sign(data);
    };
  })();
  type Tally = { n: number; ms: number; cpuUs: number; idleMs: number };
  const tally = (): Tally => ({ n: 0, ms: 0, cpuUs: 0, idleMs: 0 });
  const timed = async (into: Tally, work: () => Promise<number> | number) => {
    const c0 = process.cpuUsage();
    const e0 = performance.eventLoopUtilization();
    const t0 = performance.now();
    into.n += await work();
    into.ms += performance.now() - t0;
    into.idleMs += performance.eventLoopUtilization(e0).idle;
    const c = process.cpuUsage(c0);
    into.cpuUs += c.user + c.system;
  };
  const bareSlice = (signatures: number, ms: number) => {
    let m = 0;
    const b0 = performance.now();
    while (performance.now() - b0 < ms) {
      bareOnce(signatures);
      m++;
    }
    return m;
  };
  // A slice of full processing: the lanes take batches until the slice ends, and the slice
  // counts until the last lane's batch is committed (its tail is in the full figure's time).
  const fullSlice = async (ms: number) => {
    let m = 0;
    const end = performance.now() + ms;
    await Promise.all(Array.from({ length: Math.max(1, concurrency) }, async () => {
      while (performance.now() < end && queue.length) {
        const ids = queue.splice(0, batchSize);
        await processBatch(ids);
        m += ids.length;
      }
    }));
    return m;
  };

  // Full and bare are measured in alternating slices, so that the machine's speed drifting over
  // the run (a shared VM's neighbours) moves both figures alike instead of the ratio.
  const rounds = Math.max(1, Math.round(seconds / 2));
  const sliceMs = (seconds * 1000) / rounds;
  const fullT = tally();
  const bareT = tally();
  const bare2T = tally();
  const q0 = queries;
  // PostgreSQL's CPU is counted over the whole timed window; only full processing uses it.
  const pg0 = postgresCpuMs();
  const signed0 = { ...receiptSigning };
  const asked0 = responder.asked();
  for (let r = 0; r < rounds && queue.length; r++) {
    await timed(fullT, () => fullSlice(sliceMs));
    await timed(bareT, () => bareSlice(1, sliceMs / 2));
    await timed(bare2T, () => bareSlice(2, sliceMs / 2));
  }
  const n = fullT.n;
  const rate = (x: Tally) => ({ wall: x.n / (x.ms / 1000), cpu: x.n / (x.cpuUs / 1e6) });
  const { wall: full, cpu: fullCpu } = rate(fullT);
  const bare = rate(bareT);
  const bare2 = rate(bare2T);
  const perDoc = (queries - q0) / n;
  const pg1 = postgresCpuMs();
  const asked = responder.asked() - asked0;
  const accepted = await t.database.db.execute<{ n: string }>(sql`select count(*) as n from docflow_deliveries where status = 'accepted' and registration_id is not null and receipt_id is not null`);
  if (Number(accepted.rows[0].n) !== n + Math.min(2 * batchSize, deliveries.rows.length)) throw new Error(`${accepted.rows[0].n} deliveries accepted and registered, ${n} processed`);
  console.log(`docflow incoming, automatic path, ${label} (one Node process, ${concurrency} lane(s), ${batchSize} deliveries per transaction, ${n} documents):`);
  console.log(`  full processing (verify 2 signatures + chain + OCSP, primary processing, registration, signed receipt, evidence, audit): ${full.toFixed(1)} /s`);
  console.log(`  bare crypto (6 verifications + 1 signature):                                                                           ${bare.wall.toFixed(1)} /s`);
  console.log(`  ratio: ${(full / bare.wall).toFixed(2)} (target ≥ 0.5)`);
  console.log(`  per CPU-second of the Node process (load-independent): full ${fullCpu.toFixed(1)} /s, bare ${bare.cpu.toFixed(1)} /s, ratio ${(fullCpu / bare.cpu).toFixed(2)}`);
  console.log(`  with a second signature counted (6 verifications + 2 signatures; the path makes 1 + 1/${batchSize}: the receipt's, and one evidence signature per batch): bare ${bare2.wall.toFixed(1)} /s, ratio ${(full / bare2.wall).toFixed(2)}; per CPU-second bare ${bare2.cpu.toFixed(1)} /s, ratio ${(fullCpu / bare2.cpu).toFixed(2)}`);
  // One signature bare = the two-signature slice's time per round less the one-signature slice's.
  const bareSignUs = (1 / bare2.wall - 1 / bare.wall) * 1e6;
  const fullSignUs = ((receiptSigning.ms - signed0.ms) / (receiptSigning.n - signed0.n)) * 1000;
  console.log(`  one receipt signature: ${fullSignUs.toFixed(0)} µs inside full processing, ${bareSignUs.toFixed(0)} µs bare (the two CPUs of a VM may share arithmetic units: PostgreSQL working on the other one slows this one's)`);
  console.log(`  database round trips per document: ${perDoc.toFixed(1)} (begin and commit included)`);
  console.log(`  CPU per document: Node ${(fullT.cpuUs / 1000 / n).toFixed(2)} ms, PostgreSQL ${pg0 === undefined || pg1 === undefined ? 'not readable here' : `${((pg1 - pg0) / n).toFixed(2)} ms (its processes on this machine, from /proc)`}`);
  console.log(`  event loop idle during full processing: ${((fullT.idleMs / fullT.ms) * 100).toFixed(1)}% of its wall time (every lane waiting on PostgreSQL: for a statement, or for the recipient's incoming-number counter, locked from numbering to commit by the batch ahead)`);
  console.log(`  OCSP requests to the local responder in the timed window: ${asked} (JASHIK_OCSP_CACHE_SECONDS ${ocspCacheSeconds})`);
  await responder.close();
  s.cleanup();
  await t.drop();
}

for (const alg of algs) {
  if (alg === 'rsa') await measure('RSA-2048', undefined);
  else if (alg === 'gost') {
    if (!(await loadGost())) console.log('GOST 2015: the GOST code is not available here, not measured');
    else await measure('GOST 34.10-2015 512', await gostKeys());
  }
}
await server?.stop();
