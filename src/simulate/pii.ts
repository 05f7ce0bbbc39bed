import type { PiiCategory } from '../contract/index.js';
import { gb11643CheckChar, type Rng } from '../util/index.js';

/**
 * Synthetic personal information for simulated incidents. Every value is
 * made up from the seeded rng, but shaped like the real thing: mainland ID
 * numbers with a valid region code, a real birth date and a correct GB 11643
 * check character; phones with live prefixes; addresses down to the room.
 */
export interface Planted {
  readonly category: PiiCategory;
  /** canonical value (digits only for numbers) */
  readonly value: string;
  /** as written in the post */
  readonly written: string;
}

/** Region codes (county level) with the matching Chinese address parts. */
export const CN_REGIONS = [
  { code: '110101', province: '', city: '北京市', district: '东城区', plate: '京' },
  { code: '110105', province: '', city: '北京市', district: '朝阳区', plate: '京' },
  { code: '310104', province: '', city: '上海市', district: '徐汇区', plate: '沪' },
  { code: '330106', province: '浙江省', city: '杭州市', district: '西湖区', plate: '浙' },
  { code: '440305', province: '广东省', city: '深圳市', district: '南山区', plate: '粤' },
  { code: '440106', province: '广东省', city: '广州市', district: '天河区', plate: '粤' },
  { code: '510107', province: '四川省', city: '成都市', district: '武侯区', plate: '川' },
  { code: '420106', province: '湖北省', city: '武汉市', district: '武昌区', plate: '鄂' },
  { code: '320102', province: '江苏省', city: '南京市', district: '玄武区', plate: '苏' },
  { code: '370102', province: '山东省', city: '济南市', district: '历下区', plate: '鲁' },
] as const;
export type CnRegion = (typeof CN_REGIONS)[number];

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;
const CN_MOBILE_PREFIXES = [
  '130',
  '131',
  '133',
  '135',
  '136',
  '137',
  '138',
  '139',
  '150',
  '151',
  '152',
  '155',
  '158',
  '159',
  '176',
  '177',
  '180',
  '181',
  '185',
  '186',
  '187',
  '188',
  '189',
  '199',
];
const CN_AREA_CODES: Readonly<Record<string, string>> = {
  北京市: '010',
  上海市: '021',
  杭州市: '0571',
  深圳市: '0755',
  广州市: '020',
  成都市: '028',
  武汉市: '027',
  南京市: '025',
  济南市: '0531',
};
const US_AREAS = ['212', '312', '415', '617', '206', '512', '303', '404', '213', '702'];
const FULL_WIDTH_DIGITS = '０１２３４５６７８９';

function digitString(rng: Rng, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += String(rng.int(0, 9));
  return s;
}

/** A mainland resident ID number that passes GB 11643, for a person of the given sex. */
export function cnIdNumber(rng: Rng, region: CnRegion, female: boolean): Planted {
  const year = rng.int(1965, 2004);
  const month = rng.int(1, 12);
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const dim = month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]!;
  const day = rng.int(1, dim);
  // the 17th digit is odd for men and even for women
  const seq = String(rng.int(0, 99)).padStart(2, '0') + String(rng.int(0, 4) * 2 + (female ? 0 : 1));
  const first17 = region.code + String(year) + String(month).padStart(2, '0') + String(day).padStart(2, '0') + seq;
  const value = first17 + gb11643CheckChar(first17)!;
  const written = rng.chance(0.2) ? `${value.slice(0, 6)} ${value.slice(6, 14)} ${value.slice(14)}` : value;
  return { category: 'national_id', value, written };
}

/** A mainland mobile number, written plainly or with spaces, dashes, +86 or full-width digits. */
export function cnMobile(rng: Rng): Planted {
  const value = rng.pick(CN_MOBILE_PREFIXES) + digitString(rng, 8);
  const style = rng.weighted([
    ['plain', 5],
    ['spaces', 2],
    ['dashes', 2],
    ['fullwidth', 1],
    ['plus86', 1],
  ] as const);
  const g = [value.slice(0, 3), value.slice(3, 7), value.slice(7)];
  const written =
    style === 'spaces'
      ? g.join(' ')
      : style === 'dashes'
        ? g.join('-')
        : style === 'plus86'
          ? `+86 ${g.join(' ')}`
          : style === 'fullwidth'
            ? [...value].map((d) => FULL_WIDTH_DIGITS[Number(d)]!).join('')
            : value;
  return { category: 'phone', value, written };
}

/** A mainland landline (area code + 8 digits), e.g. an office or a shop. */
export function cnLandline(rng: Rng, region: CnRegion): Planted {
  const area = CN_AREA_CODES[region.city] ?? '010';
  const local = String(rng.int(2, 8)) + digitString(rng, 7);
  return { category: 'phone', value: area + local, written: `${area}-${local}` };
}

