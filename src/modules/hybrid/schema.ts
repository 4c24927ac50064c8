/**
 * Hybrid mail (issue 8, MB-7 and the *hybrid item* of the glossary): e-letters printed and
 * delivered on paper with UPU S10 tracking, paper fallback for unread letters, and paper
 * letters scanned into mailboxes.
 *
 * - `hybrid_items`: one paper item (or a digital-first letter waiting to be read), its content
 *   blob, its S10 number once it goes to paper, its status and where it sits in a print batch.
 * - `hybrid_events`: the tracking history; one row per status per item (so a repeated event is
 *   idempotent by construction), each with its signed evidence.
 * - `hybrid_evidence`: canonical JSON + CMS by the operator key, for items and paper intakes.
 * - `hybrid_s10_numbers`: every S10 number issued and when, for the 24-month no-reuse window;
 *   the serials themselves come from one PostgreSQL sequence per service code.
 * - `hybrid_batches`: print batches per print centre with their files and checksum.
 * - `hybrid_paper_letters`: paper → e-mailbox intakes at a post office.
 * - `hybrid_webhooks`: a sender's tracking webhook subscriptions.
 */
import { sql } from 'drizzle-orm';
import { bigserial, boolean, check, customType, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { mailboxes } from '../mailboxes/schema.ts';

const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' });

export const HYBRID_STATUSES = [
  'awaiting_read', 'read_online', 'accepted', 'printed', 'enveloped', 'handed_over',
  'delivered', 'returned', 'returned_to_sender', 'destroyed',
] as const;

export const hybridItems = pgTable(
  'hybrid_items',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** UPU S10 (e.g. RR123456785KZ); set when the item goes to paper. */
    s10: text('s10').unique(),
    senderMailboxId: uuid('sender_mailbox_id').references(() => mailboxes.id),
    /** Who submitted, for the audit log and idempotency: `user:<id>`, `token:<id>`. */
    senderActor: text('sender_actor').notNull(),
    /** The sender as printed on the cover page: `{ name, lines[] }`. */
    sender: jsonb('sender').notNull(),
    /** The structured Kazakhstan postal address (null while digital-first without a known address). */
    recipientAddress: jsonb('recipient_address'),
    recipientMailboxId: uuid('recipient_mailbox_id').references(() => mailboxes.id),
    recipientIdNumber: text('recipient_id_number'),
    region: text('region'),
    printCentre: text('print_centre'),
    contentKind: text('content_kind', { enum: ['text', 'pdf'] }).notNull(),
    contentSha256: text('content_sha256').notNull(),
    contentSize: integer('content_size').notNull(),
    /** Content pages (the cover page is extra). */
    contentPages: integer('content_pages').notNull(),
    subject: text('subject').notNull().default(''),
    registered: boolean('registered').notNull().default(true),
    returnPolicy: text('return_policy', { enum: ['return_to_sender', 'shred'] }).notNull(),
    status: text('status', { enum: HYBRID_STATUSES }).notNull(),
    /** Digital-first: the e-letter in the recipient's mailbox and when paper takes over. */
    letterId: uuid('letter_id'),
    printAfter: timestamp('print_after', { withTimezone: true }),
    priceTiyn: integer('price_tiyn'),
    idempotencyKey: text('idempotency_key'),
    batchId: uuid('batch_id'),
    batchFile: text('batch_file'),
    batchFirstPage: integer('batch_first_page'),
    batchLastPage: integer('batch_last_page'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    acceptedAt: timestamp('accepted_at', { withTimezone: true }),
    statusAt: timestamp('status_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('hybrid_items_idem_uq').on(t.senderActor, t.idempotencyKey),
    index('hybrid_items_print_queue_idx').on(t.printCentre, t.acceptedAt).where(sql`status = 'accepted' and batch_id is null`),
    index('hybrid_items_sender_idx').on(t.senderMailboxId, t.acceptedAt),
    // listHybridLetters: the sender's items newest first, keyset-paged on (created_at, id).
    index('hybrid_items_sender_created_idx').on(t.senderMailboxId, t.createdAt, t.id),
    check('hybrid_items_status_ck', sql`status in ('awaiting_read', 'read_online', 'accepted', 'printed', 'enveloped', 'handed_over', 'delivered', 'returned', 'returned_to_sender', 'destroyed')`),
    check('hybrid_items_paper_ck', sql`status in ('awaiting_read', 'read_online') or (s10 is not null and recipient_address is not null)`),
  ],
);

export const hybridEvents = pgTable(
  'hybrid_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    itemId: uuid('item_id').notNull().references(() => hybridItems.id),
    event: text('event').notNull(),
    /** When and where it happened, as the print centre or post office reports it. */
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
    place: text('place'),
    actor: text('actor').notNull(),
    /** The reporter's own id for the event (batch files, retries). */
    sourceEventId: text('source_event_id'),
    evidenceId: uuid('evidence_id'),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('hybrid_events_item_event_uq').on(t.itemId, t.event)],
);

export const hybridEvidence = pgTable(
  'hybrid_evidence',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    itemId: uuid('item_id'),
    paperLetterId: uuid('paper_letter_id'),
    event: text('event').notNull(),
    /** Canonical JSON (RFC 8785) exactly as signed. */
    document: bytea('document').notNull(),
    /** CMS SignedData (attached) by the operator key. */
    cms: bytea('cms').notNull(),
    cmsSha256: text('cms_sha256').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('hybrid_evidence_item_idx').on(t.itemId), index('hybrid_evidence_paper_idx').on(t.paperLetterId)],
);

