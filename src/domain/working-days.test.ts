import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  addWorkingDays,
  almatyDateOf,
  almatyOffsetMinutes,
  calendarCoverage,
  endOfAlmatyDay,
  holidaysOf,
  isWorkingDay,
  nextWorkingDay,
  startOfAlmatyDay,
  workingDaysBetween,
  workingWeekendDaysOf,
} from './working-days.ts';

/** An Almaty wall-clock time, written with its offset so the test reads like the calendar. */
const at = (iso: string) => new Date(iso);

function countWorkingDays(year: number): number {
  let n = 0;
  for (let d = Date.UTC(year, 0, 1); new Date(d).getUTCFullYear() === year; d += 86_400_000) {
    if (isWorkingDay(new Date(d).toISOString().slice(0, 10))) n++;
  }
  return n;
}

// ---- Asia/Almaty time ---------------------------------------------------------------------------

test('Almaty was UTC+6 until 2024-03-01 00:00 local and is UTC+5 since, with no DST', () => {
  assert.equal(almatyOffsetMinutes(at('2024-02-29T17:59:59.999Z')), 360);
  assert.equal(almatyOffsetMinutes(at('2024-02-29T18:00:00Z')), 300);
  assert.equal(almatyOffsetMinutes(at('2023-07-01T00:00:00Z')), 360); // summer = winter: no DST
  assert.equal(almatyOffsetMinutes(at('2025-01-15T00:00:00Z')), 300);
  assert.equal(almatyOffsetMinutes(at('2025-07-15T00:00:00Z')), 300);
});

test('At the 2024 switch the clock went back an hour, so 29 February 2024 lasted 25 hours in Almaty', () => {
  assert.equal(almatyDateOf(at('2024-02-29T17:59:00Z')), '2024-02-29'); // 23:59 at UTC+6
  assert.equal(almatyDateOf(at('2024-02-29T18:30:00Z')), '2024-02-29'); // 23:30 again, at UTC+5
  assert.equal(almatyDateOf(at('2024-02-29T19:00:00Z')), '2024-03-01'); // 00:00 at UTC+5
  assert.equal(startOfAlmatyDay('2024-02-29').toISOString(), '2024-02-28T18:00:00.000Z');
  assert.equal(endOfAlmatyDay('2024-02-29').toISOString(), '2024-02-29T18:59:59.999Z');
  assert.equal(endOfAlmatyDay('2024-02-29').getTime() - startOfAlmatyDay('2024-02-29').getTime() + 1, 25 * 3_600_000);
  assert.equal(startOfAlmatyDay('2024-03-01').toISOString(), '2024-02-29T19:00:00.000Z');
});

test('The fixed Almaty offsets agree with the host tz database where it knows the 2024 change', (t) => {
  const fmt = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Almaty', year: 'numeric', month: '2-digit', day: '2-digit' });
  if (fmt.format(at('2024-06-01T19:30:00Z')) !== '2024-06-02') {
    t.skip('host tz data predates the 2024 Kazakhstan change');
    return;
  }
  for (let ms = Date.UTC(2023, 0, 1); ms < Date.UTC(2028, 0, 1); ms += 7 * 3_600_000 + 13 * 60_000) {
    assert.equal(almatyDateOf(new Date(ms)), fmt.format(new Date(ms)), new Date(ms).toISOString());
  }
});

test('DF-11: a deadline ends at 23:59:59.999 Almaty time, on both sides of the 2024 offset change', () => {
  // Tue 27 Feb 2024 → Wed 28 Feb, still UTC+6
  assert.equal(addWorkingDays(at('2024-02-27T10:00:00+06:00'), 1).toISOString(), '2024-02-28T17:59:59.999Z');
  // Wed 28 Feb → Thu 29 Feb, the 25-hour day that ends at UTC+5
  assert.equal(addWorkingDays(at('2024-02-28T10:00:00+06:00'), 1).toISOString(), '2024-02-29T18:59:59.999Z');
  // Thu 29 Feb → Fri 1 Mar, UTC+5
  assert.equal(addWorkingDays(at('2024-02-29T10:00:00+06:00'), 1).toISOString(), '2024-03-01T18:59:59.999Z');
});

