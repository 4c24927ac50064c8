/**
 * The demo CA's state (demo mode only): every certificate it issued — its own CA, TSA and
 * operator certificates included — with its revocation. OCSP answers and CRLs are made from
 * this table; the private keys live under `<dataDir>/demo-pki/` (mode 600), never here.
 */
import { sql } from 'drizzle-orm';
import { check, customType, index, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' });

export const demoPkiCertificates = pgTable(
  'demo_pki_certificates',
  {
    /** Serial number, upper-case hex as the pki module prints it. */
    serial: text('serial').primaryKey(),
    /** Which demo CA issued it: `root` (self and the issuing CA) or `issuing` (everything else). */
    issuer: text('issuer', { enum: ['root', 'issuing'] }).notNull(),
    kind: text('kind', { enum: ['root-ca', 'issuing-ca', 'tsa', 'individual', 'head', 'signatory', 'employee', 'operator'] }).notNull(),
    alg: text('alg', { enum: ['rsa', 'gost2015'] }).notNull(),
    subject: text('subject').notNull(),
    iin: text('iin'),
    bin: text('bin'),
    fingerprint: text('fingerprint').notNull().unique(),
    der: bytea('der').notNull(),
    notBefore: timestamp('not_before', { withTimezone: true }).notNull(),
    notAfter: timestamp('not_after', { withTimezone: true }).notNull(),
    issuedAt: timestamp('issued_at', { withTimezone: true }).notNull().defaultNow(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    revocationReason: text('revocation_reason'),
  },
  (t) => [
    index('demo_pki_certificates_iin_idx').on(t.iin),
    index('demo_pki_certificates_revoked_idx').on(t.issuer).where(sql`revoked_at is not null`),
    check('demo_pki_certificates_issuer_ck', sql`issuer in ('root', 'issuing')`),
    check('demo_pki_certificates_alg_ck', sql`alg in ('rsa', 'gost2015')`),
  ],
);
