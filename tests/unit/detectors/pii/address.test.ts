import { describe, expect, it } from 'vitest';
import { values } from './helpers.js';

describe('address_zh', () => {
  it('finds full addresses down to the room, without the leading verb', () => {
    expect(values('她现居住于黑龙江省哈尔滨市南岗区中山路123号，', 'address_zh')).toEqual([
      '黑龙江省哈尔滨市南岗区中山路123号',
    ]);
    expect(values('住在杭州市西湖区文三路456号金座公寓877室', 'address_zh')).toEqual([
      '杭州市西湖区文三路456号金座公寓877室',
    ]);
    expect(values('家住阳光小区3栋2单元502室', 'address_zh')).toEqual(['阳光小区3栋2单元502室']);
  });
  it('a district alone is a location, not an address, unless context says it is home', () => {
    expect(values('今天去了北京市朝阳区玩', 'address_zh')).toEqual([]);
  });
  it('full-width digits are normalised', () => {
    expect(values('地址：中山路１２３号５０２室', 'address_zh')).toEqual(['中山路１２３号５０２室']);
  });
});

describe('address_en', () => {
  it('finds street, unit, city, region and postcode', () => {
    expect(values('send it to 1317 Kimberly Way\n Apt. 962\n Grand Rapids, MI 49503 please', 'address_en')).toEqual([
      '1317 Kimberly Way\n Apt. 962\n Grand Rapids, MI 49503',
    ]);
    expect(values('He lives at 97 Lincoln Street. He holds', 'address_en')).toEqual(['97 Lincoln Street']);
  });
  it('near misses: quantities followed by words', () => {
    expect(values('I waited 3 days and 20 minutes', 'address_en')).toEqual([]);
    expect(values('We sold 500 Apples yesterday', 'address_en')).toEqual([]);
  });
});

describe('address_en, international forms', () => {
  it('European order: name then house number, with a street-type word or compound ending', () => {
    expect(values('The bus station is on Villacher Strasse 89', 'address_en')).toEqual(['Villacher Strasse 89']);
    expect(values('my address: Vesterskovvej 79', 'address_en')).toEqual(['Vesterskovvej 79']);
    expect(values('address: ul. Zamkowa 33 Apt. 406', 'address_en')).toEqual(['ul. Zamkowa 33 Apt. 406']);
  });
  it('number first with a prefix street word, units, city, region and postcode over lines', () => {
    expect(values('located at 9554 62 Rue Gafsa Apt. 981\nToronto\n, ON\n 82269', 'address_en')).toEqual([
      '9554 62 Rue Gafsa Apt. 981\nToronto\n, ON\n 82269',
    ]);
    expect(
      values('Our offices are located at 6076 Piroska u. 97.\nPorto Alegre\n, RS\n Brazil 95828', 'address_en'),
    ).toEqual(['6076 Piroska u. 97.\nPorto Alegre\n, RS\n Brazil 95828']);
  });
  it('units after a same-line tail, e-mail quote marks between lines', () => {
    expect(values('> 935 69 Gordon Terrace\n> Suite 828\n> BASHALL TOWN', 'address_en')).toEqual([
      '935 69 Gordon Terrace\n> Suite 828\n> BASHALL TOWN',
    ]);
  });
  it('US military addresses and PO boxes', () => {
    expect(values('Meet me at PSC 1437, Box 3833\nAPO AA 66791', 'address_en')).toEqual([
      'PSC 1437, Box 3833\nAPO AA 66791',
    ]);
    expect(values('send to USNS Bergman\nFPO AP 93757', 'address_en')).toEqual(['USNS Bergman\nFPO AP 93757']);
    expect(values('Meet me at P.O. Box 149 Monika Union', 'address_en')).toEqual(['P.O. Box 149 Monika Union']);
  });
  it('corner intersections', () => {
    expect(values('it is the corner of Dalbraut 99 and Frederikke Coves', 'address_en')).toEqual([
      'the corner of Dalbraut 99 and Frederikke Coves',
    ]);
  });
  it('a street without a type word needs a context word', () => {
    expect(values('Joaquin Suarez 2906 was great', 'address_en')).toEqual([]);
    expect(values('address: Joaquin Suarez 2906', 'address_en')).toEqual(['Joaquin Suarez 2906']);
  });
  it('near misses: the tail stops at labels, sentences and phone numbers', () => {
    expect(
      values('50668 Kiannonkatu 98 Apt. 105, ISHAM, United Kingdom\nMobile: 03.93.92.16.85', 'address_en'),
    ).toEqual(['50668 Kiannonkatu 98 Apt. 105, ISHAM, United Kingdom']);
    expect(values('I live at 12 Oak Street\nAnyone want to visit?', 'address_en')).toEqual(['12 Oak Street']);
    expect(values('55470 72 Acheron Road Apt. 237 BUNDALAGUAH VIC\n655 437 108 office', 'address_en')).toEqual([
      '55470 72 Acheron Road Apt. 237 BUNDALAGUAH VIC',
    ]);
  });
  it('near misses: counts, versions and times are no streets', () => {
    expect(values('bought 3 Windows 10 machines', 'address_en')).toEqual([]);
    expect(values('At 5 PM 3 people came', 'address_en')).toEqual([]);
    expect(values('Route 66 is a song', 'address_en')).toEqual([]);
    expect(values('Chapter 5 of the book', 'address_en')).toEqual([]);
  });
});