// ---- deadlines ----------------------------------------------------------------------------------

test('DF-11: one working day after a Friday letter ends on Monday night, Almaty time', () => {
  const deadline = addWorkingDays(at('2025-11-21T10:00:00+05:00'), 1); // Friday
  assert.equal(deadline.toISOString(), '2025-11-24T18:59:59.999Z'); // Monday 23:59:59.999 +05
});

test('DF-11: the day is taken in Almaty, not UTC (Thursday 20:00Z is already Friday in Almaty)', () => {
  assert.equal(almatyDateOf(at('2025-11-20T20:00:00Z')), '2025-11-21');
  assert.equal(addWorkingDays(at('2025-11-20T20:00:00Z'), 1).toISOString(), '2025-11-24T18:59:59.999Z');
  assert.equal(addWorkingDays(at('2025-11-20T18:59:00Z'), 1).toISOString(), '2025-11-21T18:59:59.999Z');
});

test('PH-8: a complaint registered Tuesday is forwarded within 3 and reviewed within 5 working days', () => {
  const registered = at('2025-11-18T15:00:00+05:00'); // Tuesday
  assert.equal(almatyDateOf(addWorkingDays(registered, 3)), '2025-11-21'); // Friday
  assert.equal(almatyDateOf(addWorkingDays(registered, 5)), '2025-11-25'); // next Tuesday
});

test('PH-8: a working-day deadline skips Nauryz and its carried-over days (21–25 March 2026)', () => {
  const friday = at('2026-03-20T12:00:00+05:00');
  for (const d of ['2026-03-21', '2026-03-22', '2026-03-23', '2026-03-24', '2026-03-25']) {
    assert.equal(isWorkingDay(d), false, d);
  }
  assert.equal(isWorkingDay('2026-03-20'), true);
  assert.equal(almatyDateOf(addWorkingDays(friday, 1)), '2026-03-26');
  assert.equal(almatyDateOf(addWorkingDays(friday, 3)), '2026-03-30');
  assert.equal(nextWorkingDay(friday).toISOString(), '2026-03-25T19:00:00.000Z'); // 26 March 00:00 +05
});

test('DF-11: year boundary — 31 December 2025 + 1 working day is Monday 5 January 2026', () => {
  assert.equal(almatyDateOf(addWorkingDays(at('2025-12-31T16:00:00+05:00'), 1)), '2026-01-05');
  // …and with 7 January (Wednesday) off, 3 working days land on Thursday 8 January.
  assert.equal(almatyDateOf(addWorkingDays(at('2025-12-31T16:00:00+05:00'), 3)), '2026-01-08');
});

test('DF-11: year boundary with a transfer — 31 December 2024 + 1 working day is Sunday 5 January 2025', () => {
  assert.equal(almatyDateOf(addWorkingDays(at('2024-12-31T16:00:00+05:00'), 1)), '2025-01-05');
});

test('DF-11: year boundary with carry-over — 2 January 2027 is a Saturday, so Monday 4 January is off', () => {
  assert.equal(isWorkingDay('2027-01-04'), false);
  assert.equal(almatyDateOf(addWorkingDays(at('2026-12-31T16:00:00+05:00'), 1)), '2027-01-05');
});

test('addWorkingDays with n = 0 means "by the end of today, or of the next working day"', () => {
  assert.equal(almatyDateOf(addWorkingDays(at('2025-11-19T09:00:00+05:00'), 0)), '2025-11-19'); // Wednesday
  assert.equal(almatyDateOf(addWorkingDays(at('2025-11-22T09:00:00+05:00'), 0)), '2025-11-24'); // Saturday
  assert.throws(() => addWorkingDays(at('2025-11-19T09:00:00Z'), -1), RangeError);
  assert.throws(() => addWorkingDays(at('2025-11-19T09:00:00Z'), 1.5), RangeError);
});

