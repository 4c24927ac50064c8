/** Hybrid mail through the documented API: the sender's items, one item's tracking, its evidence. */
import { call } from '../../api/client.ts';
import { OPS } from '../../api/operations.ts';
import { saveBlob } from '../mail/mail-api.ts';

export interface HybridListItem {
  itemId: string;
  s10: string | null;
  subject: string;
  recipient: { name: string | null; locality: string | null; mailbox: string | null };
  status: string;
  statusAt: string;
  lastEvent: { event: string; occurredAt: string; place: string | null } | null;
  pages: number;
  priceTiyn: number | null;
  createdAt: string;
}

export interface HybridStatus {
  itemId: string;
  s10: string | null;
  status: string;
  statusAt: string;
  subject: string;
  pages: number;
  priceTiyn: number | null;
  registered: boolean;
  returnPolicy: string;
  createdAt: string;
  recipient: { name: string | null; mailbox: string | null; address: Record<string, string> | null };
  events: { event: string; occurredAt: string; place: string | null; evidenceId: string | null }[];
}

export const listHybrid = (cursor?: string) => call<{ items: HybridListItem[]; nextCursor: string | null }>(OPS.listHybridLetters, { query: { limit: 20, cursor } });

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
