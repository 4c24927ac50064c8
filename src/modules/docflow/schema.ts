/**
 * Electronic document flow (issue 7, DF-1 … DF-20). One e-document is one original (DF-16):
 * its content files, their detached CMS signatures and its registration-control card (RCC)
 * live once in `docflow_documents` / `docflow_files`; the sender's and the recipient's journals
 * refer to it through `docflow_registrations`, never to a copy. Deliveries carry the incoming
 * verification and primary processing; receipts are signed documents kept with their document.
 */
import { sql } from 'drizzle-orm';
import { bigint, boolean, check, customType, date, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { mailboxes } from '../mailboxes/schema.ts';

const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' });

/** Shared reference data (DF-5): document types, case nomenclature, organisations — every edit is a new version. */
export const docflowReference = pgTable(
  'docflow_reference',
  {
    kind: text('kind', { enum: ['document_type', 'nomenclature', 'organisation'] }).notNull(),
    code: text('code').notNull(),
    version: integer('version').notNull(),
    data: jsonb('data').notNull(),
    retired: boolean('retired').notNull().default(false),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.kind, t.code, t.version] }), check('docflow_reference_kind_ck', sql`kind in ('document_type', 'nomenclature', 'organisation')`)],
);

/** Per-organisation settings: the registration-number pattern, automatic receipts. */
export const docflowSettings = pgTable('docflow_settings', {
  mailboxId: uuid('mailbox_id').primaryKey().references(() => mailboxes.id),
  numberPattern: text('number_pattern').notNull().default('{index}/{seq}'),
  automaticReceipts: boolean('automatic_receipts').notNull().default(false),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** The e-document: content requisites, RCC requisites, the records officer's signed card. */
export const docflowDocuments = pgTable(
  'docflow_documents',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    senderMailboxId: uuid('sender_mailbox_id').notNull().references(() => mailboxes.id),
    recipientMailboxId: uuid('recipient_mailbox_id').references(() => mailboxes.id),
    authorAccountId: text('author_account_id').notNull(),
    author: jsonb('author').notNull(),
    typeCode: text('type_code').notNull(),
    typeVersion: integer('type_version').notNull(),
    requisites: jsonb('requisites').notNull(),
    card: jsonb('card').notNull(),
    status: text('status', { enum: ['draft', 'signed', 'registered', 'sent'] }).notNull().default('draft'),
    medium: text('medium', { enum: ['electronic', 'paper'] }).notNull().default('electronic'),
    stateSecret: boolean('state_secret').notNull().default(false),
    /** DF-19: the date of the first official's signature is the document's date (Almaty civil date). */
    firstSignedAt: timestamp('first_signed_at', { withTimezone: true }),
    documentDate: date('document_date'),
    /** The RCC as signed by the records officer (canonical JSON) and the CMS. */
    rccCanonical: bytea('rcc_canonical'),
    rccCms: bytea('rcc_cms'),
    rccSigner: jsonb('rcc_signer'),
    searchText: text('search_text').notNull().default(''),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
  },
  (t) => [
    index('docflow_documents_sender_idx').on(t.senderMailboxId, t.createdAt),
    index('docflow_documents_search_trgm_idx').using('gin', sql`${t.searchText} gin_trgm_ops`),
    check('docflow_documents_status_ck', sql`status in ('draft', 'signed', 'registered', 'sent')`),
  ],
);

/** Content files and attachments; each content file has one detached CMS holding every official's SignerInfo. */
export const docflowFiles = pgTable(
  'docflow_files',
  {
    documentId: uuid('document_id').notNull().references(() => docflowDocuments.id),
    position: integer('position').notNull(),
    role: text('role', { enum: ['content', 'attachment'] }).notNull(),
    filename: text('filename').notNull(),
    format: text('format').notNull(),
    sha256: text('sha256').notNull(),
    size: bigint('size', { mode: 'number' }).notNull(),
    cms: bytea('cms'),
    signers: jsonb('signers').notNull().default([]),
    text: text('text').notNull().default(''),
  },
  (t) => [primaryKey({ columns: [t.documentId, t.position] })],
);

/** Signing certificates with their validity (DF-15) and the link document ↔ public key (DF-14). */
export const docflowCertificates = pgTable('docflow_certificates', {
  fingerprint: text('fingerprint').primaryKey(),
  serial: text('serial').notNull(),
  subject: text('subject').notNull(),
  issuer: text('issuer').notNull(),
  der: bytea('der').notNull(),
  iin: text('iin'),
  bin: text('bin'),
  notBefore: timestamp('not_before', { withTimezone: true }).notNull(),
  notAfter: timestamp('not_after', { withTimezone: true }).notNull(),
});

export const docflowDocumentKeys = pgTable(
  'docflow_document_keys',
  {
    documentId: uuid('document_id').notNull().references(() => docflowDocuments.id),
    fingerprint: text('fingerprint').notNull().references(() => docflowCertificates.fingerprint),
    usage: text('usage', { enum: ['content', 'rcc', 'receipt'] }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.documentId, t.fingerprint, t.usage] })],
);

