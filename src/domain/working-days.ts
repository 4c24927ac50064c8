/**
 * Kazakhstan working-day calendar in Asia/Almaty time, for deadlines in working days (DF-11, PH-8).
 * Written by hand: no maintained library knows the Kazakh holidays, carry-overs and transfers.
 *
 * Days are Almaty civil dates. Almaty's offset is fixed in code rather than read from the runtime's
 * tz database, so results do not depend on how fresh the host's ICU data is: UTC+6 until
 * 2024-03-01 00:00 local, when clocks went back to 2024-02-29 23:00 and UTC+5 began (so 29 February
 * 2024 lasted 25 hours). There is no DST since 2005; earlier instants are out of scope.
 *
 * A day is a working day unless it is a weekend (Sat/Sun), a holiday, a day off carried over from a
 * secular holiday on a weekend, or a transferred day off; a transferred working day is always working.
 */
import type { LocalisedText } from '../shared/errors.ts';
import { DAY_TRANSFERS, FIXED_HOLIDAYS, KURBAN_AIT_FIRST_DAY, KURBAN_AIT_NAME } from './kz-calendar-data.ts';

const MS_PER_MINUTE = 60_000;
const MS_PER_DAY = 86_400_000;
/** 2024-03-01 00:00 at UTC+6: from this instant Almaty is UTC+5. */
const UTC5_SINCE_MS = Date.UTC(2024, 1, 29, 18, 0, 0);

/** A date (instant) or an Almaty civil date `YYYY-MM-DD`. */
export type DayInput = Date | string;

export type DayOffKind = 'holiday' | 'religious_holiday' | 'carried_over' | 'transferred';

export interface DayOff {
  date: string;
  kind: DayOffKind;
  name: LocalisedText;
}

/**
 * How much to trust a year's calendar: confirmed = holidays, Kurban Ait and transfers all published;
 * provisional = Kurban Ait is an estimate or transfers are not yet published; rules_only = no yearly
 * data at all (only fixed-date holidays and weekend carry-over).
 */
export type CalendarCoverage = 'confirmed' | 'provisional' | 'rules_only';

// ---- Almaty time -------------------------------------------------------------------------------

export function almatyOffsetMinutes(instant: Date): number {
  return instant.getTime() < UTC5_SINCE_MS ? 360 : 300;
}

function assertValidDate(instant: Date): void {
  if (!(instant instanceof Date) || Number.isNaN(instant.getTime())) throw new TypeError('Invalid Date');
}

/** Days since 1970-01-01 of the Almaty civil date of an instant. */
function dayNumberOfInstant(instant: Date): number {
  assertValidDate(instant);
  return Math.floor((instant.getTime() + almatyOffsetMinutes(instant) * MS_PER_MINUTE) / MS_PER_DAY);
}

function dayNumberOfIso(date: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const ms = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : NaN;
  if (!m || isoOfDayNumber(ms / MS_PER_DAY) !== date) throw new RangeError(`Not a calendar date: ${date}`);
  return ms / MS_PER_DAY;
}

function toDayNumber(input: DayInput): number {
  return typeof input === 'string' ? dayNumberOfIso(input) : dayNumberOfInstant(input);
}

