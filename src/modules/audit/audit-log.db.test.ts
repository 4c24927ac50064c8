import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database.ts';
import { appendAudit, appendAuditEntries } from './append-audit.ts';
import { auditEntryHash, GENESIS_HASH } from './audit-hash.ts';
import { verifyAuditLog } from './verify-audit.ts';

let t: TestDatabase;
before(async () => {
  t = await createTestDatabase();
});
after(async () => t?.drop());

/** An attacker with database administrator rights: bypasses the append-only trigger. */
async function tamper(statement: string, params: unknown[] = []): Promise<void> {
  const c = new pg.Client(t.url);
  await c.connect();
  try {
    await c.query('begin');
    await c.query('alter table audit_log disable trigger audit_log_append_only');
    await c.query(statement, params);
    await c.query('alter table audit_log enable trigger audit_log_append_only');
    await c.query('commit');
  } finally {
    await c.end();
  }
}

async function freshLog(n: number): Promise<void> {
  await tamper('delete from audit_log');
  for (let i = 0; i < n; i++) {
    await t.database.db.transaction((tx) => appendAudit(tx, { type: 'test.event', payload: { i, text: `қазақ ${i}` } }, { actor: 'system', requestId: `r${i}` }));
  }
}

test('X-4: an intact audit log verifies, entry by entry, in order', async () => {
  await freshLog(5);
  const v = await verifyAuditLog(t.database.db);
  assert.equal(v.ok, true);
  assert.equal(v.entries, 5);
});

test('X-4: the audit log refuses UPDATE and DELETE through the ordinary connection', async () => {
  await freshLog(1);
  await assert.rejects(t.database.pool.query(`update audit_log set type = 'x'`), /append-only/);
  await assert.rejects(t.database.pool.query('delete from audit_log'), /append-only/);
});

test('X-4: an altered audit entry is reported as the first bad entry', async () => {
  await freshLog(5);
  await tamper(`update audit_log set payload = '{"i": 99}' where seq = 3`);
  const v = await verifyAuditLog(t.database.db);
  assert.equal(v.ok, false);
  assert.ok(!v.ok && v.firstBad.seq === 3 && v.firstBad.problem === 'altered');
});

test('X-4: a removed audit entry is reported at the gap', async () => {
  await freshLog(5);
  await tamper('delete from audit_log where seq = 2');
  const v = await verifyAuditLog(t.database.db);
  assert.ok(!v.ok && v.firstBad.seq === 3 && v.firstBad.problem === 'missing_before');
});

test('X-4: a removed audit entry with renumbered successors is caught by the broken hash link', async () => {
  await freshLog(5);
  await tamper('delete from audit_log where seq = 2');
  await tamper('update audit_log set seq = seq - 1 where seq > 2');
  const v = await verifyAuditLog(t.database.db);
  assert.equal(v.ok, false);
  assert.ok(!v.ok && v.firstBad.seq === 2);
});

test('X-4: reordered audit entries are reported', async () => {
  await freshLog(5);
  // Swap entries 2 and 4 (their sequence numbers), keeping each row's own content.
  await tamper('update audit_log set seq = -2 where seq = 2');
  await tamper('update audit_log set seq = 2 where seq = 4');
  await tamper('update audit_log set seq = 4 where seq = -2');
  const v = await verifyAuditLog(t.database.db);
  assert.equal(v.ok, false);
  assert.ok(!v.ok && v.firstBad.seq === 2);
});

test('X-4: concurrent appenders produce one gap-free chain', async () => {
  await freshLog(0);
  await Promise.all(
    Array.from({ length: 20 }, (_, i) => t.database.db.transaction((tx) => appendAudit(tx, { type: 'test.event', payload: { i } }))),
  );
  const v = await verifyAuditLog(t.database.db);
  assert.equal(v.ok, true);
  assert.equal(v.entries, 20);
});

test('X-4: entries appended together in one statement chain in order, hashed as the verifier hashes them', async () => {
  await freshLog(2);
  // Payload text that looks like the cut point of the canonical JSON must not confuse the appender.
  const tricky = { note: '"seq":0,"type":"x"}', nested: { seq: 7, type: 'y' }, text: 'Ақмола — «тест» \u00e9' };
  const out = await t.database.db.transaction((tx) =>
    appendAuditEntries(tx, [{ event: { type: 'test.event', payload: tricky }, ctx: { actor: 'system' } }, { event: { type: 'test.event', payload: { i: 2 } }, ctx: { requestId: 'r-x' } }]),
  );
  assert.deepEqual(out.map((o) => o.seq), [3, 4]);
  const rows = (await t.database.pool.query('select seq, at, type, actor, request_id, payload, prev_hash, hash from audit_log where seq >= 3 order by seq')).rows;
  assert.equal(rows[0].hash, auditEntryHash(rows[0].prev_hash, { seq: 3, at: new Date(rows[0].at).toISOString(), type: 'test.event', actor: 'system', requestId: null, payload: tricky }));
  assert.equal(rows[1].prev_hash, rows[0].hash);
  assert.equal(out[1].hash, rows[1].hash);
  assert.notEqual(rows[0].prev_hash, GENESIS_HASH);
  const v = await verifyAuditLog(t.database.db);
  assert.equal(v.ok, true);
  assert.equal(v.entries, 4);
});
