/**
 * Kazakhstan's regions (17 oblasts and the three cities of republican significance, as of 2022),
 * by the code the API uses, with the names printed on envelopes.
 */
export const KZ_REGIONS = {
  astana: { kk: 'Астана қ.', ru: 'г. Астана' },
  almaty: { kk: 'Алматы қ.', ru: 'г. Алматы' },
  shymkent: { kk: 'Шымкент қ.', ru: 'г. Шымкент' },
  abai: { kk: 'Абай облысы', ru: 'область Абай' },
  akmola: { kk: 'Ақмола облысы', ru: 'Акмолинская область' },
  aktobe: { kk: 'Ақтөбе облысы', ru: 'Актюбинская область' },
  almaty_region: { kk: 'Алматы облысы', ru: 'Алматинская область' },
  atyrau: { kk: 'Атырау облысы', ru: 'Атырауская область' },
  east_kazakhstan: { kk: 'Шығыс Қазақстан облысы', ru: 'Восточно-Казахстанская область' },
  zhambyl: { kk: 'Жамбыл облысы', ru: 'Жамбылская область' },
  zhetysu: { kk: 'Жетісу облысы', ru: 'область Жетісу' },
  west_kazakhstan: { kk: 'Батыс Қазақстан облысы', ru: 'Западно-Казахстанская область' },
  karaganda: { kk: 'Қарағанды облысы', ru: 'Карагандинская область' },
  kostanay: { kk: 'Қостанай облысы', ru: 'Костанайская область' },
  kyzylorda: { kk: 'Қызылорда облысы', ru: 'Кызылординская область' },
  mangystau: { kk: 'Маңғыстау облысы', ru: 'Мангистауская область' },
  pavlodar: { kk: 'Павлодар облысы', ru: 'Павлодарская область' },
  north_kazakhstan: { kk: 'Солтүстік Қазақстан облысы', ru: 'Северо-Казахстанская область' },
  turkistan: { kk: 'Түркістан облысы', ru: 'Туркестанская область' },
  ulytau: { kk: 'Ұлытау облысы', ru: 'область Ұлытау' },
} as const;

export type KzRegion = keyof typeof KZ_REGIONS;
export const KZ_REGION_CODES = Object.keys(KZ_REGIONS) as KzRegion[];

export function isKzRegion(s: string): s is KzRegion {
  return Object.hasOwn(KZ_REGIONS, s);
}
