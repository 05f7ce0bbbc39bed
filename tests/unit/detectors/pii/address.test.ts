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
