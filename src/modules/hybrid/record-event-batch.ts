/**
 * recordHybridEventBatch: tracking events from a batch file uploaded by a print centre or a post
 * office (CSV with a header `s10,event,occurred_at,place,event_id`, or a JSON array of
 * `{ s10, event, occurredAt, place, eventId }`). Each line is validated and recorded on its own
 * through recordHybridEvent (same rules, evidence and audit as the single-event API), so one bad
 * line does not stop the rest; a repeated line or a re-sent file is idempotent (`duplicate`).
 * The answer names every refused line with its error code, the field and the message in the
 * caller's language.
 */
import type { Database } from '../../storage/db/database.ts';
import { AppError, ERROR_CODES, type Lang } from '../../shared/errors.ts';
import { appendAudit } from '../audit/append-audit.ts';
import { requireStaff } from './authorise.ts';
import type { EventDeps } from './item-events.ts';
import type { HybridActor } from './ports.ts';
import { recordHybridEvent, type RecordEventInput } from './record-hybrid-event.ts';

export const MAX_BATCH_LINES = 10_000;

export interface BatchLineResult {
  line: number;
  s10: string;
  event: string;
  ok: boolean;
  status?: string;
  evidenceId?: string;
  duplicate?: boolean;
  error?: { code: string; message: string; fields: { name: string; code: string; message: string }[] };
}

export interface BatchEventsResult {
  lines: number;
  recorded: number;
  duplicates: number;
  refused: number;
  results: BatchLineResult[];
}

type RawLine = { line: number; s10?: unknown; event?: unknown; occurredAt?: unknown; place?: unknown; eventId?: unknown };

const tooLarge = () => new AppError('PAYLOAD_TOO_LARGE', { detail: `more than ${MAX_BATCH_LINES} lines` });

/** One CSV record per line (RFC 4180 quoting, no line breaks inside fields). */
function csvFields(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') { cur += '"'; i++; } else if (c === '"') quoted = false; else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { out.push(cur); cur = ''; } else cur += c;
  }
  out.push(cur);
  return out.map((s) => s.trim());
}

const HEADER: Record<string, keyof RawLine> = { s10: 's10', event: 'event', occurred_at: 'occurredAt', occurredat: 'occurredAt', place: 'place', event_id: 'eventId', eventid: 'eventId' };

export function parseEventCsv(text: string): RawLine[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const head = csvFields(lines[0] ?? '').map((h) => HEADER[h.toLowerCase()]);
  if (!head.includes('s10') || !head.includes('event')) {
    throw new AppError('VALIDATION_FAILED', { fields: [{ name: 'header', code: 'missing_columns', message: { kk: 'Бірінші жолда s10 және event бағандары болуы керек', ru: 'В первой строке должны быть столбцы s10 и event', en: 'The first line must name the columns, at least s10 and event' } }] });
  }
  const rows: RawLine[] = [];
  for (let i = 1; i < lines.length; i++) {
    if (lines[i].trim() === '') continue;
    if (rows.length >= MAX_BATCH_LINES) throw tooLarge();
    const f = csvFields(lines[i]);
    const row: RawLine = { line: i + 1 };
    head.forEach((k, j) => { if (k && f[j] !== undefined && f[j] !== '') (row as Record<string, unknown>)[k] = f[j]; });
    rows.push(row);
  }
  return rows;
}

export function parseEventJson(items: unknown[]): RawLine[] {
  if (items.length > MAX_BATCH_LINES) throw tooLarge();
  return items.map((x, i) => ({ line: i + 1, ...(x && typeof x === 'object' ? (x as object) : {}) }));
}

function lineInput(r: RawLine): RecordEventInput {
  const str = (v: unknown) => (typeof v === 'string' ? v : v === undefined || v === null ? undefined : String(v));
  const at = str(r.occurredAt);
  return { s10: str(r.s10) ?? '', event: str(r.event) ?? '', occurredAt: at === undefined ? undefined : new Date(at), place: str(r.place), eventId: str(r.eventId) };
}

/** `file` is parsed only after the caller is known to be print-centre or clerk staff. */
export async function recordHybridEventBatch(deps: EventDeps & { database: Database }, actor: HybridActor | undefined, file: () => RawLine[], lang: Lang): Promise<BatchEventsResult> {
  await requireStaff(deps.database, actor, ['print_centre', 'clerk'], 'recordHybridEventBatch');
  const rows = file();
  const results: BatchLineResult[] = [];
  for (const r of rows) {
    const input = lineInput(r);
    const base = { line: r.line, s10: input.s10.slice(0, 20), event: input.event.slice(0, 40) };
    if (input.occurredAt && Number.isNaN(input.occurredAt.getTime())) {
      const m = { kk: 'Уақыт ISO 8601 пішімінде болуы керек', ru: 'Время должно быть в формате ISO 8601', en: 'The time must be ISO 8601 (e.g. 2026-03-01T10:00:00Z)' };
      results.push({ ...base, ok: false, error: { code: 'VALIDATION_FAILED', message: ERROR_CODES.VALIDATION_FAILED.message[lang], fields: [{ name: 'occurredAt', code: 'format', message: m[lang] }] } });
      continue;
    }
    try {
      const ok = await recordHybridEvent(deps, actor, input);
      results.push({ ...base, ok: true, status: ok.status, evidenceId: ok.evidenceId, duplicate: ok.duplicate });
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      results.push({ ...base, ok: false, error: { code: err.code, message: ERROR_CODES[err.code].message[lang], fields: err.fields.map((f) => ({ name: f.name, code: f.code, message: f.message[lang] })) } });
    }
  }
  const recorded = results.filter((x) => x.ok && !x.duplicate).length;
  const duplicates = results.filter((x) => x.ok && x.duplicate).length;
  const summary = { lines: results.length, recorded, duplicates, refused: results.length - recorded - duplicates };
  await deps.database.db.transaction((tx) => appendAudit(tx, { type: 'hybrid.event_batch', payload: summary }, { actor: actor!.actor, requestId: actor!.requestId }));
  return { lines: results.length, recorded, duplicates, refused: results.length - recorded - duplicates, results };
}