function isoOfDayNumber(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

/** The UTC instant of 00:00 Almaty time on a civil day. */
function startOfDayMs(day: number): number {
  // Try UTC+5 first; if that instant falls before the switch, midnight was still at UTC+6.
  const atUtc5 = day * MS_PER_DAY - 300 * MS_PER_MINUTE;
  return atUtc5 >= UTC5_SINCE_MS ? atUtc5 : day * MS_PER_DAY - 360 * MS_PER_MINUTE;
}

/** The Almaty civil date (`YYYY-MM-DD`) of an instant. */
export function almatyDateOf(instant: Date): string {
  return isoOfDayNumber(dayNumberOfInstant(instant));
}

/** 00:00:00.000 Almaty time of the given day, as a UTC instant. */
export function startOfAlmatyDay(day: DayInput): Date {
  return new Date(startOfDayMs(toDayNumber(day)));
}

/** 23:59:59.999 Almaty time of the given day, as a UTC instant. */
export function endOfAlmatyDay(day: DayInput): Date {
  return new Date(startOfDayMs(toDayNumber(day) + 1) - 1);
}

// ---- The calendar of a year --------------------------------------------------------------------

interface YearCalendar {
  daysOff: Map<number, DayOff>;
  workingWeekendDays: Set<number>;
}

const cache = new Map<number, YearCalendar>();

/** 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
function weekday(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

function isWeekend(day: number): boolean {
  const w = weekday(day);
  return w === 0 || w === 6;
}

function dayNumberOfYmd(year: number, month: number, dayOfMonth: number): number {
  return Date.UTC(year, month - 1, dayOfMonth) / MS_PER_DAY;
}

function carriedOverName(from: LocalisedText): LocalisedText {
  return {
    kk: `Ауыстырылған демалыс күні (${from.kk})`,
    ru: `Перенесённый выходной (${from.ru})`,
    en: `Day off carried over (${from.en})`,
  };
}

function transferredName(workingDay: string): LocalisedText {
  return {
    kk: `Ауыстырылған демалыс күні (жұмыс күні: ${workingDay})`,
    ru: `Перенесённый день отдыха (рабочий день: ${workingDay})`,
    en: `Transferred day off (worked on ${workingDay})`,
  };
}

function buildYear(year: number): YearCalendar {
  const daysOff = new Map<number, DayOff>();
  const holidays: Array<{ day: number; religious: boolean; name: LocalisedText }> = [];
  for (const h of FIXED_HOLIDAYS) {
    if ((h.fromYear ?? -Infinity) <= year && year <= (h.toYear ?? Infinity)) {
      holidays.push({ day: dayNumberOfYmd(year, h.month, h.day), religious: h.religious, name: h.name });
    }
  }
  const kurban = KURBAN_AIT_FIRST_DAY[year];
  if (kurban) holidays.push({ day: dayNumberOfIso(kurban.date), religious: true, name: KURBAN_AIT_NAME });
  holidays.sort((a, b) => a.day - b.day);

  for (const h of holidays) {
    daysOff.set(h.day, { date: isoOfDayNumber(h.day), kind: h.religious ? 'religious_holiday' : 'holiday', name: h.name });
  }
  // Law "On holidays" art. 5: a secular holiday on a weekend gives the next working day off. Done in
  // date order, so consecutive weekend holidays (Nauryz 21–22 March) take consecutive weekdays.
  for (const h of holidays) {
    if (h.religious || !isWeekend(h.day)) continue;
    let d = h.day + 1;
    while (isWeekend(d) || daysOff.has(d)) d++;
    daysOff.set(d, { date: isoOfDayNumber(d), kind: 'carried_over', name: carriedOverName(h.name) });
  }

  // A transfer's two days may lie in different years, so every transfer is checked, not just this year's.
  const workingWeekendDays = new Set<number>();
  for (const t of Object.values(DAY_TRANSFERS).flat()) {
    const off = dayNumberOfIso(t.dayOff);
    const work = dayNumberOfIso(t.workingDay);
    if (yearOfDayNumber(off) === year) {
      daysOff.set(off, { date: t.dayOff, kind: 'transferred', name: transferredName(t.workingDay) });
    }
    if (yearOfDayNumber(work) === year) workingWeekendDays.add(work);
  }
  return { daysOff, workingWeekendDays };
}

function calendarOfYear(year: number): YearCalendar {
  let cal = cache.get(year);
  if (!cal) {
    cal = buildYear(year);
    cache.set(year, cal);
  }
  return cal;
}

function yearOfDayNumber(day: number): number {
  return new Date(day * MS_PER_DAY).getUTCFullYear();
}

function isWorkingDayNumber(day: number): boolean {
  const cal = calendarOfYear(yearOfDayNumber(day));
  if (cal.workingWeekendDays.has(day)) return true;
  return !isWeekend(day) && !cal.daysOff.has(day);
}

// ---- Public API --------------------------------------------------------------------------------

/** Is the (Almaty) day of this instant, or this civil date, a working day? */
export function isWorkingDay(date: DayInput): boolean {
  return isWorkingDayNumber(toDayNumber(date));
}

/**
 * Deadline of n working days (DF-11, PH-8). Counting starts the day AFTER the instant's Almaty day
 * (as the Civil Code counts periods), so the result is 23:59:59.999 Almaty time of the n-th working
 * day after that day, returned as a UTC instant. n = 0 means "by the end of today, or of the next
 * working day if today is not one". Example: sent Friday 10:00 → n = 1 → Monday 23:59:59.999.
 */
export function addWorkingDays(instant: Date, n: number): Date {
  if (!Number.isInteger(n) || n < 0) throw new RangeError('n must be a non-negative integer');
  let day = dayNumberOfInstant(instant);
  if (n === 0) {
    while (!isWorkingDayNumber(day)) day++;
  } else {
    for (let left = n; left > 0; ) {
      day++;
      if (isWorkingDayNumber(day)) left--;
    }
  }
  return new Date(startOfDayMs(day + 1) - 1);
}

/**
 * Working days in the half-open range (day of a, day of b], by Almaty date — the inverse of
 * addWorkingDays: workingDaysBetween(t, addWorkingDays(t, n)) === n for n ≥ 1. Negative if b is
 * before a; 0 on the same day.
 */
export function workingDaysBetween(a: DayInput, b: DayInput): number {
  const from = toDayNumber(a);
  const to = toDayNumber(b);
  if (to < from) return -workingDaysBetween(b, a);
  let count = 0;
  for (let d = from + 1; d <= to; d++) if (isWorkingDayNumber(d)) count++;
  return count;
}

/** 00:00 Almaty time of the first working day strictly after the day of `date`, as a UTC instant. */
export function nextWorkingDay(date: DayInput): Date {
  let day = toDayNumber(date) + 1;
  while (!isWorkingDayNumber(day)) day++;
  return new Date(startOfDayMs(day));
}

/**
 * Days off of a year other than ordinary weekends, in date order: holidays (secular and religious,
 * even when they fall on a weekend), carried-over days off and transferred days off.
 */
export function holidaysOf(year: number): DayOff[] {
  if (!Number.isInteger(year)) throw new RangeError('year must be an integer');
  return [...calendarOfYear(year).daysOff.entries()]
    .filter(([day]) => yearOfDayNumber(day) === year)
    .sort(([a], [b]) => a - b)
    .map(([, off]) => off);
}

/** Weekend days that are working days by a transfer (e.g. Sunday 2025-01-05). */
export function workingWeekendDaysOf(year: number): string[] {
  return [...calendarOfYear(year).workingWeekendDays].sort((a, b) => a - b).map(isoOfDayNumber);
}

export function calendarCoverage(year: number): CalendarCoverage {
  const kurban = KURBAN_AIT_FIRST_DAY[year];
  const transfersKnown = DAY_TRANSFERS[year] !== undefined;
  if (kurban?.status === 'confirmed' && transfersKnown) return 'confirmed';
  return kurban || transfersKnown ? 'provisional' : 'rules_only';
}
