import type { FindingAbout } from '../../src/contract/index.js';
import { NAME_FACT_ZH } from './recognizers/real-name.js';

/**
 * Whom a finding is about. A disclosure counts towards a dossier only when it
 * is about a person being exposed (the dossier, detectors/pii/dossier.ts):
 *
 * - `self`: the poster's own or an organisation's contact detail, given so
 *   that people get in touch (联系电话, 如有线索请联系, 咨询热线, 加我微信, 发送至, call us,
 *   to book), and an e-mail address of a government, university or .org.cn domain nobody's possessive
 *   claims. Real look-alikes: a parent's number in a missing-child appeal,
 *   a hospital's donation line, a shop's phone, a job ad's WeChat. In an
 *   appeal (寻人启事, 走失, 失主, MISSING, last seen, lost dog, donor) every
 *   finding no possessive claims is `self`, and a first-person contact (打我电话,
 *   call me at) is the poster's even with a pronoun after it ("… if you see him").
 * - `target`: a person the post points at: a third-person pronoun (他/她/TA,
 *   he/she/his/her), a demonstrative (这个女的, 此人, 该男子, this guy), an exposure
 *   frame (曝光, 人肉, 扒出, 起底, exposing), an official by title, a name as the
 *   subject of a personal fact (王晓燕，在某某公司上班; recognizers/real-name.ts), or
 *   an account the post mentions (`mentions`).
 * - `anonymised`: the post deliberately leaves its person unnamed (李某, 某男,
 *   病例3, 确诊病例, 无症状感染者): a health authority's case notice with the
 *   building a case lives in, or chatter about "a confirmed case in our
 *   estate". Nobody is exposed, so it counts nowhere, not even once the
 *   incident has a target, and it never links cascades.
 * - `unattributed`: neither. It counts only once the incident has a target
 *   (another disclosure about one, or a call to find one): a bare number in
 *   news or chatter (dates, stock codes, prices) is nobody's disclosure.
 *
 * A possessive right before the finding (她的电话, 其住址, his number) wins over a
 * contact frame further away ("她的联系方式" is hers, not the poster's).
 */
export type About = FindingAbout;

const PRONOUN_ZH = /(?<![其吉利排无自])[他她](?![人乡国日])|(?<![A-Za-z])TA(?![A-Za-z])/;
const DEMONSTRATIVE_ZH =
  /(?:这|那|该)(?:个|位|名)?(?:人|女的|男的|女人|男人|女子|男子|女生|男生|货|家伙|贱人|畜生|渣男|混蛋)|此人|当事人|涉事(?:男子|女子|人员)/;
// (查到, not 排查到/检查到/调查到/核查到: a notice's tracing of contacts is not an exposure)
const EXPOSURE_ZH =
  /曝光|人肉|开盒|扒(?:一下|一扒|出|到|了)|起底|(?<![排检调核筛])查到|个人信息|真实身份|信息都在|实名举报/;
/**
 * A person left unnamed on purpose: a surname with 某 standing as a name (李某，男; 王某某（), 某男/某女, a numbered case (病例3), a
 * confirmed case or an asymptomatic carrier as a notice words them (确诊病例, 无症状感染者). Real Weibo case notices give such a
 * person's building and workplace (bench/realistic tune split: the commonest warned real cascade).
 */