/** Per-organisation, per-journal, per-year, per-nomenclature-index counters of registration numbers. */
export const docflowSequences = pgTable(
  'docflow_sequences',
  {
    mailboxId: uuid('mailbox_id').notNull().references(() => mailboxes.id),
    journal: text('journal', { enum: ['outgoing', 'incoming'] }).notNull(),
    year: integer('year').notNull(),
    nomenclatureIndex: text('nomenclature_index').notNull(),
    last: integer('last').notNull(),
  },
  (t) => [primaryKey({ columns: [t.mailboxId, t.journal, t.year, t.nomenclatureIndex] })],
);

/** Journal entries: an organisation's registration of a document (outgoing or incoming). */
export const docflowRegistrations = pgTable(
  'docflow_registrations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    documentId: uuid('document_id').notNull().references(() => docflowDocuments.id),
    mailboxId: uuid('mailbox_id').notNull().references(() => mailboxes.id),
    journal: text('journal', { enum: ['outgoing', 'incoming'] }).notNull(),
    status: text('status', { enum: ['reserved', 'registered'] }).notNull(),
    year: integer('year').notNull(),
    nomenclatureIndex: text('nomenclature_index').notNull(),
    number: text('number').notNull(),
    registeredAt: timestamp('registered_at', { withTimezone: true }).notNull(),
    registrationDate: date('registration_date').notNull(),
    registeredBy: text('registered_by').notNull(),
    /** Outgoing: the RCC bytes the records officer is to sign (with its nonce). */
    pendingCard: bytea('pending_card'),
    nonce: text('nonce'),
    controlMark: boolean('control_mark').notNull().default(false),
    executionMark: text('execution_mark'),
    filedIndex: text('filed_index'),
    filedAt: timestamp('filed_at', { withTimezone: true }),
    responsibleExecutor: jsonb('responsible_executor'),
    /** End of retention (DF-14, nomenclature); null = permanent. */
    retainUntil: date('retain_until'),
  },
  (t) => [
    uniqueIndex('docflow_registrations_number_uq').on(t.mailboxId, t.journal, t.year, t.number),
    uniqueIndex('docflow_registrations_document_uq').on(t.documentId, t.mailboxId, t.journal),
    index('docflow_registrations_journal_idx').on(t.mailboxId, t.journal, t.registeredAt),
  ],
);

/** A document sent to a recipient: arrival, verification, primary processing, decision, receipt, delivery watch. */
export const docflowDeliveries = pgTable(
  'docflow_deliveries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    documentId: uuid('document_id').notNull().references(() => docflowDocuments.id),
    senderMailboxId: uuid('sender_mailbox_id').notNull().references(() => mailboxes.id),
    recipientMailboxId: uuid('recipient_mailbox_id').notNull().references(() => mailboxes.id),
    sentAt: timestamp('sent_at', { withTimezone: true }).notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
    status: text('status', { enum: ['checking', 'held', 'awaiting_acceptance', 'awaiting_rejection', 'accepted', 'rejected'] }).notNull(),
    /** Verification and primary-processing outcome: signers, reasons (coded). */
    check: jsonb('check'),
    heldUntil: timestamp('held_until', { withTimezone: true }),
    checkedAt: timestamp('checked_at', { withTimezone: true }),
    /** The receipt the records officer is to sign (canonical JSON with nonce), prepared on request. */
    pendingReceipt: bytea('pending_receipt'),
    pendingKind: text('pending_kind', { enum: ['accepted', 'not_accepted'] }),
    registrationId: uuid('registration_id'),
    receiptId: uuid('receipt_id'),
    /** DF-11: when the sender was alerted that no receipt came within one working day. */
    alertedAt: timestamp('alerted_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('docflow_deliveries_document_recipient_uq').on(t.documentId, t.recipientMailboxId),
    index('docflow_deliveries_recipient_idx').on(t.recipientMailboxId, t.receivedAt),
    check('docflow_deliveries_status_ck', sql`status in ('checking', 'held', 'awaiting_acceptance', 'awaiting_rejection', 'accepted', 'rejected')`),
  ],
);

