/**
 * Kazakhstan's public holidays, Kurban Ait dates and the yearly transfers of days off, as data.
 * Written by hand: no maintained library carries the Kazakh production calendar.
 *
 * Sources: Law "On holidays in the Republic of Kazakhstan" (art. 5: a national/state holiday on a
 * weekend moves the day off to the next working day) and Labour Code art. 84–85 (the first day of
 * Kurban Ait and 7 January are days off WITHOUT carry-over; the labour ministry may move days off,
 * art. 85 §3). Per-year facts below were checked against the published production calendars as
 * reported by Kazinform, Zakon.kz, Sputnik, NUR.KZ, BAQ.KZ (see each entry). Update this file when the
 * ministry publishes next year's calendar (usually in November) or announces a transfer.
 */
import type { LocalisedText } from '../shared/errors.ts';

export interface FixedHoliday {
  month: number;
  day: number;
  /** Religious holidays (7 January, Kurban Ait) are days off but never carried over from a weekend. */
  religious: boolean;
  /** First and last calendar year the date is a holiday (inclusive); open-ended when absent. */
  fromYear?: number;
  toYear?: number;
  name: LocalisedText;
}

const NEW_YEAR = { kk: 'Жаңа жыл', ru: 'Новый год', en: "New Year's Day" };
const NAURYZ = { kk: 'Наурыз мейрамы', ru: 'Наурыз мейрамы', en: 'Nauryz' };
const CONSTITUTION_DAY = {
  kk: 'Қазақстан Республикасының Конституциясы күні',
  ru: 'День Конституции Республики Казахстан',
  en: 'Constitution Day',
};
const INDEPENDENCE_DAY = { kk: 'Тәуелсіздік күні', ru: 'День Независимости', en: 'Independence Day' };

export const FIXED_HOLIDAYS: readonly FixedHoliday[] = [
  { month: 1, day: 1, religious: false, name: NEW_YEAR },
  { month: 1, day: 2, religious: false, name: NEW_YEAR },
  {
    month: 1, day: 7, religious: true, fromYear: 2007,
    name: { kk: 'Православиелік Рождество', ru: 'Православное Рождество', en: 'Orthodox Christmas' },
  },
  {
    month: 3, day: 8, religious: false,
    name: { kk: 'Халықаралық әйелдер күні', ru: 'Международный женский день', en: "International Women's Day" },
  },
  // New Constitution adopted by the referendum of 15 March 2026; the ministry of labour said the day
  // is celebrated from 2027 and that 30 August is no longer a holiday from 2026 (Taspanews, 18 Mar 2026).
  { month: 3, day: 15, religious: false, fromYear: 2027, name: CONSTITUTION_DAY },
  { month: 3, day: 21, religious: false, name: NAURYZ },
  { month: 3, day: 22, religious: false, name: NAURYZ },
  { month: 3, day: 23, religious: false, fromYear: 2010, name: NAURYZ },
  {
    month: 5, day: 1, religious: false,
    name: { kk: 'Қазақстан халқының бірлігі мерекесі', ru: 'Праздник единства народа Казахстана', en: 'Unity Day of the People of Kazakhstan' },
  },
  {
    month: 5, day: 7, religious: false, fromYear: 2013,
    name: { kk: 'Отан қорғаушы күні', ru: 'День защитника Отечества', en: 'Defender of the Fatherland Day' },
  },
  { month: 5, day: 9, religious: false, name: { kk: 'Жеңіс күні', ru: 'День Победы', en: 'Victory Day' } },
  { month: 7, day: 6, religious: false, name: { kk: 'Астана күні', ru: 'День столицы', en: 'Capital City Day' } },
  { month: 8, day: 30, religious: false, toYear: 2025, name: CONSTITUTION_DAY },
  // Republic Day restored as a national holiday in 2022; in the same change 1 December stopped being
  // a holiday and Independence Day shrank from 16–17 to 16 December.
  { month: 10, day: 25, religious: false, fromYear: 2022, name: { kk: 'Республика күні', ru: 'День Республики', en: 'Republic Day' } },
  {
    month: 12, day: 1, religious: false, fromYear: 2012, toYear: 2021,
    name: { kk: 'Тұңғыш Президент күні', ru: 'День Первого Президента', en: 'First President Day' },
  },
  { month: 12, day: 16, religious: false, name: INDEPENDENCE_DAY },
  { month: 12, day: 17, religious: false, toYear: 2021, name: INDEPENDENCE_DAY },
];

export const KURBAN_AIT_NAME: LocalisedText = {
  kk: 'Құрбан айттың бірінші күні',
  ru: 'Курбан айт (первый день)',
  en: 'Kurban Ait (first day)',
};

export interface KurbanAitDate {
  date: string;
  /** provisional = astronomical estimate not yet announced by the Spiritual Administration (DUMK). */
  status: 'confirmed' | 'provisional';
  source: string;
}

/** First day of Kurban Ait; announced each year by DUMK and the ministry of labour. */
export const KURBAN_AIT_FIRST_DAY: Readonly<Record<number, KurbanAitDate>> = {
  // The 2024 production calendar said 17 June; DUMK moved it to Sunday 16 June on 7 June 2024 and the
  // ministry confirmed Monday 17 June stayed a working day (no carry-over for Kurban Ait).
  2024: { date: '2024-06-16', status: 'confirmed', source: 'MTSZN statement, June 2024 (Tengrinews, alau.kz)' },
  2025: { date: '2025-06-06', status: 'confirmed', source: 'MTSZN answer citing DUMK (Caravan.kz)' },
  2026: { date: '2026-05-27', status: 'confirmed', source: 'DUMK calendar 2026 (Zakon.kz 6 Nov 2025); 2026 production calendar' },
  // Not announced at the time of writing (DUMK publishes in November); 10 Dhu al-Hijjah 1448 ≈ Sunday
  // 16 May 2027. On a Sunday it changes nothing; if DUMK says Monday 17 May, update this entry.
  2027: { date: '2027-05-16', status: 'provisional', source: 'astronomical estimate' },
};

/** A ministry/government transfer: `dayOff` (a weekday) becomes a day off, `workingDay` (a weekend day) a working day. */
export interface DayTransfer {
  dayOff: string;
  workingDay: string;
  source: string;
}

/**
 * Transfers per year. A year present with an empty list means "confirmed: no transfers"; a year
 * absent means unknown (only the statutory rules apply).
 */
export const DAY_TRANSFERS: Readonly<Record<number, readonly DayTransfer[]>> = {
  2024: [
    {
      dayOff: '2024-05-08',
      workingDay: '2024-05-04',
      source: 'MTSZN order of 17 Apr 2024 "On moving a day of rest in 2024" (Sputnik, NUR.KZ)',
    },
  ],
  2025: [
    {
      // Note: the working day is a SUNDAY, not a Saturday.
      dayOff: '2025-01-03',
      workingDay: '2025-01-05',
      source: 'MTSZN order No. 436 of 21 Nov 2024 "On moving a day of rest in 2025"; no others (MTSZN via Caravan.kz)',
    },
  ],
  // 2026 production calendar (egov.kz, Kazinform 2 Jan 2026): only statutory carry-overs, no transfers.
  2026: [],
  // 2027: not yet published — absent on purpose.
};