/** A US number with a real area code and a non-fictional exchange. */
export function usPhone(rng: Rng): Planted {
  const area = rng.pick(US_AREAS);
  const exchange = String(rng.int(2, 9)) + String(rng.int(0, 9)) + String(rng.int(2, 9));
  const line = digitString(rng, 4);
  const value = area + exchange + line;
  const written = rng.pick([
    `(${area}) ${exchange}-${line}`,
    `${area}-${exchange}-${line}`,
    `${area}.${exchange}.${line}`,
    `+1 ${area} ${exchange} ${line}`,
  ]);
  return { category: 'phone', value, written };
}

const ROADS = ['文三路', '学院路', '中山路', '人民路', '解放路', '建设路', '科技园路', '长江路', '和平路', '滨江大道'];
const ESTATES = ['阳光', '翠苑', '金色家园', '锦绣花园', '绿城桂花', '万科城', '碧桂园', '东方明珠'];

/** A Chinese home address down to building, unit and room. */
export function cnAddress(rng: Rng, region: CnRegion): Planted {
  const written =
    `${region.province}${region.city}${region.district}${rng.pick(ROADS)}${rng.int(1, 399)}号` +
    `${rng.pick(ESTATES)}小区${rng.int(1, 30)}栋${rng.int(1, 6)}单元${rng.int(1, 33)}0${rng.int(1, 4)}室`;
  return { category: 'home_address', value: written, written };
}

/** A shop or office address (street level, no flat). */
export function cnStreetAddress(rng: Rng, region: CnRegion): Planted {
  const written = `${region.city}${region.district}${rng.pick(ROADS)}${rng.int(1, 399)}号`;
  return { category: 'home_address', value: written, written };
}

const US_STREETS = [
  'Maple Avenue',
  'Oak Street',
  'Pine Street',
  'Cedar Lane',
  'Elm Drive',
  'Washington Boulevard',
  'Lakeview Road',
  'Sunset Court',
];
const US_CITIES = [
  ['Springfield', 'IL', '627'],
  ['Austin', 'TX', '787'],
  ['Portland', 'OR', '972'],
  ['Columbus', 'OH', '432'],
  ['Denver', 'CO', '802'],
  ['Raleigh', 'NC', '276'],
] as const;

/** An English street address: number, street, unit, city, state, ZIP. */
export function enAddress(rng: Rng, withUnit = true): Planted {
  const [city, state, zip3] = rng.pick(US_CITIES);
  const unit = withUnit && rng.chance(0.6) ? `, Apt ${rng.int(1, 30)}${rng.pick(['A', 'B', 'C', ''])}` : '';
  const written = `${rng.int(10, 9899)} ${rng.pick(US_STREETS)}${unit}, ${city}, ${state} ${zip3}${digitString(rng, 2)}`;
  return { category: 'home_address', value: written, written };
}

const PLATE_LETTERS = 'ABCDEFGHJKLMNPQRSTUVWXYZ';

/** A mainland plate: ordinary (浙A·12B45) or new-energy (沪AD12345 / 粤B12345F). */
export function cnPlate(rng: Rng, region: CnRegion): Planted {
  const city = PLATE_LETTERS[rng.int(0, 7)]!;
  let tail: string;
  if (rng.chance(0.35)) {
    tail = rng.chance(0.7) ? rng.pick(['D', 'F']) + digitString(rng, 5) : digitString(rng, 5) + rng.pick(['D', 'F']);
  } else {
    tail = '';
    for (let i = 0; i < 5; i++)
      tail += i === 2 && rng.chance(0.4) ? PLATE_LETTERS[rng.int(0, 23)]! : String(rng.int(0, 9));
  }
  const value = region.plate + city + tail;
  const written = rng.chance(0.3) ? `${region.plate}${city}·${tail}` : value;
  return { category: 'licence_plate', value, written };
}

/** A California-style plate, e.g. 8KXJ512. */
export function usPlate(rng: Rng): Planted {
  let letters = '';
  for (let i = 0; i < 3; i++) letters += PLATE_LETTERS[rng.int(0, 23)]!;
  const value = `${rng.int(4, 9)}${letters}${digitString(rng, 3)}`;
  return { category: 'licence_plate', value, written: value };
}

/** An email address made from a person's name. */
export function email(rng: Rng, first: string, last: string): Planted {
  const value = `${first.toLowerCase()}.${last.toLowerCase()}${rng.int(1, 99)}@${rng.pick(['gmail.com', 'outlook.com', 'yahoo.com'])}`;
  return { category: 'email', value, written: value };
}
