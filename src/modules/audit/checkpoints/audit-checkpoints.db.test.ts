import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/test-database.ts';
import { createLogger } from '../../../shared/logger.ts';
import { demoEnv, type DemoEnv } from '../../demo-pki/test-support.ts';
import { operatorSigner, type OperatorSigner } from '../../operator-keys/operator-signer.ts';
import { appendAudit } from '../append-audit.ts';
import { auditEntryHash, GENESIS_HASH } from '../audit-hash.ts';
import { verifyAuditLog } from '../verify-audit.ts';
import { auditCheckpointJob, CHECKPOINT_JOB } from './checkpoint-job.ts';
import { auditHead, checkpointDue, createAuditCheckpoint } from './create-audit-checkpoint.ts';
import { reportAuditCheckpoints, verifyAuditCheckpoints } from './verify-audit-checkpoints.ts';

let t: TestDatabase;
let env: DemoEnv;
let signer: OperatorSigner;

before(async () => {
  t = await createTestDatabase();
  env = await demoEnv(t.database, { JASHIK_AUDIT_CHECKPOINT_ENTRIES: '3', JASHIK_AUDIT_CHECKPOINT_MINUTES: '5' });
  signer = operatorSigner(env.ctx);
  await signer.current(); // issues the demo CA and operator key (their audit entries) up front
});
after(async () => {
  await env?.close();
  await t?.drop();
});

/** An attacker with database administrator rights: bypasses the append-only triggers. */
async function tamper(statements: [string, unknown[]?][]): Promise<void> {
  const c = new pg.Client(t.url);
  await c.connect();
  try {
    await c.query('begin');
    await c.query('alter table audit_log disable trigger audit_log_append_only');
    await c.query('alter table audit_checkpoints disable trigger audit_checkpoints_append_only');
    for (const [s, p] of statements) await c.query(s, p ?? []);
    await c.query('alter table audit_log enable trigger audit_log_append_only');
    await c.query('alter table audit_checkpoints enable trigger audit_checkpoints_append_only');
    await c.query('commit');
  } finally {
    await c.end();
  }
}

async function freshLog(n: number): Promise<void> {
  await tamper([['delete from audit_checkpoints'], ['delete from audit_log']]);
  for (let i = 0; i < n; i++) await t.database.db.transaction((tx) => appendAudit(tx, { type: 'test.event', payload: { i } }, { actor: 'system' }));
}

const checkpoint = () => t.database.db.transaction((tx) => createAuditCheckpoint(tx, signer));

/** Rewrites entry `seq`'s payload and recomputes every hash after it: a consistent forged chain. */
async function rewriteChainFrom(seq: number): Promise<void> {
  const rows = (await t.database.pool.query('select seq, at, type, actor, request_id, payload from audit_log order by seq')).rows as { seq: string; at: Date; type: string; actor: string | null; request_id: string | null; payload: unknown }[];
  let prev = GENESIS_HASH;
  const updates: [string, unknown[]][] = [];
  for (const r of rows) {
    const payload = Number(r.seq) === seq ? { forged: true } : r.payload;
    const hash = auditEntryHash(prev, { seq: Number(r.seq), at: new Date(r.at).toISOString(), type: r.type, actor: r.actor, requestId: r.request_id, payload });
    if (Number(r.seq) >= seq) updates.push(['update audit_log set payload = $1::jsonb, prev_hash = $2, hash = $3 where seq = $4', [JSON.stringify(payload), prev, hash, r.seq]]);
    prev = hash;
  }
  await tamper(updates);
}

test('X-4: an audit checkpoint signs the chain head with the operator key and verifies', async () => {
  await freshLog(5);
  assert.equal(await checkpoint(), 5);
  assert.equal(await checkpoint(), undefined, 'no second checkpoint at the same head');
  const v = await verifyAuditCheckpoints(t.database.db);
  assert.deepEqual(v, { ok: true, checkpoints: 1, lastSeq: 5, problems: [] });
  const row = (await t.database.pool.query('select certificate_fingerprint from audit_checkpoints')).rows[0];
  assert.equal(row.certificate_fingerprint, (await signer.current()).certificate.fingerprint);
  const lines: string[] = [];
  assert.equal(await reportAuditCheckpoints(t.database.db, (l) => lines.push(l)), true);
  assert.match(lines[0], /1 signed checkpoints, the last at entry 5/);
});

