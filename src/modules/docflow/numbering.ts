/**
 * Registration numbers (DF-12): a counter per organisation, journal, year and nomenclature index,
 * taken with a row lock (`insert … on conflict do update … returning`), so two records officers
 * registering at once always get distinct numbers; formatted by the organisation's pattern.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Tx } from '../../storage/db/database.ts';
import { almatyDateOf } from '../../domain/working-days.ts';

export const DEFAULT_PATTERN = '{index}/{seq}';
const TOKENS = /\{(index|seq|year|yy|journal)\}/g;

export function validPattern(p: string): boolean {
  return p.length <= 64 && p.includes('{seq}') && !/[{}]/.test(p.replace(TOKENS, ''));
}

export function formatNumber(pattern: string, v: { index: string; seq: number; year: number; journal: 'outgoing' | 'incoming' }): string {
  return pattern.replace(TOKENS, (_, t: string) =>
    t === 'index' ? v.index : t === 'seq' ? String(v.seq) : t === 'year' ? String(v.year) : t === 'yy' ? String(v.year % 100).padStart(2, '0') : v.journal === 'outgoing' ? 'ИСХ' : 'ВХ',
  );
}

export async function numberPattern(tx: Tx, mailboxId: string): Promise<string> {
  const r = await tx.execute<{ number_pattern: string }>(sql`select number_pattern from docflow_settings where mailbox_id = ${mailboxId}`);
  return r.rows[0]?.number_pattern ?? DEFAULT_PATTERN;
}

/**
 * Takes the next number in one round trip: the counter, the organisation's pattern and — with
 * `requireIndex` — whether the nomenclature index is current (no number is taken when it is not:
 * `undefined` is returned).
 */
export async function nextNumber(tx: Tx, mailboxId: string, journal: 'outgoing' | 'incoming', index: string, at: Date): Promise<{ number: string; year: number; seq: number; date: string }>;
export async function nextNumber(tx: Tx, mailboxId: string, journal: 'outgoing' | 'incoming', index: string, at: Date, opts: { requireIndex: true }): Promise<{ number: string; year: number; seq: number; date: string } | undefined>;
export async function nextNumber(tx: Tx, mailboxId: string, journal: 'outgoing' | 'incoming', index: string, at: Date, opts: { requireIndex?: boolean } = {}): Promise<{ number: string; year: number; seq: number; date: string } | undefined> {
  const r = await takeNumber(tx, mailboxId, journal, index, at, { requireIndex: opts.requireIndex ?? false });
  return r.taken;
}

/**
 * The same statement with a condition that, when its `select` finds a row, takes no number
 * (`skipped`): a caller that re-uses an existing entry learns it in the same round trip.
 */
export async function takeNumber(
  tx: Tx, mailboxId: string, journal: 'outgoing' | 'incoming', index: string, at: Date, opts: { requireIndex: boolean; unlessExists?: SQL },
): Promise<{ skipped: boolean; taken?: { number: string; year: number; seq: number; date: string } }> {
  const date = almatyDateOf(at);
  const year = Number(date.slice(0, 4));
  const unless = opts.unlessExists ?? sql`select 1 where false`;
  const r = await tx.execute<{ last: number | null; pattern: string | null; skipped: boolean }>(sql`
    with skip as (
      select exists (${unless}) as yes
    ), known as (
      select not retired as ok from docflow_reference where kind = 'nomenclature' and code = ${index} order by version desc limit 1
    ), s as (
      insert into docflow_sequences (mailbox_id, journal, year, nomenclature_index, last)
      select ${mailboxId}, ${journal}, ${year}, ${index}, 1 where not (select yes from skip) and (${!opts.requireIndex} or exists (select 1 from known where ok))
      on conflict (mailbox_id, journal, year, nomenclature_index) do update set last = docflow_sequences.last + 1
      returning last
    )
    select (select last from s) as last, (select number_pattern from docflow_settings where mailbox_id = ${mailboxId}) as pattern, (select yes from skip) as skipped`);
  const row = r.rows[0];
  if (row?.skipped) return { skipped: true };
  if (row?.last == null) return { skipped: false };
  const seq = Number(row.last);
  return { skipped: false, taken: { number: formatNumber(row.pattern ?? DEFAULT_PATTERN, { index, seq, year, journal }), year, seq, date } };
}