describe('address_en, blocks that end in a city, country or postcode line', () => {
  it('lines may start with quote or list markers copied with the block', () => {
    expect(values('1317 Kimberly Way\n• Apt. 962\n• Grand Rapids, MI 49503', 'address_en')).toEqual([
      '1317 Kimberly Way\n• Apt. 962\n• Grand Rapids, MI 49503',
    ]);
    expect(values('66029 138 Consul Place\n??? Apt. 050\n??? Broomfield\n??? New Zealand 57006', 'address_en')).toEqual(
      ['66029 138 Consul Place\n??? Apt. 050\n??? Broomfield\n??? New Zealand 57006'],
    );
  });
  it('place names with lower-case particles and Greek look-alikes stay whole', () => {
    expect(values('4596 Tylova 285\n Suite 578\n Ostrov nad Ohří\n Czech Republic 56655', 'address_en')).toEqual([
      '4596 Tylova 285\n Suite 578\n Ostrov nad Ohří\n Czech Republic 56655',
    ]);
    expect(
      values('Λεωφόρος Συγγρού 119 Nino Point\n Apt. 658\n ΑΓΙΟΣ ∆ΟΜΕΤΙΟΣ\n Cyprus (Greek) 25572', 'address_en'),
    ).toEqual(['Λεωφόρος Συγγρού 119 Nino Point\n Apt. 658\n ΑΓΙΟΣ ∆ΟΜΕΤΙΟΣ\n Cyprus (Greek) 25572']);
  });
  it('near miss: a word that is no place particle ends the tail', () => {
    expect(values('I live at 12 Oak Street, Springfield on Monday', 'address_en')).toEqual([
      '12 Oak Street, Springfield',
    ]);
  });
  it('a lower-case house number followed by a unit word, then a lower-case tail after commas', () => {
    expect(values('2613 avenida praia 1 suite 463, mohács, hungary 24743', 'address_en')).toEqual([
      '2613 avenida praia 1 suite 463, mohács, hungary 24743',
    ]);
    expect(values('I live at 5 Main St 20 minutes away', 'address_en')).toEqual(['5 Main St']);
  });
  it('an untyped street name is a street when a unit follows it', () => {
    expect(values('94941 2505 Heatherleigh Suite 620 Apt. 581, ΠΑΦΟΣ, Cyprus (Greek) 13475', 'address_en')).toEqual([
      '94941 2505 Heatherleigh Suite 620 Apt. 581, ΠΑΦΟΣ, Cyprus (Greek) 13475',
    ]);
  });
  it('building number, name, house number; near misses: a year or an amount before a name and a number', () => {
    expect(values('This is 87818 Dalmatinova 68', 'address_en')).toEqual(['87818 Dalmatinova 68']);
    expect(values('the office: 518 Árpád fejedelem útja 62.', 'address_en')).toEqual(['518 Árpád fejedelem útja 62.']);
    expect(values('In 2019 Windows 10 shipped', 'address_en')).toEqual([]);
    expect(values('I have 300 Euros 20 left', 'address_en')).toEqual([]);
  });
  it('capitalised words before the number of a typed street name the estate; lower-case words do not', () => {
    expect(values('Storgarden 52 Trajanka Forks\n Suite 894\n HARSTAD\n Norway 95441', 'address_en')).toEqual([
      'Storgarden 52 Trajanka Forks\n Suite 894\n HARSTAD\n Norway 95441',
    ]);
    expect(values('meet me at 52 Oak Street', 'address_en')).toEqual(['52 Oak Street']);
  });
  it('US military addresses in lower case', () => {
    expect(values('psc 5420, box 2708\napo aa 33879', 'address_en')).toEqual(['psc 5420, box 2708\napo aa 33879']);
    expect(values('the apo aa meeting', 'address_en')).toEqual([]);
  });
});
