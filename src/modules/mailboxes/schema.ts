/**
 * Mailboxes: the shared anchor of accounts (who owns one), mail (what is in it), docflow and
 * hybrid mail. A row is never deleted: a closed mailbox keeps its login and address so that
 * neither is ever given to anyone else (MB-2).
 */
import { sql } from 'drizzle-orm';
import { bigint, boolean, check, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export const mailboxes = pgTable(
  'mailboxes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Lower-case user name; unique forever (MB-10). */
    login: text('login').notNull().unique(),
    /** `<login>@<domain>`; unique forever (MB-2). */
    address: text('address').notNull().unique(),
    kind: text('kind', { enum: ['personal', 'organisation'] }).notNull(),
    /** Set once the owner confirmed the cabinet data with EDS (MB-11). */
    official: boolean('official').notNull().default(false),
    iin: text('iin'),
    bin: text('bin'),
    displayName: text('display_name').notNull(),
    status: text('status', { enum: ['active', 'closed'] }).notNull().default('active'),
    quotaBytes: bigint('quota_bytes', { mode: 'number' }).notNull().default(10 * 1024 * 1024 * 1024),
    usedBytes: bigint('used_bytes', { mode: 'number' }).notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    closedAt: timestamp('closed_at', { withTimezone: true }),
  },
  (t) => [
    index('mailboxes_iin_idx').on(t.iin),
    index('mailboxes_bin_idx').on(t.bin),
    check('mailboxes_kind_ck', sql`kind in ('personal', 'organisation')`),
    check('mailboxes_status_ck', sql`status in ('active', 'closed')`),
    check('mailboxes_owner_ck', sql`(kind = 'personal' and iin is not null) or (kind = 'organisation' and bin is not null)`),
  ],
);