test('workingDaysBetween is the inverse of addWorkingDays over 2024–2027', () => {
  let seed = 42;
  const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
  for (let i = 0; i < 400; i++) {
    const start = new Date(Date.UTC(2024, 0, 1) + Math.floor(random() * 4 * 365 * 86_400_000));
    const n = 1 + Math.floor(random() * 20);
    const deadline = addWorkingDays(start, n);
    assert.equal(workingDaysBetween(start, deadline), n, `${start.toISOString()} + ${n}`);
    assert.equal(isWorkingDay(deadline), true);
  }
});

test('workingDaysBetween counts (a, b] by Almaty date: 0 on the same day, negative backwards', () => {
  assert.equal(workingDaysBetween('2025-11-17', '2025-11-17'), 0);
  assert.equal(workingDaysBetween('2025-11-17', '2025-11-24'), 5); // Mon → next Mon
  assert.equal(workingDaysBetween('2025-11-24', '2025-11-17'), -5);
  assert.equal(workingDaysBetween(at('2025-11-17T08:00:00+05:00'), at('2025-11-17T23:00:00+05:00')), 0);
});

// ---- holidays, carry-over, transfers ------------------------------------------------------------

test('Carry-over: a secular holiday on Saturday gives Monday off (8 March 2025 → 10 March)', () => {
  assert.equal(isWorkingDay('2025-03-08'), false);
  assert.equal(isWorkingDay('2025-03-10'), false);
  assert.equal(isWorkingDay('2025-03-11'), true);
  const carried = holidaysOf(2025).find((h) => h.date === '2025-03-10');
  assert.equal(carried?.kind, 'carried_over');
  assert.match(carried?.name.ru ?? '', /Международный женский день/);
});

test('Carry-over: a secular holiday on Sunday gives Monday off (Capital Day 6 July 2025 → 7 July)', () => {
  assert.equal(isWorkingDay('2025-07-07'), false);
  assert.equal(isWorkingDay('2025-07-08'), true);
});

test('Carry-over: two weekend holidays take the next two free weekdays (Nauryz 2025 → 24 and 25 March)', () => {
  // 21 Fri is the holiday itself; 22 Sat and 23 Sun carry over to Mon 24 and Tue 25.
  const march = holidaysOf(2025).filter((h) => h.date.startsWith('2025-03-2'));
  assert.deepEqual(march.map((h) => [h.date, h.kind]), [
    ['2025-03-21', 'holiday'], ['2025-03-22', 'holiday'], ['2025-03-23', 'holiday'],
    ['2025-03-24', 'carried_over'], ['2025-03-25', 'carried_over'],
  ]);
  assert.equal(isWorkingDay('2025-03-26'), true);
});

test('No carry-over for Orthodox Christmas on a weekend (7 January 2024 was a Sunday)', () => {
  assert.equal(isWorkingDay('2024-01-07'), false);
  assert.equal(isWorkingDay('2024-01-08'), true);
  assert.equal(holidaysOf(2024).find((h) => h.date === '2024-01-07')?.kind, 'religious_holiday');
});

test('No carry-over for Kurban Ait on a weekend (16 June 2024 was a Sunday; Monday 17 June was worked)', () => {
  assert.equal(isWorkingDay('2024-06-16'), false);
  assert.equal(isWorkingDay('2024-06-17'), true);
});

test('Kurban Ait on a weekday is a day off (Friday 6 June 2025, Wednesday 27 May 2026)', () => {
  assert.equal(isWorkingDay('2025-06-06'), false);
  assert.equal(isWorkingDay('2026-05-27'), false);
  assert.equal(isWorkingDay('2026-05-28'), true);
});

