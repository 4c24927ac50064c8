/**
 * E-letters (issue 5). Every letter is its raw RFC 5322 message in the blob store plus one
 * index row per mailbox that holds it (the sender's Sent copy and each recipient's Inbox copy
 * share one blob). A submission records what a sender handed over, once, for idempotency,
 * delivery jobs and the evidence chain of registered letters.
 */
import { sql } from 'drizzle-orm';
import { bigint, bigserial, boolean, check, customType, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { mailboxes } from '../mailboxes/schema.ts';

const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });
const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' });

/** User folders; the system folders (inbox, sent, drafts, trash, archive, junk) need no row. */
export const mailFolders = pgTable(
  'mail_folders',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    mailboxId: uuid('mailbox_id').notNull().references(() => mailboxes.id),
    name: text('name').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('mail_folders_name_uq').on(t.mailboxId, t.name)],
);

/** One letter in one mailbox. `seq` orders a mailbox newest-first and is the keyset cursor. */
export const letters = pgTable(
  'letters',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    seq: bigserial('seq', { mode: 'number' }).notNull().unique(),
    mailboxId: uuid('mailbox_id').notNull().references(() => mailboxes.id),
    /** A system folder name or a user folder's id. */
    folder: text('folder').notNull(),
    direction: text('direction', { enum: ['in', 'out', 'draft'] }).notNull(),
    submissionId: uuid('submission_id'),
    rawSha256: text('raw_sha256').notNull(),
    size: bigint('size', { mode: 'number' }).notNull(),
    messageId: text('message_id'),
    inReplyTo: text('in_reply_to'),
    /** Root Message-ID of the thread (first of References, else In-Reply-To, else own). */
    threadId: text('thread_id'),
    subject: text('subject').notNull().default(''),
    fromAddress: text('from_address').notNull().default(''),
    fromName: text('from_name').notNull().default(''),
    toAddresses: jsonb('to_addresses').$type<string[]>().notNull().default([]),
    ccAddresses: jsonb('cc_addresses').$type<string[]>().notNull().default([]),
    /** The Date header (as the sender claims). */
    sentAt: timestamp('sent_at', { withTimezone: true }),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
    snippet: text('snippet').notNull().default(''),
    hasAttachments: boolean('has_attachments').notNull().default(false),
    attachments: jsonb('attachments').$type<{ filename: string; contentType: string; size: number; sha256: string }[]>().notNull().default([]),
    registered: boolean('registered').notNull().default(false),
    /** Official sender or registered letter: the mark external mail cannot fake. */
    verifiedSender: boolean('verified_sender').notNull().default(false),
    seen: boolean('seen').notNull().default(false),
    flagged: boolean('flagged').notNull().default(false),
    keywords: jsonb('keywords').$type<string[]>().notNull().default([]),
    /** First opened or downloaded by the recipient (ContentHandover for registered letters). */
    handedOverAt: timestamp('handed_over_at', { withTimezone: true }),
    /** SPF/DKIM/DMARC results of inbound SMTP mail. */
    authResults: jsonb('auth_results'),
    /** Lower-cased subject, people and body text for trigram (partial word) search. */
    searchText: text('search_text').notNull().default(''),
    searchTsv: tsvector('search_tsv'),
  },
  (t) => [
    index('letters_folder_page_idx').on(t.mailboxId, t.folder, t.seq.desc()),
    index('letters_mailbox_page_idx').on(t.mailboxId, t.seq.desc()),
    index('letters_thread_idx').on(t.mailboxId, t.threadId),
    index('letters_submission_idx').on(t.submissionId),
    index('letters_search_tsv_idx').using('gin', t.searchTsv),
    index('letters_search_trgm_idx').using('gin', sql`${t.searchText} gin_trgm_ops`),
    check('letters_direction_ck', sql`direction in ('in', 'out', 'draft')`),
  ],
);

/** What a sender handed over: one row per sent letter, whatever the number of recipients. */
export const mailSubmissions = pgTable(
  'mail_submissions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    senderMailboxId: uuid('sender_mailbox_id').references(() => mailboxes.id),
    idempotencyKey: text('idempotency_key'),
    messageId: text('message_id').notNull(),
    rawSha256: text('raw_sha256').notNull(),
    size: bigint('size', { mode: 'number' }).notNull(),
    registered: boolean('registered').notNull().default(false),
    /** Registered letters: when the sender wants an AcceptanceRejectionExpiry if unopened. */
    handoverDeadline: timestamp('handover_deadline', { withTimezone: true }),
    recipients: jsonb('recipients').$type<string[]>().notNull(),
    /** Index fields parsed once at submission, copied into each recipient's letter row. */
    parsed: jsonb('parsed').notNull(),
    sentLetterId: uuid('sent_letter_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('mail_submissions_idem_uq').on(t.senderMailboxId, t.idempotencyKey)],
);

/** Per-recipient delivery state of a submission. */
export const mailDeliveries = pgTable(
  'mail_deliveries',
  {
    submissionId: uuid('submission_id').notNull().references(() => mailSubmissions.id),
    recipient: text('recipient').notNull(),
    status: text('status', { enum: ['pending', 'delivered', 'relayed', 'failed'] }).notNull().default('pending'),
    letterId: uuid('letter_id'),
    attempts: integer('attempts').notNull().default(0),
    lastResponse: text('last_response'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.submissionId, t.recipient] })],
);

/**
 * Evidence of registered e-delivery (ETSI EN 319 522 event names): the canonical JSON document
 * and its CMS signature by the operator key. `chain` groups the evidence of one letter;
 * each document names the SHA-256 of the previous one's CMS.
 */
export const mailEvidence = pgTable(
  'mail_evidence',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    chain: uuid('chain').notNull(),
    position: integer('position').notNull(),
    event: text('event').notNull(),
    messageId: text('message_id').notNull(),
    sender: text('sender'),
    recipient: text('recipient'),
    /** Mailboxes that may read this evidence (the sender's and the recipient's, when local). */
    senderMailboxId: uuid('sender_mailbox_id'),
    recipientMailboxId: uuid('recipient_mailbox_id'),
    document: bytea('document').notNull(),
    cms: bytea('cms').notNull(),
    cmsSha256: text('cms_sha256').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('mail_evidence_chain_uq').on(t.chain, t.position), index('mail_evidence_sender_mb_idx').on(t.senderMailboxId), index('mail_evidence_recipient_mb_idx').on(t.recipientMailboxId)],
);

/**
 * A verified external e-mail address the owner is told at (no content: only that a registered
 * or official item arrived, and from whom). Verified by a one-time code sent to it.
 */
export const mailNotifyAddresses = pgTable('mail_notify_addresses', {
  mailboxId: uuid('mailbox_id').primaryKey().references(() => mailboxes.id),
  address: text('address').notNull(),
  codeHash: text('code_hash'),
  codeExpiresAt: timestamp('code_expires_at', { withTimezone: true }),
  attempts: integer('attempts').notNull().default(0),
  verifiedAt: timestamp('verified_at', { withTimezone: true }),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
