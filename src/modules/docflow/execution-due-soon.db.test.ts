/** DF-13: the due-soon reminder, on the working-day calendar, alongside the overdue alert. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { and, eq, sql } from 'drizzle-orm';
import type { TestDatabase } from '../../../test/support/test-database.ts';
import { signCms } from '../pki/cms-sign.ts';
import { checkIncoming } from './check-incoming.ts';
import { acceptIncomingDocument, prepareIncomingDecision } from './decide-incoming.ts';
import { dueSoonAt, remindDueSoon } from './execution-due-soon.ts';
import { assignExecution, listControl, reportExecution } from './executions.ts';
import { closeScene, openScene, type Scene } from './scene-database.ts';
import { docflowAlerts, docflowDeliveries } from './schema.ts';

let t: TestDatabase;
let s: Scene;
before(async () => ({ t, s } = await openScene()));
after(() => closeScene(t, s));

async function registered(): Promise<string> {
  const sent = await s.sent();
  await t.database.db.transaction((tx) => checkIncoming(tx, s.deps, sent.deliveryId));
  const p = await prepareIncomingDecision(s.deps, s.B.officer.actor, sent.deliveryId, { decision: 'accept', nomenclatureIndex: '01-02' });
  await acceptIncomingDocument(s.deps, s.B.officer.actor, sent.deliveryId, { signature: signCms(Buffer.from(p.receipt), [s.B.officer.signer]) });
  const [d] = await t.database.db.select().from(docflowDeliveries).where(eq(docflowDeliveries.id, sent.deliveryId));
  return d.registrationId!;
}

const at = (iso: string) => ({ ...s.deps, now: () => new Date(iso) });
// Deadline Monday 12 May 2025; Sat 10 and Sun 11 are the weekend, Fri 9 May (Victory Day) a holiday: due soon from Thursday 8 May.
const DEADLINE_DAY = '2025-05-12';
const THURSDAY_START = '2025-05-07T19:00:00.000Z'; // 00:00 on 8 May in Almaty (UTC+5)

test('DF-13: a deadline is due soon from the start of the last working day before it, skipping a holiday and a weekend', () => {
  assert.equal(dueSoonAt(new Date('2025-05-12T18:59:59.999Z')).toISOString(), THURSDAY_START);
  assert.equal(dueSoonAt(new Date('2025-05-14T18:59:59.999Z')).toISOString(), '2025-05-12T19:00:00.000Z', 'Wednesday: from Tuesday');
});

test('DF-13: assigning schedules the due-soon reminder; on that working day the organisation is reminded in the cabinet and by e-mail, once', async () => {
  const registrationId = await registered();
  const a = await assignExecution(at('2025-05-02T04:00:00Z'), s.B.head.actor, registrationId, { executorIin: s.B.executor.iin, executorName: 'Орындаушы', deadlineDate: DEADLINE_DAY });
  const job = await t.database.db.execute<{ run_at: Date }>(sql`select run_at from jobs where kind = 'docflow.execution-due-soon' and payload->>'executionId' = ${a.executionId}`);
  assert.equal(new Date(job.rows[0].run_at).toISOString(), THURSDAY_START);
  assert.equal(await t.database.db.transaction((tx) => remindDueSoon(tx, at('2025-05-07T12:00:00Z'), a.executionId)), 'not_due', 'Wednesday: not yet');
  assert.equal((await listControl(at('2025-05-08T04:00:00Z'), s.B.head.actor, s.B.id, 'due_soon')).filter((x) => x.executionId === a.executionId).length, 1, 'listed as due soon');
  assert.equal(await t.database.db.transaction((tx) => remindDueSoon(tx, at('2025-05-08T04:00:00Z'), a.executionId)), 'reminded');
  assert.equal(await t.database.db.transaction((tx) => remindDueSoon(tx, at('2025-05-08T05:00:00Z'), a.executionId)), 'done', 'a retry reminds no more');
  const alerts = await t.database.db.select().from(docflowAlerts).where(and(eq(docflowAlerts.kind, 'execution_due_soon'), eq(docflowAlerts.mailboxId, s.B.id)));
  assert.equal(alerts.filter((x) => (x.payload as { executionId: string }).executionId === a.executionId).length, 1);
  const mails = await t.database.db.execute(sql`select 1 from jobs where kind = 'docflow.notify' and payload->>'idempotencyKey' = ${`due-soon:${a.executionId}`}`);
  assert.equal(mails.rows.length, 1, 'the e-mail goes out through a durable job');
  const audit = await t.database.db.execute(sql`select 1 from audit_log where type = 'docflow.execution_due_soon' and payload->>'executionId' = ${a.executionId}`);
  assert.equal(audit.rows.length, 1);
});

test('DF-13: work already reported, or a deadline already passed, gets no due-soon reminder', async () => {
  const registrationId = await registered();
  const a = await assignExecution(at('2025-05-02T04:00:00Z'), s.B.head.actor, registrationId, { executorIin: s.B.executor.iin, deadlineDate: DEADLINE_DAY });
  await reportExecution(s.deps, s.B.executor.actor, a.executionId, { report: 'Орындалды' });
  assert.equal(await t.database.db.transaction((tx) => remindDueSoon(tx, at('2025-05-08T04:00:00Z'), a.executionId)), 'done');
  const b = await assignExecution(at('2025-05-02T04:00:00Z'), s.B.head.actor, registrationId, { executorIin: s.B.executor.iin, deadlineDate: DEADLINE_DAY });
  assert.equal(await t.database.db.transaction((tx) => remindDueSoon(tx, at('2025-05-13T04:00:00Z'), b.executionId)), 'done', 'past the deadline the overdue alert speaks');
  const alerts = await t.database.db.select().from(docflowAlerts).where(eq(docflowAlerts.kind, 'execution_due_soon'));
  assert.equal(alerts.filter((x) => [a.executionId, b.executionId].includes((x.payload as { executionId: string }).executionId)).length, 0);
});
