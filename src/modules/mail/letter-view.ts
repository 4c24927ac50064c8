/** How a letter's index row is shown to its owner (lists, search results, one letter). */
import { sql } from 'drizzle-orm';

export interface LetterSummary {
  id: string;
  folder: string;
  direction: 'in' | 'out' | 'draft';
  messageId: string | null;
  threadId: string | null;
  subject: string;
  from: { address: string; name: string };
  to: string[];
  cc: string[];
  sentAt: string | null;
  receivedAt: string;
  snippet: string;
  size: number;
  seen: boolean;
  flagged: boolean;
  keywords: string[];
  hasAttachments: boolean;
  attachments: { filename: string; contentType: string; size: number; sha256: string }[];
  registered: boolean;
  /** Official sender or registered letter: set only by jashik, never by a header. */
  verifiedSender: boolean;
  handedOverAt: string | null;
}

export type LetterRow = {
  id: string;
  seq: string;
  mailbox_id: string;
  folder: string;
  direction: 'in' | 'out' | 'draft';
  submission_id: string | null;
  raw_sha256: string;
  size: string | number;
  message_id: string | null;
  thread_id: string | null;
  subject: string;
  from_address: string;
  from_name: string;
  to_addresses: string[];
  cc_addresses: string[];
  /** Timestamps: as PostgreSQL prints them, a Date, or milliseconds since the epoch (the listing reads those: no date parsing). */
  sent_at: string | Date | number | null;
  received_at: string | Date | number;
  snippet: string;
  seen: boolean;
  flagged: boolean;
  keywords: string[];
  has_attachments: boolean;
  attachments: LetterSummary['attachments'];
  registered: boolean;
  verified_sender: boolean;
  handed_over_at: string | Date | number | null;
};

export const LETTER_COLUMNS = sql.raw(`id, seq, mailbox_id, folder, direction, submission_id, raw_sha256, size, message_id, thread_id, subject,
  from_address, from_name, to_addresses, cc_addresses, sent_at, received_at, snippet, seen, flagged, keywords,
  has_attachments, attachments, registered, verified_sender, handed_over_at`);

/** What a list or a search page shows of each letter: the summary's columns only (no storage or ownership fields). */
export type SummaryRow = Omit<LetterRow, 'mailbox_id' | 'submission_id' | 'raw_sha256'>;
export const SUMMARY_COLUMNS = sql.raw(`id, seq, folder, direction, size, message_id, thread_id, subject,
  from_address, from_name, to_addresses, cc_addresses, sent_at, received_at, snippet, seen, flagged, keywords,
  has_attachments, attachments, registered, verified_sender, handed_over_at`);

const iso = (v: string | Date | number | null) => (v === null ? null : new Date(v).toISOString());

export function toSummary(r: SummaryRow): LetterSummary {
  return {
    id: r.id, folder: r.folder, direction: r.direction, messageId: r.message_id, threadId: r.thread_id, subject: r.subject,
    from: { address: r.from_address, name: r.from_name }, to: r.to_addresses, cc: r.cc_addresses, sentAt: iso(r.sent_at),
    receivedAt: iso(r.received_at)!, snippet: r.snippet, size: Number(r.size), seen: r.seen, flagged: r.flagged, keywords: r.keywords,
    hasAttachments: r.has_attachments, attachments: r.attachments, registered: r.registered, verifiedSender: r.verified_sender,
    handedOverAt: iso(r.handed_over_at),
  };
}

/** Keyset cursor: the last row's `seq`, opaque to clients. */
export const encodeCursor = (seq: string | number) => Buffer.from(`s${seq}`).toString('base64url');
export function decodeCursor(c: string | undefined): number | undefined {
  if (!c) return undefined;
  const m = /^s(\d{1,19})$/.exec(Buffer.from(c, 'base64url').toString());
  return m ? Number(m[1]) : undefined;
}
