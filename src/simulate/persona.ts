import type { Rng } from '../util/index.js';
import { EN } from './lexicon-en.js';
import { ZH } from './lexicon-zh.js';
import {
  CN_REGIONS,
  cnAddress,
  cnIdNumber,
  cnMobile,
  cnPlate,
  email,
  enAddress,
  usPhone,
  usPlate,
  type Planted,
} from './pii.js';

/** One fact about a doxxing target: the phrase that discloses it and the values it plants. */
export interface Fact {
  readonly phrase: string;
  readonly planted: readonly Planted[];
}

/** A made-up target: their name and the facts a crowd digs up, in the order they come out. */
export interface Persona {
  readonly lang: 'zh' | 'en';
  readonly female: boolean;
  readonly name: Planted;
  /** the facts of the first post */
  readonly opening: readonly Fact[];
  /** facts added later by consolidation posts, in order */
  readonly later: readonly Fact[];
}

const fact = (phrase: string, ...planted: Planted[]): Fact => ({ phrase, planted });
const plain = (category: Planted['category'], value: string): Planted => ({ category, value, written: value });

export function zhPersona(rng: Rng): Persona {
  const female = rng.chance(0.6);
  const region = rng.pick(CN_REGIONS);
  const city = region.city.replace('市', '');
  const name = plain('real_name', rng.pick(ZH.surnames) + rng.pick(female ? ZH.givenF : ZH.givenM));
  const pron = female ? '她' : '他';
  const company = plain('workplace', city + rng.pick(ZH.companyPrefix) + rng.pick(ZH.companyKind));
  const phone = cnMobile(rng);
  const spouse = plain('family', rng.pick(ZH.surnames) + rng.pick(female ? ZH.givenM : ZH.givenF));
  const school = plain('school', region.city + rng.pick(ZH.schools));
  const illness = plain('health', rng.pick(ZH.illnesses));
  const id = cnIdNumber(rng, region, female);
  const addr = cnAddress(rng, region);
  const plate = cnPlate(rng, region);
  const opening = [fact(`在${company.value}上班`, company), fact(`手机号${phone.written}`, phone)];
  const later = [
    fact(`家住${addr.written}`, addr),
    fact(`身份证号${id.written}`, id),
    fact(`开的车牌是${plate.written}`, plate),
    fact(`${pron}${female ? '老公' : '老婆'}叫${spouse.value}`, spouse),
    fact(`${pron}女儿在${school.value}上学`, school, plain('family', '')),
    fact(`听说${pron}有${illness.value}，在${rng.pick(ZH.hospitals)}看过病`, illness),
    fact('聊天记录截图都在这', plain('private_chat', '')),
  ];
  return finish(rng, 'zh', female, name, opening, later);
}

export function enPersona(rng: Rng): Persona {
  const female = rng.chance(0.5);
  const first = rng.pick(female ? EN.firstF : EN.firstM);
  const last = rng.pick(EN.last);
  const name = plain('real_name', `${first} ${last}`);
  const [he, his] = female ? ['she', 'her'] : ['he', 'his'];
  const company = plain('workplace', rng.pick(EN.companies));
  const phone = usPhone(rng);
  const spouse = plain('family', `${rng.pick(female ? EN.firstM : EN.firstF)} ${last}`);
  const school = plain('school', rng.pick(EN.schools));
  const illness = plain('health', rng.pick(EN.illnesses));
  const mail = email(rng, first, last);
  const addr = enAddress(rng);
  const plate = usPlate(rng);
  const opening = [fact(`${he} works at ${company.value}`, company), fact(`${his} number is ${phone.written}`, phone)];
  const later = [
    fact(`${he} lives at ${addr.written}`, addr),
    fact(`email: ${mail.written}`, mail),
    fact(`drives a ${rng.pick(EN.cars)}, plate ${plate.written}`, plate),
    fact(`${his} ${female ? 'husband' : 'wife'} is ${spouse.value}`, spouse),
    fact(`their kid goes to ${school.value}`, school, plain('family', '')),
    fact(`${he} is being treated for ${illness.value} at ${rng.pick(EN.hospitals)}`, illness),
    fact('leaked DMs in the screenshot', plain('private_chat', '')),
  ];
  return finish(rng, 'en', female, name, opening, later);
}

const RARE: ReadonlySet<Planted['category']> = new Set(['health', 'private_chat']);

/** Keep both opening facts or just one, drop some sensitive extras, and shuffle the later facts (the dossier grows in any order). */
function finish(rng: Rng, lang: 'zh' | 'en', female: boolean, name: Planted, opening: Fact[], later: Fact[]): Persona {
  const open = rng.chance(0.5) ? opening : [rng.pick(opening)];
  const rest = opening.filter((f) => !open.includes(f));
  // health and leaked chats come out in some incidents only
  const kept = later.filter((f) => !f.planted.some((v) => RARE.has(v.category)) || rng.chance(0.6));
  return { lang, female, name, opening: open, later: [...rest, ...rng.shuffle(kept)] };
}
