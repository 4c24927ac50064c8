/** The letters API as the mailbox screens use it (issue 5's operations), typed by the server's own schemas. */
import { call } from '../../api/client.ts';
import type { Answer } from '../../api/answers.ts';
import { OPS } from '../../api/operations.ts';

export type Folder = Answer<'listFolders'>['folders'][number];

/** A letter as a folder list or a search shows it. */
export type Letter = Answer<'listLetters'>['letters'][number];

/** One letter opened: its summary, its text, and its sanitised HTML when it has one. */
export type OpenedLetter = Letter & { text: string; html?: string };

/** An evidence record of a letter, with what the verifier said of it once asked. */
export type Evidence = Answer<'listEvidence'>[number] & {
  verified?: boolean;
  /** What the record proves, from the verifier, in the user's language. */
  meaning?: string;
};

export const listFolders = () => call<Answer<'listFolders'>>(OPS.listFolders);

export async function listLetters(folder: string, cursor?: string, q?: string): Promise<{ items: Letter[]; next?: string }> {
  const page = q
    ? await call<Answer<'searchLetters'>>(OPS.searchLetters, { query: { q, folder, cursor } })
    : await call<Answer<'listLetters'>>(OPS.listLetters, { query: { folder, cursor, limit: 25 } });
  return { items: page.letters, next: page.nextCursor ?? undefined };
}

export async function getLetter(id: string): Promise<OpenedLetter> {
  // The index row and the parsed (sanitised) body.
  const r = await call<Answer<'getLetter'>>(OPS.getLetter, { params: { id } });
  return { ...r.letter, text: r.text, html: r.html ?? undefined };
}

export const listEvidence = (id: string): Promise<Evidence[]> => call<Answer<'listEvidence'>>(OPS.listEvidence, { params: { id } });

/** What the verifier said about one record, and its CMS (the next record links to it). */
export interface Checked {
  verified: boolean;
  meaning?: string;
  cmsBase64: string;
}

/**
 * Checks each evidence record of a chain with the API's verifier (against the published operator
 * certificates, linked to the previous record; with its document, which evidence signed in a batch
 * needs): valid or not, and what it proves, in the user's language.
 * Records already in `checked` are not asked about again, so looking at a growing chain again
 * costs one verification per new record.
 */
export async function verifyChain(list: Evidence[], checked: Map<string, Checked> = new Map()): Promise<Evidence[]> {
  let previous: string | undefined;
  const out: Evidence[] = [];
  for (const e of list) {
    let c = checked.get(e.id);
    if (!c) {
      const full = await call<Answer<'getEvidence'>>(OPS.getEvidence, { params: { id: e.id } });
      const v = await call<Answer<'verifyEvidence'>>(OPS.verifyEvidence, { body: { evidenceBase64: full.cmsBase64, documentBase64: full.documentBase64, ...(previous ? { previousEvidenceBase64: previous } : {}) } });
      c = { verified: v.valid, meaning: v.meaning ?? undefined, cmsBase64: full.cmsBase64 };
      checked.set(e.id, c);
    }
    out.push({ ...e, verified: c.verified, meaning: c.meaning });
    previous = c.cmsBase64;
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