test('X-4: a checkpoint is due every N entries, or when the oldest unpinned entry is M minutes old', async () => {
  await freshLog(2);
  const policy = env.config.auditCheckpoint;
  const due = async (now = new Date()) => checkpointDue(t.database.db, await auditHead(t.database.db), policy, now);
  assert.equal(await due(), false);
  assert.equal(await due(new Date(Date.now() + 5 * 60_000 + 1000)), true, 'after M minutes');
  await t.database.db.transaction((tx) => appendAudit(tx, { type: 'test.event', payload: { i: 3 } }));
  assert.equal(await due(), true, 'after N entries');
  await checkpoint();
  assert.equal(await due(new Date(Date.now() + 3600_000)), false, 'nothing new since the checkpoint');
});

test('X-4: a chain rewritten below a checkpoint passes the hash walk but the checkpoint reports it', async () => {
  await freshLog(6);
  await checkpoint();
  await rewriteChainFrom(3);
  assert.equal((await verifyAuditLog(t.database.db)).ok, true, 'the forged chain is self-consistent');
  const v = await verifyAuditCheckpoints(t.database.db);
  assert.equal(v.ok, false);
  assert.deepEqual(v.problems.map((p) => [p.seq, p.problem]), [[6, 'chain_mismatch']]);
});

test('X-4: truncating the log tail past a checkpoint is reported', async () => {
  await freshLog(4);
  await checkpoint();
  await t.database.db.transaction((tx) => appendAudit(tx, { type: 'test.event', payload: { i: 4 } }));
  await tamper([['delete from audit_log where seq >= 3']]);
  assert.equal((await verifyAuditLog(t.database.db)).ok, true, 'a cut tail leaves a valid prefix');
  const v = await verifyAuditCheckpoints(t.database.db);
  assert.deepEqual(v.problems.map((p) => [p.seq, p.problem]), [[4, 'truncated']]);
  assert.match(v.problems[0].message, /ends at entry 2/);
});

test('X-4: an altered checkpoint row or signature is reported', async () => {
  await freshLog(3);
  await checkpoint();
  await tamper([[`update audit_checkpoints set hash = (case when left(hash, 1) = '0' then '1' else '0' end) || substr(hash, 2)`]]);
  assert.deepEqual((await verifyAuditCheckpoints(t.database.db)).problems.map((p) => p.problem), ['content_mismatch']);
  // Restore the row, then change one signed byte (a digit of "at") inside the CMS.
  const cms = Buffer.from((await t.database.pool.query('select cms from audit_checkpoints where seq = 3')).rows[0].cms as Buffer);
  const at = cms.indexOf('"at":"') + 6;
  cms[at + 3] = cms[at + 3] === 0x30 ? 0x31 : 0x30;
  await tamper([['update audit_checkpoints set hash = (select hash from audit_log where seq = 3), cms = $1 where seq = 3', [cms]]]);
  const v = await verifyAuditCheckpoints(t.database.db);
  assert.ok(v.problems.some((p) => p.problem === 'signature_invalid'), JSON.stringify(v.problems));
});

test('X-4: the audit.checkpoint job takes a due checkpoint and schedules its next run', async () => {
  await freshLog(3);
  const handler = auditCheckpointJob(env.ctx);
  const log = createLogger('silent');
  await t.database.db.transaction((tx) => handler({ id: 0, kind: CHECKPOINT_JOB, version: 1, payload: {}, attempts: 1, maxAttempts: 3 }, { tx, log }));
  assert.equal((await verifyAuditCheckpoints(t.database.db)).lastSeq, 3);
  const jobs = (await t.database.pool.query(`select run_at from jobs where kind = $1 and status = 'pending'`, [CHECKPOINT_JOB])).rows;
  assert.equal(jobs.length, 1, 'one next run, however often it was scheduled');
  assert.ok(new Date(jobs[0].run_at).getTime() - Date.now() <= 60_000);
});
