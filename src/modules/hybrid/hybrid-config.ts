/**
 * Hybrid-mail settings: data, not code (STYLE habit 11). Defaults are tested; an operator
 * overrides them with a JSON file named by JASHIK_HYBRID_CONFIG, read and validated once with the
 * rest of the configuration (src/config.ts, `config.hybrid`): a wrong file stops start-up.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ConfigError, type Env } from '../../config-error.ts';
import { KZ_REGION_CODES, type KzRegion } from './regions.ts';
import { SERVICE_CODE_RE } from './s10.ts';

export interface TariffRow {
  registered: boolean;
  /** Applies up to this many content pages (inclusive). */
  maxPages: number;
  /** Price in tiyn (1/100 tenge), VAT included. */
  priceTiyn: number;
}

export interface HybridConfig {
  /** S10 service indicators: registered items and ordinary (tracked) letters. */
  serviceCodes: { registered: string; ordinary: string };
  country: string;
  /** Postcode patterns (regular expressions, anchored here): the 6-digit index and the 2015 `A00A0A0` code. */
  postcodePatterns: string[];
  /** Printability of PDF content. */
  pdf: { maxPages: number; leftMarginMm: number; maxBytes: number };
  /** Region → print centre code. */
  printCentres: Record<KzRegion, string>;
  /** Items per batch PDF file (bounds memory however large the batch). */
  batchFileMaxItems: number;
  /** Print batches are cut every this many minutes per print centre. */
  batchWindowMinutes: number;
  /** Where the embedded print-centre adapter drops batches (default `<dataDir>/print-centres`). */
  dropDir: string;
  tariff: TariffRow[];
  /** Paper → e-mailbox: how long a post office keeps the paper original by default (days). */
  paperKeepDays: number;
  /** Digital first: the largest N of "print if unread after N working days". */
  printIfUnreadMaxDays: number;
  /** The file these settings were read from (JASHIK_HYBRID_CONFIG); unset = the defaults. */
  file?: string;
}

const NORTH = ['astana', 'akmola', 'kostanay', 'north_kazakhstan', 'pavlodar', 'karaganda', 'ulytau', 'abai', 'east_kazakhstan'];
const WEST = ['aktobe', 'atyrau', 'mangystau', 'west_kazakhstan'];

export function defaultHybridConfig(dataDir: string): HybridConfig {
  const printCentres = {} as Record<KzRegion, string>;
  for (const r of KZ_REGION_CODES) printCentres[r] = NORTH.includes(r) ? 'PC-ASTANA' : WEST.includes(r) ? 'PC-AKTOBE' : 'PC-ALMATY';
  return {
    serviceCodes: { registered: 'RR', ordinary: 'LX' },
    country: 'KZ',
    postcodePatterns: ['\\d{6}', '[A-Z]\\d{2}[A-Z]\\d[A-Z]\\d'],
    pdf: { maxPages: 20, leftMarginMm: 15, maxBytes: 20 * 1024 * 1024 },
    printCentres,
    batchFileMaxItems: 500,
    batchWindowMinutes: 15,
    dropDir: path.join(dataDir, 'print-centres'),
    tariff: [
      { registered: false, maxPages: 2, priceTiyn: 25_000 },
      { registered: false, maxPages: 5, priceTiyn: 32_000 },
      { registered: false, maxPages: 20, priceTiyn: 45_000 },
      { registered: true, maxPages: 2, priceTiyn: 60_000 },
      { registered: true, maxPages: 5, priceTiyn: 68_000 },
      { registered: true, maxPages: 20, priceTiyn: 85_000 },
    ],
    paperKeepDays: 30,
    printIfUnreadMaxDays: 60,
  };
}

/**
 * Defaults, overridden by the JSON file at `JASHIK_HYBRID_CONFIG` if set. A file that cannot be
 * read, is not a JSON object or holds a wrong value is a ConfigError naming the variable (and the key).
 */
export function loadHybridConfig(dataDir: string, env: Env): HybridConfig {
  const base = defaultHybridConfig(dataDir);
  if (!env.JASHIK_HYBRID_CONFIG) return base;
  const file = path.resolve(env.JASHIK_HYBRID_CONFIG);
  let over: Partial<HybridConfig>;
  try {
    over = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<HybridConfig>;
  } catch (err) {
    const why = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    throw new ConfigError('JASHIK_HYBRID_CONFIG', `a readable JSON file of hybrid settings (${why})`, file);
  }
  if (typeof over !== 'object' || over === null || Array.isArray(over)) throw new ConfigError('JASHIK_HYBRID_CONFIG', 'a JSON object of hybrid settings', file);
  const merged: HybridConfig = { ...base, ...over, pdf: { ...base.pdf, ...over.pdf }, serviceCodes: { ...base.serviceCodes, ...over.serviceCodes }, printCentres: { ...base.printCentres, ...over.printCentres }, file };
  try {
    validateHybridConfig(merged);
  } catch (err) {
    throw new ConfigError('JASHIK_HYBRID_CONFIG', (err as Error).message.replace(/^JASHIK_HYBRID_CONFIG: /, ''), file);
  }
  return merged;
}

export function validateHybridConfig(c: HybridConfig): void {
  const bad = (key: string, why: string) => { throw new Error(`JASHIK_HYBRID_CONFIG: ${key}: ${why}`); };
  for (const k of ['registered', 'ordinary'] as const) if (!SERVICE_CODE_RE.test(c.serviceCodes[k])) bad(`serviceCodes.${k}`, 'two capital letters');
  for (const p of c.postcodePatterns) { try { new RegExp(p); } catch { bad('postcodePatterns', `not a regular expression: ${p}`); } }
  if (!(c.pdf.maxPages >= 1 && c.pdf.maxPages <= 500)) bad('pdf.maxPages', '1..500');
  if (!(c.batchFileMaxItems >= 1)) bad('batchFileMaxItems', 'at least 1');
  for (const r of KZ_REGION_CODES) if (!c.printCentres[r]) bad(`printCentres.${r}`, 'a print centre code');
}