test('Transfer: Saturday 4 May 2024 was a working day and Wednesday 8 May 2024 a day off', () => {
  assert.equal(isWorkingDay('2024-05-04'), true);
  assert.equal(isWorkingDay('2024-05-08'), false);
  assert.equal(holidaysOf(2024).find((h) => h.date === '2024-05-08')?.kind, 'transferred');
  assert.deepEqual(workingWeekendDaysOf(2024), ['2024-05-04']);
});

test('Transfer: Sunday 5 January 2025 was a working day and Friday 3 January 2025 a day off', () => {
  assert.equal(isWorkingDay('2025-01-05'), true);
  assert.equal(isWorkingDay('2025-01-03'), false);
  assert.deepEqual(workingWeekendDaysOf(2025), ['2025-01-05']);
  assert.deepEqual(workingWeekendDaysOf(2026), []);
});

test('Independence Day is 16 December only; 17 December is a working day since 2022', () => {
  assert.equal(isWorkingDay('2025-12-16'), false);
  assert.equal(isWorkingDay('2025-12-17'), true);
  assert.equal(isWorkingDay('2021-12-17'), false);
});

test('Republic Day 25 October since 2022; on Saturday 2025 it carries over to Monday 27 October', () => {
  assert.equal(isWorkingDay('2025-10-27'), false);
  assert.equal(isWorkingDay('2021-10-25'), true);
});

test('Constitution Day moved from 30 August to 15 March: Monday 31 August 2026 is worked, 15 March 2027 is off', () => {
  assert.equal(isWorkingDay('2026-08-31'), true);
  assert.equal(isWorkingDay('2025-09-01'), false); // 30 Aug 2025 (Sat) still carried over
  assert.equal(isWorkingDay('2027-03-15'), false);
  assert.equal(isWorkingDay('2026-03-16'), true);
});

test('Yearly totals match the published production calendars (five-day week)', () => {
  assert.equal(countWorkingDays(2024), 249); // 366 − 117 days off
  assert.equal(countWorkingDays(2025), 246);
  // Published as 246 in December 2025; 31 August (carry-over for Constitution Day) became a working day.
  assert.equal(countWorkingDays(2026), 247);
});

test('holidaysOf lists each day off with its name in Kazakh, Russian and English', () => {
  const days = holidaysOf(2026);
  assert.deepEqual(days.map((d) => d.date), [...days.map((d) => d.date)].sort());
  for (const d of days) for (const lang of ['kk', 'ru', 'en'] as const) assert.ok(d.name[lang], `${d.date} ${lang}`);
  const nauryz = days.find((d) => d.date === '2026-03-21');
  assert.deepEqual(nauryz, { date: '2026-03-21', kind: 'holiday', name: { kk: 'Наурыз мейрамы', ru: 'Наурыз мейрамы', en: 'Nauryz' } });
  assert.equal(days.find((d) => d.date === '2026-05-27')?.name.en, 'Kurban Ait (first day)');
});

test('calendarCoverage says which years rest on published data', () => {
  assert.equal(calendarCoverage(2025), 'confirmed');
  assert.equal(calendarCoverage(2026), 'confirmed');
  assert.equal(calendarCoverage(2027), 'provisional');
  assert.equal(calendarCoverage(2031), 'rules_only');
  // Rules still apply without data: New Year and its weekend carry-over in 2033 (1 Jan is a Saturday).
  assert.equal(isWorkingDay('2033-01-03'), false);
  assert.equal(isWorkingDay('2033-01-04'), false);
  assert.equal(isWorkingDay('2033-01-05'), true);
});

test('Bad dates are refused rather than guessed', () => {
  assert.throws(() => isWorkingDay('2025-02-30'), RangeError);
  assert.throws(() => isWorkingDay('2025-2-3'), RangeError);
  assert.throws(() => isWorkingDay(new Date('nonsense')), TypeError);
});
