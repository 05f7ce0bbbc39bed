import { candidate, defineRecognizer, recognizerOptions, type Candidate } from '../recognizer.js';
import { maskMiddle } from '../redact.js';

/**
 * Chinese licence plates: province abbreviation, issuing-office letter, then
 * five characters (ordinary) or six (new-energy: D/F + 5, or 5 digits + D/F).
 * Letters I and O are never used. A separator (· or space) is allowed.
 */
const PROVINCE = '京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼';
const L = 'A-HJ-NP-Z';
const PLATE = new RegExp(
  `([${PROVINCE}])([${L}])[·•. -]?((?:[DF][${L}0-9]\\d{4})|(?:\\d{5}[DF])|(?:[${L}0-9]{4}[${L}0-9挂学警港澳]))(?![A-Za-z0-9])`,
  'g',
);

export const licencePlate = defineRecognizer({
  name: 'licence_plate',
  category: 'licence_plate',
  description: 'Chinese licence plates, including new-energy plates',
  options: recognizerOptions(0.6, {}),
  context: ['车牌', '牌照', '车号', '开着', '开的', '的车', '座驾', '轿车', '宝马', '奔驰', '特斯拉', 'plate', 'car'],
  gate: /\d/,
  minDigits: 1,
  compile: () => (text) => {
    const out: Candidate[] = [];
    PLATE.lastIndex = 0;
    for (let m = PLATE.exec(text); m !== null; m = PLATE.exec(text)) {
      const body = m[3]!;
      if (!/\d/.test(body)) continue; // a plate has digits
      const plate = `${m[1]!}${m[2]!}${body}`;
      const newEnergy = body.length === 6;
      const confidence = newEnergy ? 0.7 : /\d{3}/.test(body) ? 0.6 : 0.45;
      out.push(candidate(m.index, m.index + m[0].length, plate, confidence, maskMiddle(plate, 2, 1)));
    }
    return out;
  },
});
