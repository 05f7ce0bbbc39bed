import { candidate, defineRecognizer, recognizerOptions, type Candidate } from '../recognizer.js';
import { redactText } from '../redact.js';

/**
 * Chinese addresses: province / city / district / town, road and number
 * (路…号), compound (小区/公寓/花园…), building (栋/幢/号楼), unit (单元),
 * floor and room (室). Street-level parts make it a home address; an
 * administrative area alone is only a location (weak, context can raise it).
 */
const H = '\\u4e00-\\u9fa5';
const PROV =
  '(?:北京|天津|上海|重庆|河北|山西|辽宁|吉林|黑龙江|江苏|浙江|安徽|福建|江西|山东|河南|湖北|湖南|广东|海南|四川|贵州|云南|陕西|甘肃|青海|台湾|内蒙古|广西|西藏|宁夏|新疆|香港|澳门)(?:省|市|自治区|壮族自治区|回族自治区|维吾尔自治区|特别行政区)?';
const CITY = `[${H}]{2,5}?(?:市|自治州|地区|盟)`;
const DIST = `[${H}]{1,5}?(?:区|县|旗)`;
const TOWN = `[${H}]{1,6}?(?:镇|乡|街道)`;
const ROAD = `[${H}0-9]{1,8}?(?:路|街|大道|大街|道|巷|弄|胡同)`;
const NUM = `\\d{1,5}(?:-\\d{1,4})?(?:号|弄)`;
const COMPOUND = `[${H}A-Za-z0-9]{2,10}?(?:小区|花园|公寓|大厦|广场|家园|新村|苑|府|庭|村|社区|公馆|别墅|宿舍)`;
const BUILDING = `\\d{1,3}(?:栋|幢|座|号楼|楼|号院)`;
const UNIT = `\\d{1,2}单元`;
const FLOOR = `\\d{1,2}(?:层|楼)`;
const ROOM = `\\d{1,5}(?:室|房|号房)`;
const PARTS = [
  ['prov', PROV],
  ['city', CITY],
  ['dist', DIST],
  ['town', TOWN],
  ['road', ROAD],
  ['num', NUM],
  ['comp', COMPOUND],
  ['bldg', BUILDING],
  ['unit', UNIT],
  ['floor', FLOOR],
  ['room', ROOM],
] as const;
// The lookahead makes every match non-empty, so the engine (not a JS loop) skips ordinary text.
const ADDRESS = new RegExp(
  `(?=${PARTS.map(([, re]) => re).join('|')})` + PARTS.map(([name, re]) => `(?<${name}>${re})?`).join(''),
  'g',
);
const ANCHOR = /[省市区县镇乡路街道巷弄号栋幢室单元院苑]/;
// leading words the lazy Han-character classes may swallow: 住在杭州市 -> 杭州市
const LEAD =
  /^(?:现居住于|现居住在|居住于|居住在|住在|家住|住址|地址|位于|现居|住于|现住|他家|她家|我家|在|于|到|去|从|是|为|的|和|与|及|或|住|家|址|：|:)+/;

export const addressZh = defineRecognizer({
  name: 'address_zh',
  category: 'home_address',
  description: 'Chinese street and home addresses',
  options: recognizerOptions(0.9, {}),
  context: ['住址', '地址', '家住', '住在', '居住', '现居', '户籍', '老家', '门牌', '楼下', '堵他', '上门'],
  gate: /[省市区县旗镇乡路街巷弄号栋幢室苑]/,
  compile: () => (text) => {
    const out: Candidate[] = [];
    if (!ANCHOR.test(text)) return out;
    ADDRESS.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = ADDRESS.exec(text)) !== null) {
      if (m[0].length === 0) {
        ADDRESS.lastIndex = m.index + 1;
        continue;
      }
      const g = m.groups!;
      const admin = (g.prov ? 1 : 0) + (g.city ? 1 : 0) + (g.dist ? 1 : 0) + (g.town ? 1 : 0);
      const street = (g.road && g.num ? 2 : g.road || g.num ? 1 : 0) + (g.comp ? 1 : 0);
      const dwelling = (g.bldg ? 1 : 0) + (g.unit ? 1 : 0) + (g.room ? 1 : 0) + (g.floor ? 1 : 0);
      const parts = admin + street + dwelling;
      if (parts < 2) {
        ADDRESS.lastIndex = m.index + 1; // a lone part may have swallowed the start of a real address
        continue;
      }
      let confidence: number;
      if (street + dwelling >= 2) confidence = Math.min(0.95, 0.6 + 0.1 * admin + 0.05 * dwelling);
      else if (street + dwelling === 1) confidence = admin >= 2 ? 0.55 : 0.4;
      else confidence = 0.25; // province/city/district only: a location, not an address
      let start = m.index;
      const lead = LEAD.exec(m[0]);
      if (lead && !g.prov) start += lead[0].length;
      const end = m.index + m[0].length;
      if (end - start < 4) continue;
      const value = text.slice(start, end);
      const shown = g.prov ?? g.city ?? '';
      out.push(candidate(start, end, value, confidence, shown + redactText(value.slice(shown.length) || value)));
    }
    return out;
  },
});
