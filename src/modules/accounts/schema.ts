/**
 * Accounts: who may sign in (mailbox owners and operator staff), how (password, EDS), the
 * applications that created the mailboxes (MB-4, MB-5), the user agreement and its
 * acceptances (MB-3), sessions, throttling, single-use nonces and codes, EDS confirmations
 * (MB-11), the directory (MB-12), post offices, organisation members and API tokens.
 *
 * Rows that are evidence (applications, acceptances, confirmations) are never updated in place.
 */
import { sql } from 'drizzle-orm';
import { boolean, check, customType, index, integer, jsonb, pgTable, serial, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { mailboxes } from '../mailboxes/schema.ts';

const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' });

/** Versions of the user agreement (MB-3): texts in the three languages and the hash of their canonical form. */
export const agreementVersions = pgTable('agreement_versions', {
  id: serial('id').primaryKey(),
  version: text('version').notNull().unique(),
  textKk: text('text_kk').notNull(),
  textRu: text('text_ru').notNull(),
  textEn: text('text_en').notNull(),
  /** SHA-256 (hex) of the canonical JSON {version, kk, ru, en}: what an acceptance binds to. */
  sha256: text('sha256').notNull(),
  publishedAt: timestamp('published_at', { withTimezone: true }).notNull().defaultNow(),
  publishedBy: text('published_by').notNull(),
});

export const postOffices = pgTable('post_offices', {
  id: uuid('id').primaryKey().defaultRandom(),
  /** The office's postal index or internal code, unique. */
  code: text('code').notNull().unique(),
  name: text('name').notNull(),
  address: text('address').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * A principal that signs in. Mailbox owners (personal or organisation) and operator staff share
 * one login namespace, so a staff login can never later become someone's address.
 */
export const accounts = pgTable(
  'accounts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Lower-case; unique forever, also after closing (MB-2, MB-10). */
    login: text('login').notNull().unique(),
    kind: text('kind', { enum: ['personal', 'organisation', 'staff'] }).notNull(),
    mailboxId: uuid('mailbox_id').references(() => mailboxes.id),
    /** The person: owner of a personal mailbox, the signer (head) who registered an organisation, or a staff member. */
    iin: text('iin'),
    bin: text('bin'),
    staffRole: text('staff_role', { enum: ['operator_admin', 'clerk', 'print_centre'] }),
    postOfficeId: uuid('post_office_id').references(() => postOffices.id),
    /** argon2id PHC string; null until activated (counter registrations, staff). */
    passwordHash: text('password_hash'),
    status: text('status', { enum: ['pending_activation', 'active', 'frozen', 'closed'] }).notNull(),
    /** The cabinet data (the application's fields, kept current by the owner). */
    profile: jsonb('profile').notNull().default({}),
    profileChangedAt: timestamp('profile_changed_at', { withTimezone: true }).notNull().defaultNow(),
    /** The agreement version this account last accepted. */
    agreementVersionId: integer('agreement_version_id').references(() => agreementVersions.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    closedAt: timestamp('closed_at', { withTimezone: true }),
  },
  (t) => [
    index('accounts_iin_idx').on(t.iin),
    index('accounts_mailbox_idx').on(t.mailboxId),
    check('accounts_kind_ck', sql`kind in ('personal', 'organisation', 'staff')`),
    check('accounts_status_ck', sql`status in ('pending_activation', 'active', 'frozen', 'closed')`),
    check('accounts_staff_ck', sql`(kind = 'staff') = (staff_role is not null)`),
    check('accounts_clerk_ck', sql`staff_role is distinct from 'clerk' or post_office_id is not null`),
  ],
);

/** Each acceptance of the agreement: who, which version (and its hash), when, how (MB-3). */
export const agreementAcceptances = pgTable('agreement_acceptances', {
  id: uuid('id').primaryKey().defaultRandom(),
  accountId: uuid('account_id').notNull().references(() => accounts.id),
  agreementVersionId: integer('agreement_version_id').notNull().references(() => agreementVersions.id),
  sha256: text('sha256').notNull(),
  channel: text('channel', { enum: ['online', 'counter', 'login'] }).notNull(),
  acceptedAt: timestamp('accepted_at', { withTimezone: true }).notNull().defaultNow(),
});

/** A mailbox application (MB-4, MB-5): the form, and for online ones the signed canonical document. */
export const applications = pgTable('applications', {
  id: uuid('id').primaryKey().defaultRandom(),
  applicantKind: text('applicant_kind', { enum: ['individual', 'legal_entity'] }).notNull(),
  channel: text('channel', { enum: ['online', 'counter'] }).notNull(),
  form: jsonb('form').notNull(),
  /** Online: the exact canonical JSON bytes that were signed, and the CMS. */
  canonical: text('canonical'),
  cms: bytea('cms'),
  /** The signer's certificate summary and the verification outcome. */
  signer: jsonb('signer'),
  accountId: uuid('account_id').notNull().references(() => accounts.id),
  mailboxId: uuid('mailbox_id').notNull().references(() => mailboxes.id),
  /** Counter: who registered it, where, the identity document checked, the scan of the paper form. */
  clerkId: uuid('clerk_id').references(() => accounts.id),
  postOfficeId: uuid('post_office_id').references(() => postOffices.id),
  identityDocumentChecked: text('identity_document_checked'),
  scanSha256: text('scan_sha256'),
  scanContentType: text('scan_content_type'),
  acceptedAt: timestamp('accepted_at', { withTimezone: true }).notNull().defaultNow(),
});

export const sessions = pgTable(
  'sessions',
  {
    /** SHA-256 (hex) of the cookie value; the value itself is never stored. */
    id: text('id').primaryKey(),
    accountId: uuid('account_id').notNull().references(() => accounts.id),
    csrfToken: text('csrf_token').notNull(),
    method: text('method', { enum: ['password', 'eds', 'activation'] }).notNull(),
    ip: text('ip'),
    userAgent: text('user_agent'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [index('sessions_account_idx').on(t.accountId)],
);

/** Failed credential attempts per key (`account:<id>`, `ip:<addr>`, `code:<account>`): growing delays, lockout. */
export const loginThrottle = pgTable('login_throttle', {
  key: text('key').primaryKey(),
  failures: integer('failures').notNull().default(0),
  lastFailureAt: timestamp('last_failure_at', { withTimezone: true }).notNull().defaultNow(),
  /** No attempt is considered before this moment. */
  blockedUntil: timestamp('blocked_until', { withTimezone: true }),
  /** A lockout (not just a delay); lifted by time or by the owner's EDS login. */
  locked: boolean('locked').notNull().default(false),
});

/** Single-use server nonces for signed documents (Conventions): expire in 5 minutes. */
export const signatureNonces = pgTable('signature_nonces', {
  nonce: text('nonce').primaryKey(),
  purpose: text('purpose', { enum: ['application', 'login', 'confirmation', 'member', 'reset'] }).notNull(),
  accountId: uuid('account_id').references(() => accounts.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  usedAt: timestamp('used_at', { withTimezone: true }),
});

/** One-time codes (activation after counter registration, password reset at the counter, bootstrap). */
export const activationCodes = pgTable(
  'activation_codes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    accountId: uuid('account_id').notNull().references(() => accounts.id),
    /** SHA-256 (hex) of the normalised code. */
    codeHash: text('code_hash').notNull().unique(),
    purpose: text('purpose', { enum: ['activation', 'reset', 'bootstrap'] }).notNull(),
    issuedBy: text('issued_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
  },
  (t) => [index('activation_codes_account_idx').on(t.accountId)],
);

/** EDS confirmations of the cabinet data (MB-11): the canonical document and the CMS, kept. */
export const edsConfirmations = pgTable('eds_confirmations', {
  id: uuid('id').primaryKey().defaultRandom(),
  accountId: uuid('account_id').notNull().references(() => accounts.id),
  mailboxId: uuid('mailbox_id').notNull().references(() => mailboxes.id),
  canonical: text('canonical').notNull(),
  cms: bytea('cms').notNull(),
  signer: jsonb('signer').notNull(),
  /** SHA-256 of the canonical profile confirmed: a later change of the profile drops the official mark. */
  profileSha256: text('profile_sha256').notNull(),
  confirmedAt: timestamp('confirmed_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * The unified base of e-mailboxes (MB-12): IIN/BIN → address. One active personal entry per IIN
 * and one active organisation entry per BIN.
 */
export const directoryEntries = pgTable(
  'directory_entries',
  {
    mailboxId: uuid('mailbox_id').primaryKey().references(() => mailboxes.id),
    kind: text('kind', { enum: ['personal', 'organisation'] }).notNull(),
    iin: text('iin'),
    bin: text('bin'),
    address: text('address').notNull(),
    displayName: text('display_name').notNull(),
    active: boolean('active').notNull().default(true),
    enteredAt: timestamp('entered_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('directory_personal_iin_uq').on(t.iin).where(sql`active and kind = 'personal'`),
    uniqueIndex('directory_organisation_bin_uq').on(t.bin).where(sql`active and kind = 'organisation'`),
  ],
);

/** People granted access to an organisation's mailbox, with a role (Conventions: Who is who). */
export const orgMembers = pgTable(
  'org_members',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    mailboxId: uuid('mailbox_id').notNull().references(() => mailboxes.id),
    iin: text('iin').notNull(),
    role: text('role', { enum: ['head', 'signatory', 'records_officer', 'executor', 'reader'] }).notNull(),
    grantedBy: uuid('granted_by').notNull().references(() => accounts.id),
    grantCanonical: text('grant_canonical'),
    grantCms: bytea('grant_cms'),
    grantedAt: timestamp('granted_at', { withTimezone: true }).notNull().defaultNow(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    revokedBy: uuid('revoked_by').references(() => accounts.id),
  },
  (t) => [uniqueIndex('org_members_active_uq').on(t.mailboxId, t.iin, t.role).where(sql`revoked_at is null`)],
);

/** Scoped bearer tokens for integrators; only the hash is kept (the token is shown once). */
export const apiTokens = pgTable('api_tokens', {
  id: uuid('id').primaryKey().defaultRandom(),
  mailboxId: uuid('mailbox_id').notNull().references(() => mailboxes.id),
  name: text('name').notNull(),
  tokenHash: text('token_hash').notNull().unique(),
  scopes: text('scopes').array().notNull(),
  createdBy: uuid('created_by').notNull().references(() => accounts.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
  lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
});
