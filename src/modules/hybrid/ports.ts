/**
 * What the hybrid services need from outside, as small interfaces injected by src/app (STYLE
 * habit 3 and 9): the operator's evidence signer, delivery into mailboxes, the directory and the
 * registry of postal addresses, and the print-centre drop. Test doubles are named as such.
 */
import type { Tx } from '../../storage/db/database.ts';
import type { KzAddress } from './address.ts';

/** CMS SignedData (attached) over the canonical bytes, by the operator key. */
export interface EvidenceSigner {
  sign(bytes: Uint8Array): Promise<Uint8Array>;
}

/** An authenticated caller, as the HTTP layer or a job hands it to a service. */
export interface HybridActor {
  /** `user:<id>`, `token:<id>`, `staff:<id>`, `system`. */
  actor: string;
  kind: 'user' | 'token' | 'staff' | 'system';
  /** The mailbox the caller acts for (users and tokens). */
  mailboxId?: string;
  mailboxKind?: 'personal' | 'organisation';
  /** Token scopes (`hybrid` lets an integrator address by IIN/BIN). */
  scopes?: string[];
  staffRole?: 'operator_admin' | 'clerk' | 'print_centre';
  postOfficeId?: string;
  requestId?: string;
}

export interface MailboxRef {
  mailboxId: string;
  address: string;
  displayName: string;
}

export interface MailboxLetter {
  mailboxId: string;
  from: { address: string; name: string };
  subject: string;
  text: string;
  attachments: { filename: string; contentType: string; content: Uint8Array }[];
  verifiedSender: boolean;
}

/** Delivery into mailboxes, inside the caller's transaction; relay to external addresses through the outbox. */
export interface MailDelivery {
  findMailbox(tx: Tx, address: string): Promise<MailboxRef | null>;
  findMailboxByIdNumber(tx: Tx, iinOrBin: string): Promise<MailboxRef | null>;
  deliverToMailbox(tx: Tx, letter: MailboxLetter): Promise<{ letterId: string }>;
  /** When the recipient first opened the letter (null = not yet). */
  openedAt(tx: Tx, letterId: string): Promise<Date | null>;
  /** External e-mail (paper → e-mail address outside jashik). */
  relayToExternal(tx: Tx, letter: Omit<MailboxLetter, 'mailboxId'> & { to: string }): Promise<{ reference: string }>;
}

/** Postal addresses of persons and organisations from the state registry (addressing by IIN/BIN). */
export interface AddressRegistry {
  postalAddressOf(iinOrBin: string): Promise<KzAddress | null>;
}
