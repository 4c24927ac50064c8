/** Per-item price from the tariff table: the first row for the item's kind whose page bracket fits. */
import type { TariffRow } from './hybrid-config.ts';

export function priceOf(tariff: TariffRow[], registered: boolean, pages: number): number {
  const rows = tariff.filter((r) => r.registered === registered).sort((a, b) => a.maxPages - b.maxPages);
  const row = rows.find((r) => pages <= r.maxPages) ?? rows.at(-1);
  if (!row) throw new Error(`the tariff has no row for ${registered ? 'registered' : 'ordinary'} items`);
  return row.priceTiyn;
}