const ANONYMISED_ZH =
  /(?<!某)[\u4e00-\u9fa5]某{1,2}(?=[，,。、；;：:（(\s男女]|$)|某[男女]|病例\s*[0-9０-９一二三四五六七八九十]+|确诊病例|无症状感染者/;
const TITLE_ZH =
  /(?:局长|书记|市长|县长|区长|镇长|乡长|省长|厅长|部长|处长|科长|主任|人大代表|政协委员|院长|检察长|官员|干部)/;
const POINTER_EN =
  /\b(?:he|she|him|his|her|hers|this (?:guy|woman|man|girl|dude|person|lady|creep|idiot)|expos(?:e|ing)|dox+(?:ing|ed)?|senator|mayor|governor|commissioner|councilm[ae]n|councilwoman|councilmember|congress(?:man|woman)|sheriff|judge|official)\b/i;

/** The poster's own or an organisation's contact: checked in a window before the finding. */
const SELF_BEFORE_ZH =
  /联系(?:电话|方式|人|我|我们)?|请(?:拨打|致电|联系)|咨询|热线|客服|预约|订购|订餐|报名|招聘|加盟|合作|欢迎|有意者|有需要|如有(?:线索|需要|意向|发现)|捐赠|捐助|求助|本人|我的|我家|我(?:电话|手机|微信)|加我|私我|找我|店址|门店|地址[:：]|举报电话|投诉电话|官方|发送?(?:至|到)|寄(?:至|到)|反馈(?:至|到)|投稿/;
const SELF_BEFORE_EN =
  /\b(?:call us|contact us|contact me|call me|text me|email me|dm me|reach (?:us|me)|my (?:number|phone|cell|email|address)|our (?:number|phone|office|store|shop|address)|find us|visit us|hotline|helpline|customer service|for (?:bookings?|reservations|enquiries|inquiries|info|more info(?:rmation)?|tips))\b|\bcall\b\W*$/i;
/** Words after the finding that make it a contact to use (…to book, …咨询). */
const SELF_AFTER = /^.{0,8}(?:咨询|预约|订购|报名|to book|for (?:bookings?|reservations|info)|to order)/i;
/**
 * A possessive right before the finding (or before its label): the person's, whatever frame follows. The words
 * between hold no first or second person and no request (看到他请打我电话 is the poster's number, not his).
 */
const POSSESSIVE_BEFORE =
  /(?:(?<![其吉利排无自])[他她]|此人|这人|该男|该女|这个女的|这个男的|其)(?:的)?(?:(?![我你您请])[\u4e00-\u9fa5]){0,6}[:：是为]?\s*$|\b(?:his|her|their)\b[\w ]{0,12}(?:is|:)?\s*$/i;

/** Call-to-the-target right after a number ("138… 打爆她电话", "… call her now"). */
const AIMED_AFTER = /^.{0,12}(?:(?<![其吉利排无自])[他她](?![人乡国日])|\b(?:him|her|them)\b)/i;
/** …unless the pronoun is whom the reader may see: an appeal's "…if you see him", "…看到她请…" (a sighting, not a call). */
const SIGHTING_AFTER = /^.{0,12}(?:\bif (?:you )?(?:see|spot|find|have seen|know where)\b|看到|见到|遇到|发现|找到)/i;
/**
 * The poster's own contact, said in the first person (联系我, 打我电话, call me at, my number): the poster's, even when a
 * pronoun follows ("call me at … if you see him": the missing son is whom the number is for, not whose it is).
 */
const FIRST_PERSON_CONTACT_BEFORE =
  /联系我|找我|加我|私我|打我|我(?:的)?(?:电话|手机|微信|号码|邮箱)|本人(?:电话|手机|微信)|\b(?:call|contact|text|email|dm|reach|message) (?:me|us)\b|\b(?:my|our) (?:number|phone|cell|email)\b/i;
/**
 * An appeal: a missing person or pet, a lost or found item, a blood or donor request (寻人启事, 走失, 失主, 急需…血,
 * MISSING:, last seen, lost dog, found a wallet, donor). Its numbers are given so that people get in touch: the
 * poster's own (`self`) unless a possessive says whose ("他的电话"). Never one with an exposure frame (人肉, 开盒,
 * dox): "寻人！人肉这个女的" is a call, not an appeal.
 */
const APPEAL =
  /寻人|寻亲|走失|走丢|失联|寻狗|寻猫|寻物|失物招领|失主|捡到|急需.{0,6}血|献血|捐献|\bmissing\b|\blast seen\b|\blost (?:dog|cat|pet|wallet|phone|bag|keys?)\b|\bfound (?:a|an|this|my) (?:wallet|phone|dog|cat|bag|purse|keys?)\b|\bdonor\b/i;
const EXPOSURE_EN = /\bdox+(?:ing|ed)?\b|\bexpos(?:e|ing)\b/i;

export interface PostPointer {
  /** the post points at a person (pronoun, demonstrative, exposure frame, title of office, or a mention) */
  readonly pointsAtPerson: boolean;
  /** the post's person is left unnamed on purpose (李某, 病例3, 确诊病例): its findings are `anonymised` */
  readonly anonymised: boolean;
  /** an appeal (a missing person, a lost item, a donor): its numbers are the poster's own, to get in touch */
  readonly appeal: boolean;
}

/** Whether a post points at a person anywhere: computed once per post. */
export function postPointer(text: string, mentions: number): PostPointer {
  return {
    pointsAtPerson: mentions > 0 || pointsAtPerson(text),
    anonymised: ANONYMISED_ZH.test(text),
    appeal: APPEAL.test(text) && !EXPOSURE_ZH.test(text) && !EXPOSURE_EN.test(text),
  };
}

const WINDOW = 16;
const LOCAL_WINDOW = 28;
const SENTENCE_END = /[。！？!?；;\n]/g;

/**
 * Whom one finding at [start, end) of `text` is about. `local`: the category is a phrase about somebody
 * (workplace, school, family, health, chats, names, photos) and needs its person in the same sentence,
 * before it; a number (phone, ID, address, plate …) is the person's the post points at anywhere.
 */
/** An institution's address (a ministry's consultation mailbox, a university's office): nobody's private one. */
const INSTITUTION_EMAIL = /@(?:[\w-]+\.)*(?:gov|edu|mil)(?:\.[a-z]{2})?$|@(?:[\w-]+\.)*org\.cn$/i;

export function attribute(text: string, start: number, end: number, post: PostPointer, local = false): About {
  // (an institution's address is its own, unless the post says whose it is: 她的邮箱 …@…edu.cn)
  if (
    INSTITUTION_EMAIL.test(text.slice(start, end)) &&
    !POSSESSIVE_BEFORE.test(text.slice(Math.max(0, start - 10), start))
  )
    return 'self';
  const before = text.slice(Math.max(0, start - WINDOW), start);
  const after = text.slice(end, end + 16);
  // (a notice's 其住址 is the unnamed case's)
  if (post.anonymised) return SELF_BEFORE_ZH.test(before) ? 'self' : 'anonymised';
  if (POSSESSIVE_BEFORE.test(before.slice(-10))) return 'target';
  if (FIRST_PERSON_CONTACT_BEFORE.test(before)) return 'self';
  // (an appeal's number, the place and school it names: given to be used, by the poster or the family)
  if (post.appeal) return 'self';
  if (AIMED_AFTER.test(after) && !SIGHTING_AFTER.test(after)) return 'target';
  if (SELF_BEFORE_ZH.test(before) || SELF_BEFORE_EN.test(before) || SELF_AFTER.test(after)) return 'self';
  if (!post.pointsAtPerson) return 'unattributed';
  if (!local) return 'target';
  if (pointsAtPerson(sentenceBefore(text, start))) return 'target';
  // a name whose fact this is ("王晓燕，在某某公司上班"): the frame runs through the finding
  const from = start - sentenceBefore(text, start).length;
  return NAMED_SUBJECT_ZH.test(text.slice(from, end + 40)) ? 'target' : 'unattributed';
}

/** The part of the finding's sentence before it, at most LOCAL_WINDOW characters. */
function sentenceBefore(text: string, start: number): string {
  const window = text.slice(Math.max(0, start - LOCAL_WINDOW), start);
  let cut = 0;
  SENTENCE_END.lastIndex = 0;
  for (let m = SENTENCE_END.exec(window); m !== null; m = SENTENCE_END.exec(window)) cut = m.index + 1;
  return window.slice(cut);
}

/** (a copy without the global flag: `test` on a global regex keeps state between calls) */
const NAMED_SUBJECT_ZH = new RegExp(NAME_FACT_ZH.source);

function pointsAtPerson(text: string): boolean {
  return (
    PRONOUN_ZH.test(text) ||
    NAMED_SUBJECT_ZH.test(text) ||
    DEMONSTRATIVE_ZH.test(text) ||
    EXPOSURE_ZH.test(text) ||
    TITLE_ZH.test(text) ||
    POINTER_EN.test(text)
  );
}
