/**
 * Docflow benchmark (issue 7): incoming documents fully processed on the automatic path per
 * second on one core — verification of 2 signatures (the official's content CMS and the records
 * officer's RCC, RSA-2048) with chain and OCSP answers from a local responder (cached until their
 * nextUpdate, as the policy allows), primary processing, registration in the incoming journal,
 * the receipt signed with the information-system key, evidence and audit rows — against the
 * same cryptographic operations done bare with Node's crypto in the same run (2 signature
 * verifications, 2 certificate-signature verifications, 2 OCSP-signature verifications and 1
 * signature). Prints both and the ratio. GOST 2015 is not measured here yet.
 *
 *   node --import tsx bench/docflow/run.ts [--seconds=N]   (default 10)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID, sign as nodeSign, verify as nodeVerify } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { ensureEmbeddedPostgres, type EmbeddedServer } from '../../src/storage/db/embedded-postgres.ts';
import { createTestDatabase } from '../../test/support/test-database.ts';
import { checkIncoming } from '../../src/modules/docflow/check-incoming.ts';
import { scene } from '../../src/modules/docflow/flow-fixture.ts';
import { makePerson, TestReceiptKeysDouble } from '../../src/modules/docflow/testing.ts';
import { issueOcspResponse } from '../../src/modules/pki/x509-build.ts';
import type { Certificate } from '../../src/modules/pki/x509.ts';

const seconds = Number(process.argv.find((a) => a.startsWith('--seconds='))?.split('=')[1] ?? 10);
let server: EmbeddedServer | undefined;
if (process.env.JASHIK_DATABASE_URL) process.env.JASHIK_TEST_ADMIN_URL = process.env.JASHIK_DATABASE_URL;
else {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'jashik-bench-docflow-'));
  fs.chmodSync(tmp, 0o755);
  server = await ensureEmbeddedPostgres(tmp);
  process.env.JASHIK_TEST_ADMIN_URL = server.adminUrl;
}
const t = await createTestDatabase();
const s = await scene(t.database);

// A local OCSP responder (the CA itself), its answers cached until nextUpdate.
const ocspCache = new Map<string, { der: Buffer; until: number }>();
function ocspFor(cert: Certificate): Buffer {
  const hit = ocspCache.get(cert.serialNumber);
  if (hit && hit.until > Date.now()) return hit.der;
  const now = new Date();
  const der = issueOcspResponse({ issuer: s.ca.cert, responder: s.ca.cert, signer: s.ca.signer, entries: [{ certificate: cert, status: 'good' }], producedAt: now, nextUpdate: new Date(now.getTime() + 3600_000) });
  ocspCache.set(cert.serialNumber, { der, until: now.getTime() + 3600_000 });
  return der;
}
s.deps.trust = { trustStore: async () => s.ca.trust, revocation: async () => ({ ocspResponses: [ocspFor(s.A.signatory.cert), ocspFor(s.A.officer.cert)] }) };
const isKey = makePerson(s.ca, { bin: s.B.bin!, informationSystem: true });
(s.deps.receiptKeys as TestReceiptKeysDouble).keys.set(s.B.id, isKey.signer);

const { id } = await s.draft();
await s.signAll(id, s.A.signatory);
await s.register(id);

async function processOne(): Promise<number> {
  const deliveryId = randomUUID();
  await t.database.db.execute(sql`insert into docflow_deliveries (id, document_id, sender_mailbox_id, recipient_mailbox_id, sent_at, received_at, status)
    values (${deliveryId}, ${id}, ${s.A.id}, ${s.B.id}, now(), now(), 'checking')`);
  const t0 = performance.now();
  const r = await t.database.db.transaction((tx) => checkIncoming(tx, s.deps, deliveryId));
  const dt = performance.now() - t0;
  if (r?.outcome !== 'positive') throw new Error(`unexpected outcome ${JSON.stringify(r?.reasons)}`);
  await t.database.db.execute(sql`delete from docflow_receipts where delivery_id = ${deliveryId}`);
  await t.database.db.execute(sql`delete from docflow_evidence where delivery_id = ${deliveryId}`);
  await t.database.db.execute(sql`delete from docflow_alerts where payload->>'deliveryId' = ${deliveryId}`);
  await t.database.db.execute(sql`delete from docflow_deliveries where id = ${deliveryId}`);
  await t.database.db.execute(sql`delete from docflow_registrations where document_id = ${id} and journal = 'incoming'`);
  return dt;
}

for (let i = 0; i < 5; i++) await processOne();
let n = 0;
let busy = 0;
const end = performance.now() + seconds * 1000;
while (performance.now() < end) {
  busy += await processOne();
  n++;
}
const full = n / (busy / 1000);

// The same cryptographic work, bare.
const { privateKey } = await import('node:crypto').then((c) => c.generateKeyPairSync('rsa', { modulusLength: 2048 }));
const pub = s.A.signatory.cert.spki;
const keyObj = (await import('node:crypto')).createPublicKey({ key: Buffer.from(pub), format: 'der', type: 'spki' });
const data = Buffer.alloc(200, 1);
const sig = nodeSign('sha256', data, privateKey);
const pubOfPriv = (await import('node:crypto')).createPublicKey(privateKey);
void keyObj;
let m = 0;
const t0 = performance.now();
while (performance.now() - t0 < seconds * 1000) {
  for (let i = 0; i < 6; i++) if (!nodeVerify('sha256', data, pubOfPriv, sig)) throw new Error('bare verify failed');
  nodeSign('sha256', data, privateKey);
  m++;
}
const bare = m / ((performance.now() - t0) / 1000);
console.log(`docflow incoming, automatic path, RSA-2048 (one core):`);
console.log(`  full processing (verify 2 signatures + chain + OCSP, primary processing, registration, signed receipt): ${full.toFixed(1)} /s`);
console.log(`  bare crypto (6 RSA verifications + 1 RSA signature):                                                 ${bare.toFixed(1)} /s`);
console.log(`  ratio: ${(full / bare).toFixed(2)} (target ≥ 0.5)`);
console.log(`  GOST 2015: not measured yet`);
s.cleanup();
await t.drop();
await server?.stop();
