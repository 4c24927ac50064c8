/** The letters API as the mailbox screens use it (issue 5's operations), with tolerant reading of list shapes. */
import { call } from '../../api/client.ts';
import { OPS } from '../../api/operations.ts';

export interface Folder {
  id: string;
  name: string;
  system: boolean;
  total: number;
  unread: number;
}

export interface Letter {
  id: string;
  folder: string;
  direction: 'in' | 'out' | 'draft';
  subject: string;
  from: { address: string; name: string };
  to: string[];
  cc: string[];
  sentAt: string | null;
  receivedAt: string;
  snippet: string;
  size: number;
  seen: boolean;
  hasAttachments: boolean;
  attachments: { filename: string; contentType: string; size: number; sha256: string; index?: number }[];
  registered: boolean;
  verifiedSender: boolean;
  handedOverAt: string | null;
  text?: string;
  html?: string;
  body?: { text?: string; html?: string };
}

export interface Evidence {
  id: string;
  event: string;
  /** Place in the letter's evidence chain. */
  position?: number;
  eventTime?: string;
  time?: string;
  createdAt?: string;
  recipient?: string;
  reason?: string;
  verified?: boolean;
  valid?: boolean;
  status?: string;
  /** What the record proves, from the verifier, in the user's language. */
  meaning?: string;
}

export async function listFolders(): Promise<{ folders: Folder[]; usedBytes?: number; quotaBytes?: number }> {
  const r = await call<{ folders: Folder[]; usedBytes?: number; quotaBytes?: number } | Folder[]>(OPS.listFolders);
  return Array.isArray(r) ? { folders: r } : r;
}

function items<T>(r: unknown): { items: T[]; next?: string } {
  if (Array.isArray(r)) return { items: r as T[] };
  const o = r as Record<string, unknown>;
  const list = (o.letters ?? o.items ?? o.results ?? o.evidence ?? []) as T[];
  const next = (o.nextCursor ?? o.next ?? o.cursor) as string | undefined;
  return { items: list, next: next ?? undefined };
}

export async function listLetters(folder: string, cursor?: string, q?: string): Promise<{ items: Letter[]; next?: string }> {
  if (q) return items<Letter>(await call(OPS.searchLetters, { query: { q, folder, cursor } }));
  return items<Letter>(await call(OPS.listLetters, { query: { folder, cursor, limit: 25 } }));
}

export async function getLetter(id: string): Promise<Letter> {
  const r = await call<Letter | { letter: Letter; text?: string; html?: string | null }>(OPS.getLetter, { params: { id } });
  // The letters API answers { letter, text, html }: the index row and the parsed (sanitised) body.
  if ('letter' in r) return { ...r.letter, text: r.text, html: r.html ?? undefined };
  return r;
}

export async function listEvidence(id: string): Promise<Evidence[]> {
  return items<Evidence>(await call(OPS.listEvidence, { params: { id } })).items;
}

/** What the verifier said about one record, and its CMS (the next record links to it). */
export interface Checked {
  verified?: boolean;
  meaning?: string;
  cmsBase64?: string;
}

/**
 * Checks each evidence record of a chain with the API's verifier (against the published operator
 * certificates, linked to the previous record): valid or not, and what it proves, in the user's language.
 * Records already in `checked` are not asked about again, so looking at a growing chain again
 * costs one verification per new record.
 */
export async function verifyChain(list: Evidence[], checked: Map<string, Checked> = new Map()): Promise<Evidence[]> {
  let previous: string | undefined;
  const out: Evidence[] = [];
  for (const e of list) {
    let c = checked.get(e.id);
    if (!c) {
      const full = await call<{ cmsBase64?: string }>(OPS.getEvidence, { params: { id: e.id } });
      if (full.cmsBase64) {
        const v = await call<{ valid: boolean; meaning?: string | null }>(OPS.verifyEvidence, { body: { evidenceBase64: full.cmsBase64, ...(previous ? { previousEvidenceBase64: previous } : {}) } });
        c = { verified: v.valid, meaning: v.meaning ?? undefined, cmsBase64: full.cmsBase64 };
      } else {
        c = {};
      }
      checked.set(e.id, c);
    }
    out.push(c.cmsBase64 ? { ...e, verified: c.verified, meaning: c.meaning } : e);
    if (c.cmsBase64) previous = c.cmsBase64;
  }
  return out;
}

/** Saves a Blob the API returned under a file name. */
export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
