/** The content part of an evidence document: Message-ID, SHA-256 of the raw message and of each part. */
import type { ParsedLetter } from '../types.ts';
import type { EvidenceContent } from './evidence-document.ts';

export function evidenceContent(messageId: string, raw: { sha256: string; size: number }, parsed: Pick<ParsedLetter, 'parts'>): EvidenceContent {
  return { messageId, rawSha256: raw.sha256, size: raw.size, parts: parsed.parts };
}
