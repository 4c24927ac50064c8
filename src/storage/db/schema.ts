/**
 * Drizzle (pg-core) schema of the foundation tables. Each module adds its own tables in a
 * `schema.ts` of its own and re-exports them from `src/storage/db/all-schemas.ts`, which
 * drizzle-kit reads to generate the SQL migrations under `migrations/` (plain SQL, reviewed).
 */
import { sql } from 'drizzle-orm';
import { bigint, bigserial, check, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

/** Durable jobs: written in the same transaction as the change that causes them (outbox). */
export const jobs = pgTable(
  'jobs',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    kind: text('kind').notNull(),
    /** Version of the payload shape, so a handler can read old jobs after an upgrade. */
    version: integer('version').notNull().default(1),
    payload: jsonb('payload').notNull(),
    idempotencyKey: text('idempotency_key'),
    status: text('status', { enum: ['pending', 'running', 'done', 'dead'] }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    maxAttempts: integer('max_attempts').notNull().default(10),
    runAt: timestamp('run_at', { withTimezone: true }).notNull().defaultNow(),
    lockedBy: text('locked_by'),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    lastError: text('last_error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    completedAt: timestamp('completed_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('jobs_idempotency_key_uq').on(t.idempotencyKey),
    index('jobs_due_idx').on(t.runAt).where(sql`status = 'pending'`),
    index('jobs_lease_idx').on(t.lockedUntil).where(sql`status = 'running'`),
    check('jobs_status_ck', sql`status in ('pending', 'running', 'done', 'dead')`),
  ],
);

/**
 * The audit log: append-only (a trigger refuses UPDATE and DELETE) and hash-chained:
 * each entry's hash commits to the previous entry's hash and its own canonical content.
 */
export const auditLog = pgTable('audit_log', {
  seq: bigint('seq', { mode: 'number' }).primaryKey(),
  at: timestamp('at', { withTimezone: true, precision: 3 }).notNull(),
  type: text('type').notNull(),
  actor: text('actor'),
  requestId: text('request_id'),
  payload: jsonb('payload').notNull(),
  prevHash: text('prev_hash').notNull(),
  hash: text('hash').notNull(),
});

/** One row per stored content; the physical blob goes when its last reference goes. */
export const blobs = pgTable('blobs', {
  sha256: text('sha256').primaryKey(),
  size: bigint('size', { mode: 'number' }).notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Who holds a blob: documents, letters and scans may share one content. */
export const blobRefs = pgTable(
  'blob_refs',
  {
    sha256: text('sha256')
      .notNull()
      .references(() => blobs.sha256),
    ownerKind: text('owner_kind').notNull(),
    ownerId: text('owner_id').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.sha256, t.ownerKind, t.ownerId] }), index('blob_refs_owner_idx').on(t.ownerKind, t.ownerId)],
);
