/**
 * Issues S10 numbers: serials from one PostgreSQL sequence per service code (`hybrid_s10_<code>`,
 * cycling through 00000000..99999999, created on first use), and the no-reuse rule — a number
 * issued within the last 24 months is skipped — checked against `hybrid_s10_numbers` in the
 * caller's transaction. Sequences never block concurrent submitters (unlike a counter row).
 */
import { sql } from 'drizzle-orm';
import type { Tx } from '../../storage/db/database.ts';
import { formatS10, SERVICE_CODE_RE } from './s10.ts';

export const S10_REUSE_MONTHS = 24;

function sequenceName(serviceCode: string): string {
  if (!SERVICE_CODE_RE.test(serviceCode)) throw new RangeError(`bad S10 service code ${serviceCode}`);
  return `hybrid_s10_${serviceCode.toLowerCase()}`;
}

async function nextSerial(tx: Tx, seq: string): Promise<number> {
  // The sequence name is built from two validated letters only; regclass cast keeps it a value.
  const r = await tx.execute<{ n: string }>(sql`select nextval(${seq}::regclass) as n`);
  return Number(r.rows[0].n);
}

export async function ensureS10Sequence(tx: Tx, serviceCode: string): Promise<void> {
  const seq = sequenceName(serviceCode);
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`s10seq:${seq}`}, 0))`);
  await tx.execute(sql.raw(`create sequence if not exists ${seq} minvalue 0 maxvalue 99999999 start 1 cycle`));
}

export async function allocateS10(tx: Tx, serviceCode: string, country: string, now = new Date()): Promise<string> {
  const seq = sequenceName(serviceCode);
  const exists = await tx.execute(sql`select 1 from pg_class where relname = ${seq} and relkind = 'S'`);
  if (exists.rows.length === 0) await ensureS10Sequence(tx, serviceCode);
  for (let attempt = 0; attempt < 1000; attempt++) {
    const s10 = formatS10(serviceCode, await nextSerial(tx, seq), country);
    // Take the number unless it was issued within the reuse window.
    const r = await tx.execute(sql`
      insert into hybrid_s10_numbers (s10, issued_at) values (${s10}, ${now.toISOString()}::timestamptz)
      on conflict (s10) do update set issued_at = excluded.issued_at
        where hybrid_s10_numbers.issued_at < ${now.toISOString()}::timestamptz - make_interval(months => ${S10_REUSE_MONTHS})
      returning s10`);
    if (r.rows.length > 0) return s10;
  }
  throw new Error(`no free S10 number for ${serviceCode}: 1000 consecutive serials were issued within ${S10_REUSE_MONTHS} months`);
}
