/**
 * What the docflow services receive instead of importing other modules (STYLE habit 3): who
 * acts, the organisation roles, where trust comes from, the operator's evidence key, the
 * information-system keys for automatic receipts, the clock and the notifier. Real
 * implementations are wired in src/app; tests pass doubles named as such.
 */
import type { Database, Tx } from '../../storage/db/database.ts';
import type { BlobStore } from '../../storage/blobs/blob-store.ts';
import type { CmsSigner } from '../pki/cms-sign.ts';
import type { RevocationOptions } from '../pki/revocation.ts';
import type { TrustStore } from '../pki/trust.ts';

export const MEMBER_ROLES = ['head', 'signatory', 'records_officer', 'executor', 'reader'] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];

/** An authenticated person (or token) acting through the API. */
export interface DocflowActor {
  accountId: string;
  /** The person's IIN (null for tokens and staff without one). */
  iin: string | null;
  /** For the audit log: `user:<id>`, `token:<id>`, `staff:<id>`. */
  actor: string;
  requestId?: string;
  staffRole?: 'operator_admin' | 'clerk' | 'print_centre';
  /** A token is bound to one mailbox and acts with the roles its scopes give. */
  tokenMailboxId?: string;
  tokenRoles?: MemberRole[];
  displayName?: string;
}

/** The roles a person holds in an organisation's mailbox (accounts: `grantMember`). */
export interface MembershipPolicy {
  rolesOf(actor: Pick<DocflowActor, 'accountId' | 'iin' | 'tokenMailboxId' | 'tokenRoles'>, mailboxId: string): Promise<MemberRole[]>;
}

/** Where trust comes from: NCA anchors in production, the demo CA in demo mode. */
export interface DocflowTrust {
  trustStore(): Promise<TrustStore>;
  revocation(): Promise<RevocationOptions>;
}

/** Signs operator evidence (CMS over canonical bytes) with the operator's key. */
export interface EvidenceSigner {
  sign(bytes: Uint8Array): Promise<Uint8Array>;
}

/** An organisation's information-system key (NCA certificate of its BIN) for automatic receipts. */
export interface ReceiptKeys {
  signerFor(mailboxId: string): Promise<CmsSigner | undefined>;
}

/** Cabinet alerts also go out by e-mail; the mail module sends them. */
export interface Notifier {
  /** Puts a notice into the mailbox (in the job's transaction). */
  email(tx: Tx, input: { mailboxId: string; subject: string; text: string; idempotencyKey: string }): Promise<void>;
}

export interface DocflowDeps {
  database: Database;
  blobs: BlobStore;
  membership: MembershipPolicy;
  trust: DocflowTrust;
  evidence: EvidenceSigner;
  receiptKeys: ReceiptKeys;
  notifier: Notifier;
  /** The operator's name in evidence and RCCs (the domain). */
  operator: string;
  now: () => Date;
}

/** DF-2: 60 MB (2^20) over all content and attachment files; at most 6 attachments. */
export const DOCFLOW_LIMITS = { totalBytes: 62_914_560, attachments: 6, contentFiles: 20 } as const;
