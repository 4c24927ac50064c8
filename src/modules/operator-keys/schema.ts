/**
 * The operator's evidence certificates, past and present. Exactly one is current (it signs new
 * evidence and audit checkpoints); retired ones stay here and stay published at
 * /.well-known/jashik/operator-certificates so anyone can verify old evidence.
 */
import { sql } from 'drizzle-orm';
import { boolean, check, customType, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' });

export const operatorCertificates = pgTable(
  'operator_certificates',
  {
    /** SHA-256 of the certificate DER, upper-case hex. */
    fingerprint: text('fingerprint').primaryKey(),
    serial: text('serial').notNull(),
    subject: text('subject').notNull(),
    issuer: text('issuer').notNull(),
    der: bytea('der').notNull(),
    /** The issuing CAs up to the root, PEM, for verifiers (`openssl cms -verify -CAfile`). */
    chainPem: text('chain_pem').notNull(),
    validFrom: timestamp('valid_from', { withTimezone: true }).notNull(),
    validTo: timestamp('valid_to', { withTimezone: true }).notNull(),
    /** `configured`: JASHIK_OPERATOR_KEY_P12; `demo`: issued by the demo CA, key under the data dir. */
    source: text('source', { enum: ['configured', 'demo'] }).notNull(),
    /** Demo keys: file name under `<dataDir>/operator-keys/`. */
    keyFile: text('key_file'),
    current: boolean('current').notNull().default(false),
    activatedAt: timestamp('activated_at', { withTimezone: true }).notNull().defaultNow(),
    retiredAt: timestamp('retired_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('operator_certificates_one_current_uq').on(t.current).where(sql`current`),
    check('operator_certificates_source_ck', sql`source in ('configured', 'demo')`),
  ],
);
