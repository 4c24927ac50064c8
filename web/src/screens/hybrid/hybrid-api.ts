/** Hybrid mail through the documented API: the sender's items, one item's tracking, its evidence. */
import { call } from '../../api/client.ts';
import type { Answer } from '../../api/answers.ts';
import { OPS } from '../../api/operations.ts';
import { saveBlob } from '../mail/mail-api.ts';

export type HybridListItem = Answer<'listHybridLetters'>['items'][number];

export type HybridStatus = Answer<'getHybridStatus'>;

export const listHybrid = (cursor?: string) => call<Answer<'listHybridLetters'>>(OPS.listHybridLetters, { query: { limit: 20, cursor } });

export const hybridStatus = (ref: string) => call<HybridStatus>(OPS.getHybridStatus, { params: { ref } });

export async function downloadHybridEvidence(evidenceId: string, filename: string): Promise<void> {
  const blob = await call<Blob>(OPS.getHybridEvidence, { params: { evidenceId }, query: { format: 'p7s' } });
  saveBlob(blob, filename);
}

/** Tiyn → the price in tenge, in the user's language. */
export function tenge(tiyn: number, locale: string): string {
  return new Intl.NumberFormat(locale, { style: 'currency', currency: 'KZT', minimumFractionDigits: 0, maximumFractionDigits: 2 }).format(tiyn / 100);
}

/** Known statuses are translated; an unknown one (a newer server) is shown as the server names it. */
export const HYBRID_STATUSES = ['awaiting_read', 'read_online', 'accepted', 'printed', 'enveloped', 'handed_over', 'delivered', 'returned', 'returned_to_sender', 'destroyed'];
