import { describe, expect, it } from 'vitest';
import { values } from './helpers.js';

describe('address_en boundaries', () => {
  it('a city line whose name holds a street word is a place, not a region code plus a street', () => {
    expect(
      values('my new address is 11 Souterhead Road\n Suite 445\n LOW STREET\n United Kingdom 10543', 'address_en'),
    ).toEqual(['11 Souterhead Road\n Suite 445\n LOW STREET\n United Kingdom 10543']);
    // a region code still ends its line or goes on to the postcode
    expect(values('located at 9554 62 Rue Gafsa Apt. 981\nToronto\n, ON\n 82269', 'address_en')).toEqual([
      '9554 62 Rue Gafsa Apt. 981\nToronto\n, ON\n 82269',
    ]);
  });
  it('a street name that holds a street type runs to the second type word', () => {
    expect(values("It's in 675 224 Forrest Hill Road Suite 833 Milford New Zealand", 'address_en')).toEqual([
      '675 224 Forrest Hill Road Suite 833 Milford New Zealand',
    ]);
    expect(values('He lives at 97 Lincoln Street. He holds', 'address_en')).toEqual(['97 Lincoln Street']);
  });
  it('near misses: English -ing words are no compound street names ending in -ring', () => {
    expect(values('I work for 48 Factoring Inc', 'address_en')).toEqual([]);
    expect(values('we ordered 300 Catering trays', 'address_en')).toEqual([]);
    expect(values('wohnt am Kaiserring 12', 'address_en')).toEqual(['Kaiserring 12']);
  });
});

describe('phone near misses', () => {
  it('a licence or passport number written in groups is not a phone', () => {
    expect(values("my driver's license number is 2270-66-1551", 'phone')).toEqual([]);
    expect(values('call 2270-66-1551', 'phone')).toEqual(['2270-66-1551']);
  });
});

describe('address_en: lower-case tails without commas', () => {
  it('run on to a country, state or province that closes the line', () => {
    expect(values('address:\n947 trg revolucije 17 apt. 858 begunje na gorenjskem slovenia.', 'address_en')).toEqual([
      '947 trg revolucije 17 apt. 858 begunje na gorenjskem slovenia',
    ]);
    expect(values('3747 3911 fourth avenue suite 112 calgary alberta', 'address_en')).toEqual([
      '3747 3911 fourth avenue suite 112 calgary alberta',
    ]);
    expect(values('12 main street apt 4 toronto new south wales', 'address_en')).toEqual([
      '12 main street apt 4 toronto new south wales',
    ]);
  });
  it('near misses: a sentence going on, no place name at the end', () => {
    expect(values('3747 3911 fourth avenue suite 112 and then we left', 'address_en')).toEqual([
      '3747 3911 fourth avenue suite 112',
    ]);
    expect(values('12 main street apt 4 toronto ontario is where', 'address_en')).toEqual(['12 main street apt 4']);
    expect(values('12 main street apt 4 was cold', 'address_en')).toEqual(['12 main street apt 4']);
  });
});
