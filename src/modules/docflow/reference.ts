/**
 * Shared reference data (DF-5): document types (with the requisites each makes mandatory and
 * whether the head must sign), the case nomenclature (retention per index and the medium,
 * DF-14, DF-16) and organisations. Every change is a new version; old versions stay, so a
 * document keeps meaning what it meant. Edited by an operator admin only; exportable as a whole.
 */
import { and, desc, eq, sql } from 'drizzle-orm';
import type { Tx } from '../../storage/db/database.ts';
import { fieldError, type FieldError } from '../../shared/errors.ts';
import { appendAudit } from '../audit/append-audit.ts';
import { ALL_REQUISITE_NAMES, type RequisiteName } from './requisites.ts';
import { docflowReference } from './schema.ts';
import { field, refuse } from './field-texts.ts';
import type { DocflowActor } from './types.ts';

export type ReferenceKind = 'document_type' | 'nomenclature' | 'organisation';
export const REFERENCE_KINDS: ReferenceKind[] = ['document_type', 'nomenclature', 'organisation'];

export interface Names {
  kk: string;
  ru: string;
  en?: string;
}

export interface DocumentTypeData {
  name: Names;
  mandatory: RequisiteName[];
  /** DF-9: the head's EDS must be among the content signatures. */
  requiresHeadSignature: boolean;
  /** Initiative documents carry no reference to an incoming document. */
  initiative: boolean;
  /** Default execution period in working days (DF-13), if any. */
  executionDays?: number;
}

export interface NomenclatureData {
  title: Names;
  /** Years to keep; null = permanently. */
  retentionYears: number | null;
  medium: 'electronic' | 'paper';
}

export interface OrganisationData {
  bin: string;
  name: Names;
  legalAddress: string;
  phone?: string;
  fax?: string;
  email?: string;
}

export type ReferenceData = DocumentTypeData | NomenclatureData | OrganisationData;

export interface ReferenceEntry<T = ReferenceData> {
  kind: ReferenceKind;
  code: string;
  version: number;
  data: T;
  retired: boolean;
  createdAt: string;
  createdBy: string;
}

const CODE_RE = /^[\p{L}\p{N}._\/-]{1,64}$/u;

function isNames(v: unknown): v is Names {
  const n = v as Names;
  return typeof n === 'object' && n !== null && typeof n.kk === 'string' && n.kk.trim() !== '' && typeof n.ru === 'string' && n.ru.trim() !== '';
}

const invalid = (name: string) => fieldError(name, 'malformed', { kk: 'Мән жарамсыз', ru: 'Недопустимое значение', en: 'Invalid value' });

/** Checks a reference entry's data for its kind; returns the cleaned data. */
export function checkReferenceData(kind: ReferenceKind, data: Record<string, unknown>): { data: ReferenceData; errors: FieldError[] } {
  const errors: FieldError[] = [];
  if (kind === 'document_type') {
    if (!isNames(data.name)) errors.push(invalid('data.name'));
    const mandatory = Array.isArray(data.mandatory) ? data.mandatory : [];
    for (const m of mandatory) if (!ALL_REQUISITE_NAMES.includes(m as RequisiteName)) errors.push(invalid(`data.mandatory.${String(m)}`));
    const days = data.executionDays;
    if (days !== undefined && (!Number.isInteger(days) || (days as number) < 1 || (days as number) > 365)) errors.push(invalid('data.executionDays'));
    return {
      data: { name: data.name as Names, mandatory: [...new Set(mandatory)] as RequisiteName[], requiresHeadSignature: data.requiresHeadSignature === true, initiative: data.initiative !== false, ...(days !== undefined ? { executionDays: days as number } : {}) },
      errors,
    };
  }
  if (kind === 'nomenclature') {
    if (!isNames(data.title)) errors.push(invalid('data.title'));
    const years = data.retentionYears;
    if (years !== null && (!Number.isInteger(years) || (years as number) < 0 || (years as number) > 200)) errors.push(invalid('data.retentionYears'));
    if (data.medium !== 'electronic' && data.medium !== 'paper') errors.push(invalid('data.medium'));
    return { data: { title: data.title as Names, retentionYears: (years ?? null) as number | null, medium: data.medium as 'electronic' | 'paper' }, errors };
  }
  if (typeof data.bin !== 'string' || !/^\d{12}$/.test(data.bin)) errors.push(invalid('data.bin'));
  if (!isNames(data.name)) errors.push(invalid('data.name'));
  if (typeof data.legalAddress !== 'string' || data.legalAddress.trim() === '') errors.push(invalid('data.legalAddress'));
  const opt = (k: string) => (typeof data[k] === 'string' && data[k] !== '' ? { [k]: data[k] as string } : {});
  return { data: { bin: data.bin as string, name: data.name as Names, legalAddress: data.legalAddress as string, ...opt('phone'), ...opt('fax'), ...opt('email') }, errors };
}

