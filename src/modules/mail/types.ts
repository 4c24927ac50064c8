/**
 * Shapes the mail services share: who acts, what a letter's index holds, the limits, and the
 * adapters (evidence signer, DNS) the services receive instead of importing.
 */

/** An already-authenticated caller acting on one mailbox (a user's own, or a token's). */
export interface MailActor {
  mailboxId: string;
  /** For the audit log: `user:<id>`, `token:<id>`, `system`. */
  actor: string;
  requestId?: string;
  /** API tokens: what the token may do (`read`, `send`); undefined for a person's own session. */
  scopes?: string[];
}

export const SYSTEM_FOLDERS = ['inbox', 'sent', 'drafts', 'trash', 'archive', 'junk'] as const;
export type SystemFolder = (typeof SYSTEM_FOLDERS)[number];

export interface AttachmentInfo {
  filename: string;
  contentType: string;
  size: number;
  sha256: string;
}

/** What the index needs from a raw message; parsed once, copied to every recipient's row. */
export interface ParsedLetter {
  messageId: string | null;
  inReplyTo: string | null;
  references: string[];
  threadId: string | null;
  subject: string;
  fromAddress: string;
  fromName: string;
  to: string[];
  cc: string[];
  sentAt: string | null;
  snippet: string;
  /** Plain text for search (capped). */
  text: string;
  attachments: AttachmentInfo[];
  /** SHA-256 of each decoded part (text, html, attachments), for evidence. */
  parts: { name: string; sha256: string }[];
}

/** Signs evidence: CMS SignedData (attached) over the canonical bytes, by the operator key. */
export interface EvidenceSigner {
  sign(bytes: Uint8Array): Promise<Uint8Array>;
}

/** DNS as mailauth wants it (dns.promises.resolve); tests and benchmarks pass a local stub. */
export type DnsResolve = (name: string, rrtype: string) => Promise<unknown>;

export interface MailLimits {
  /** Total of attachments of one letter; Conventions: 60 MB = 62,914,560 bytes. */
  attachmentsBytes: number;
  /** Largest raw message accepted over SMTP or composed. */
  messageBytes: number;
  recipientsPerLetter: number;
}

export const DEFAULT_MAIL_LIMITS: MailLimits = {
  attachmentsBytes: 62_914_560,
  messageBytes: 90 * 1024 * 1024,
  recipientsPerLetter: 100,
};
