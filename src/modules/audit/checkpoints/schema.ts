/**
 * Signed checkpoints of the audit log: every N entries or M minutes the chain head (seq and
 * hash) is signed with the operator's evidence key. A checkpoint pins the log up to its seq:
 * rewriting the chain or cutting its tail below the last checkpoint is detected.
 */
import { bigint, customType, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' });

export const auditCheckpoints = pgTable('audit_checkpoints', {
  seq: bigint('seq', { mode: 'number' }).primaryKey(),
  hash: text('hash').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull(),
  /** CMS SignedData (attached) over the checkpoint's canonical JSON. */
  cms: bytea('cms').notNull(),
  certificateFingerprint: text('certificate_fingerprint').notNull(),
});