function requireAdmin(actor: DocflowActor | undefined): DocflowActor {
  if (!actor) throw refuse('UNAUTHENTICATED', []);
  if (actor.staffRole !== 'operator_admin') throw refuse('FORBIDDEN', [], 'reference data is edited by an operator admin');
  return actor;
}

/** Adds a new version of an entry (or retires it). Operator admins only. */
export async function putReference(tx: Tx, actor: DocflowActor | undefined, input: { kind: ReferenceKind; code: string; data?: Record<string, unknown>; retired?: boolean }): Promise<ReferenceEntry> {
  const who = requireAdmin(actor);
  if (!REFERENCE_KINDS.includes(input.kind)) throw refuse('VALIDATION_FAILED', [invalid('kind')]);
  if (!CODE_RE.test(input.code)) throw refuse('VALIDATION_FAILED', [invalid('code')]);
  const current = await latestReference(tx, input.kind, input.code);
  let data: ReferenceData;
  if (input.data) {
    const checked = checkReferenceData(input.kind, input.data);
    if (checked.errors.length) throw refuse('VALIDATION_FAILED', checked.errors);
    data = checked.data;
  } else if (current) data = current.data;
  else throw refuse('VALIDATION_FAILED', [field('data', 'required')]);
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`docflow-ref:${input.kind}:${input.code}`}, 0))`);
  const again = await latestReference(tx, input.kind, input.code);
  const version = (again?.version ?? 0) + 1;
  const [row] = await tx.insert(docflowReference).values({ kind: input.kind, code: input.code, version, data, retired: input.retired === true, createdBy: who.actor }).returning();
  await appendAudit(tx, { type: 'docflow.reference_changed', payload: { kind: input.kind, code: input.code, version, retired: row.retired } }, { actor: who.actor, requestId: who.requestId });
  return toEntry(row);
}

function toEntry(row: typeof docflowReference.$inferSelect): ReferenceEntry {
  return { kind: row.kind, code: row.code, version: row.version, data: row.data as ReferenceData, retired: row.retired, createdAt: row.createdAt.toISOString(), createdBy: row.createdBy };
}

async function latestReference(tx: Tx, kind: ReferenceKind, code: string): Promise<ReferenceEntry | undefined> {
  const [row] = await tx.select().from(docflowReference).where(and(eq(docflowReference.kind, kind), eq(docflowReference.code, code))).orderBy(desc(docflowReference.version)).limit(1);
  return row ? toEntry(row) : undefined;
}

/** The current (latest, not retired) version of an entry. */
export async function currentReference<T extends ReferenceData>(tx: Tx, kind: ReferenceKind, code: string): Promise<ReferenceEntry<T> | undefined> {
  const e = await latestReference(tx, kind, code);
  return e && !e.retired ? (e as ReferenceEntry<T>) : undefined;
}

/** A version of an entry never changes once written: cached in the process (only found entries). */
const versionCache = new Map<string, ReferenceEntry>();

export async function referenceVersion<T extends ReferenceData>(tx: Tx, kind: ReferenceKind, code: string, version: number): Promise<ReferenceEntry<T> | undefined> {
  const key = `${kind}\u0000${code}\u0000${version}`;
  const hit = versionCache.get(key);
  if (hit) return hit as ReferenceEntry<T>;
  const [row] = await tx.select().from(docflowReference).where(and(eq(docflowReference.kind, kind), eq(docflowReference.code, code), eq(docflowReference.version, version)));
  if (!row) return undefined;
  const entry = toEntry(row);
  if (versionCache.size > 10_000) versionCache.clear();
  versionCache.set(key, entry);
  return entry as ReferenceEntry<T>;
}

/** Current entries of a kind (any participant may read them). */
export async function listReference(tx: Tx, kind: ReferenceKind): Promise<ReferenceEntry[]> {
  const r = await tx.execute<{ kind: ReferenceKind; code: string; version: number; data: ReferenceData; retired: boolean; created_at: Date; created_by: string }>(sql`
    select distinct on (code) kind, code, version, data, retired, created_at, created_by
    from docflow_reference where kind = ${kind} order by code, version desc`);
  return r.rows.filter((x) => !x.retired).map((x) => ({ kind: x.kind, code: x.code, version: x.version, data: x.data, retired: x.retired, createdAt: new Date(x.created_at).toISOString(), createdBy: x.created_by }));
}

/** Every version of every entry, for export and exchange between participants. */
export async function exportReference(tx: Tx): Promise<{ exportedAt: string; entries: ReferenceEntry[] }> {
  const rows = await tx.select().from(docflowReference).orderBy(docflowReference.kind, docflowReference.code, docflowReference.version);
  return { exportedAt: new Date().toISOString(), entries: rows.map(toEntry) };
}
