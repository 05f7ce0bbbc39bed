import type { Cue } from './lexicon.js';

/**
 * Word lists of language/business-contact, Chinese and English. A business
 * cue says that the contact details in the same post are the poster's own
 * business's: first person (本店, our office, call us), an invitation
 * (欢迎来电, book now, visit our store) or the furniture of a shop notice
 * (营业时间, opening hours, 门店地址). Promotion alone (八折, 20% off) is a
 * weaker hint. Weights as in lexicon.ts (1 strong, 0.5 weaker).
 */
export const BUSINESS: readonly Cue[] = [
  {
    code: 'zh_our_business',
    weight: 1,
    re: /本店|我店|小店|我们店|我们(?:的)?(?:门店|店铺|公司|诊所|工作室)|本公司|我(?:司|公司)|本诊所|本工作室|本(?:门店|店铺|餐厅|酒店|馆)/,
  },
  {
    code: 'zh_welcome',
    weight: 1,
    re: /欢迎(?:大家)?(?:来电|致电|咨询|预约|光临|惠顾|到店|进店|选购|莅临|垂询)/,
  },
  {
    code: 'zh_hours',
    weight: 1,
    re: /营业时间|营业中|(?:每天|全天|周[一二三四五六日])营业|(?:新店|盛大)?开业|开张大吉/,
  },
  {
    code: 'zh_booking',
    weight: 0.8,
    re: /预约(?:电话|热线|方式|请|专线)|订(?:座|餐|房)电话|外卖电话|在线预约|预订热线/,
  },
  { code: 'zh_store_address', weight: 1, re: /(?:门店|店铺|本店|公司|总店|分店)地址|店址/ },
  {
    code: 'zh_contact_us',
    weight: 1,
    re: /联系我们|(?:官方|在线)?客服(?:电话|热线|邮箱)|官方客服|服务热线|咨询(?:电话|热线)|商务合作/,
  },
  { code: 'zh_promotion', weight: 0.5, re: /全场|[一二三四五六七八九]折|优惠|团购|特价|促销|买一送一|会员/ },
  {
    code: 'en_our_business',
    weight: 1,
    re: /\bour (?:store|shop|office|clinic|salon|restaurant|bakery|cafe|studio|team|location|showroom|website|hotline|support)\b|\bwe(?:'re| are) (?:open|located)\b/,
  },
  {
    code: 'en_contact_us',
    weight: 1,
    re: /\b(?:call|contact|email|e-mail|text|visit|find|reach) us\b|\bcustomer (?:service|support|care)\b/,
  },
  {
    code: 'en_hours',
    weight: 1,
    re: /\bopening hours\b|\bopen (?:daily|7 days|now|mon)|\bnow open\b|\bgrand opening\b|\bhours:/,
  },
  {
    code: 'en_booking',
    weight: 0.8,
    re: /\bbook (?:now|online|a table|an appointment|your)\b|\bto book\b|\bappointments? (?:available|welcome)\b|\bwalk-ins welcome\b|\border online\b/,
  },
  { code: 'en_promotion', weight: 0.5, re: /\d+% off\b|\bdiscount\b|\bspecial offer\b|\bfree delivery\b/ },
];

/**
 * The opposite: the business is someone else's, named to act against its
 * owner ("这是他开的店, 去他店里闹", "her shop is at ..., go there"). A post
 * with one of these is never a self-disclosure, and one such post vetoes the
 * incident's business signal.
 */
const P = '(?:他|她|ta|这人|这个人|此人|这货|这女的|这男的)';
export const THIRD_PARTY: readonly RegExp[] = [
  new RegExp(`${P}(?:家)?(?:开的|的|开了(?:一?家|个)?|在)(?:店|铺子|公司|诊所|工作室|餐厅|门店)`),
  new RegExp(`去${P}(?:的)?(?:店|铺子|公司|诊所|工作室|餐厅|门店)(?:里|门口)?`),
  /闹事|砸(?:店|场|了他|了她)|堵(?:门|他|她)|刷差评|(?:打爆|轰炸|骚扰)(?:他|她|这|店)|曝光(?:他|她)|人肉|开盒/,
  /\b(?:his|her|their) (?:shop|store|business|company|office|clinic|salon|restaurant|bakery|place)\b/,
  /\b(?:he|she) (?:owns|runs|works at|manages)\b|\b(?:harass|confront|flood|spam|pay (?:him|her) a visit)\b|\b1-star\b|\bdox/,
];