/** Validation data at the time of receipt (OCSP answers, CRLs), so the document can be re-verified offline (DF-14). */
export const docflowValidationData = pgTable(
  'docflow_validation_data',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    documentId: uuid('document_id').notNull().references(() => docflowDocuments.id),
    kind: text('kind', { enum: ['ocsp', 'crl'] }).notNull(),
    source: text('source'),
    der: bytea('der').notNull(),
    fetchedAt: timestamp('fetched_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('docflow_validation_data_document_idx').on(t.documentId)],
);

/** Notification-receipts (DF-7, DF-10): signed documents, kept with their document. */
export const docflowReceipts = pgTable(
  'docflow_receipts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    deliveryId: uuid('delivery_id').notNull().references(() => docflowDeliveries.id),
    documentId: uuid('document_id').notNull().references(() => docflowDocuments.id),
    kind: text('kind', { enum: ['accepted', 'not_accepted'] }).notNull(),
    canonical: bytea('canonical').notNull(),
    cms: bytea('cms').notNull(),
    signer: jsonb('signer').notNull(),
    automatic: boolean('automatic').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('docflow_receipts_delivery_uq').on(t.deliveryId)],
);

/** Execution control (DF-13): assignments with deadlines on the working-day calendar. */
export const docflowExecutions = pgTable(
  'docflow_executions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    registrationId: uuid('registration_id').notNull().references(() => docflowRegistrations.id),
    documentId: uuid('document_id').notNull().references(() => docflowDocuments.id),
    mailboxId: uuid('mailbox_id').notNull().references(() => mailboxes.id),
    executorIin: text('executor_iin').notNull(),
    executorName: text('executor_name'),
    assignedBy: text('assigned_by').notNull(),
    instruction: text('instruction').notNull().default(''),
    deadline: timestamp('deadline', { withTimezone: true }).notNull(),
    status: text('status', { enum: ['assigned', 'reported', 'accepted'] }).notNull().default('assigned'),
    report: text('report'),
    reportedAt: timestamp('reported_at', { withTimezone: true }),
    acceptedAt: timestamp('accepted_at', { withTimezone: true }),
    overdueNotifiedAt: timestamp('overdue_notified_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('docflow_executions_mailbox_idx').on(t.mailboxId, t.status, t.deadline)],
);

/** Cabinet alerts (DF-11 missing receipt, DF-13 overdue); e-mails go out through a job. */
export const docflowAlerts = pgTable(
  'docflow_alerts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    mailboxId: uuid('mailbox_id').notNull().references(() => mailboxes.id),
    kind: text('kind', { enum: ['receipt_missing', 'execution_overdue', 'execution_due_soon', 'receipt_received'] }).notNull(),
    documentId: uuid('document_id'),
    payload: jsonb('payload').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    readAt: timestamp('read_at', { withTimezone: true }),
  },
  (t) => [index('docflow_alerts_mailbox_idx').on(t.mailboxId, t.createdAt)],
);

/** Destruction lists at retention expiry and their signed acts (DF-1, DF-14). */
export const docflowDestructions = pgTable('docflow_destructions', {
  id: uuid('id').primaryKey().defaultRandom(),
  mailboxId: uuid('mailbox_id').notNull().references(() => mailboxes.id),
  status: text('status', { enum: ['proposed', 'done'] }).notNull().default('proposed'),
  asOf: date('as_of').notNull(),
  items: jsonb('items').notNull(),
  proposedBy: text('proposed_by').notNull(),
  approvedBy: text('approved_by'),
  actCanonical: bytea('act_canonical'),
  actCms: bytea('act_cms'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  executedAt: timestamp('executed_at', { withTimezone: true }),
});

/** Certified paper copies made (DF-17). */
export const docflowPaperCopies = pgTable('docflow_paper_copies', {
  id: uuid('id').primaryKey().defaultRandom(),
  documentId: uuid('document_id').notNull().references(() => docflowDocuments.id),
  mailboxId: uuid('mailbox_id'),
  certifier: jsonb('certifier').notNull(),
  sha256: text('sha256').notNull(),
  size: bigint('size', { mode: 'number' }).notNull(),
  sheets: integer('sheets').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Operator evidence about documents (submission, consignment), signed by the operator key. */
export const docflowEvidence = pgTable(
  'docflow_evidence',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    documentId: uuid('document_id').notNull().references(() => docflowDocuments.id),
    deliveryId: uuid('delivery_id'),
    event: text('event').notNull(),
    canonical: bytea('canonical').notNull(),
    cms: bytea('cms').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('docflow_evidence_document_idx').on(t.documentId)],
);