export const hybridS10Numbers = pgTable('hybrid_s10_numbers', {
  s10: text('s10').primaryKey(),
  issuedAt: timestamp('issued_at', { withTimezone: true }).notNull().defaultNow(),
});

export const hybridBatches = pgTable(
  'hybrid_batches',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull().unique(),
    printCentre: text('print_centre').notNull(),
    status: text('status', { enum: ['writing', 'dropped'] }).notNull(),
    itemCount: integer('item_count').notNull().default(0),
    pageCount: integer('page_count').notNull().default(0),
    /** `[{ name, sha256, size, pages, items }]` */
    files: jsonb('files').notNull().default([]),
    checksum: text('checksum'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    droppedAt: timestamp('dropped_at', { withTimezone: true }),
  },
  (t) => [index('hybrid_batches_centre_idx').on(t.printCentre, t.createdAt)],
);

export const hybridPaperLetters = pgTable(
  'hybrid_paper_letters',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    postOfficeId: uuid('post_office_id'),
    clerkActor: text('clerk_actor').notNull(),
    /** `{ kind: 'mailbox'|'iin_bin'|'email', value }` as entered, and where it went. */
    addressee: jsonb('addressee').notNull(),
    deliveredTo: text('delivered_to').notNull(),
    senderAsWritten: text('sender_as_written').notNull(),
    /** `[{ sha256, size, contentType }]` in page order. */
    scans: jsonb('scans').notNull(),
    letterId: uuid('letter_id'),
    evidenceId: uuid('evidence_id'),
    originalFate: text('original_fate', { enum: ['kept', 'returned', 'destroyed'] }).notNull(),
    keepUntil: timestamp('keep_until', { withTimezone: true }),
    fateRecordedAt: timestamp('fate_recorded_at', { withTimezone: true }),
    idempotencyKey: text('idempotency_key'),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('hybrid_paper_letters_idem_uq').on(t.clerkActor, t.idempotencyKey)],
);

export const hybridWebhooks = pgTable('hybrid_webhooks', {
  id: uuid('id').primaryKey().defaultRandom(),
  mailboxId: uuid('mailbox_id').notNull().references(() => mailboxes.id),
  url: text('url').notNull(),
  /** HMAC-SHA256 key for the `X-Jashik-Signature` header; shown once at creation. */
  secret: text('secret').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
});
