/**
 * Word lists of the language detectors, Chinese and English. Patterns aim at
 * calls to act (imperatives with a target), not at words that merely name the
 * phenomenon: "人肉搜索太可怕了" and "doxxing is never ok" mention doxxing,
 * "人肉她" and "find where he lives" call for it. Each entry has a weight
 * (1 strong, 0.5 weaker) and a code for the reason.
 */
export interface Cue {
  readonly code: string;
  readonly weight: number;
  readonly re: RegExp;
  /**
   * A call to find, expose, visit, call or harass a person (人肉她, 去他家门口堵, find where he lives). Calls open the
   * risk gate to `warning` on their own (src/risk); amplification (求扩散, spread this) and malice never do.
   */
  readonly call?: boolean;
}

const P = '(?:他|她|这人|这个人|此人|这货|ta)';
/**
 * Each pattern says what it must not fire on, from real posts (../shared/data/text, tune split):
 * 去学校上课 / 回不去家 / 这车去他家那了 (going somewhere is not a visit to harass), 打电话给相关部门 / 打电话给我
 * (calling is not harassing), 他在哪被感染的 (where someone was is not where they live), 被扒出来已经确诊 /
 * 值得深扒 (a report that someone was dug up is not a call to dig), I find them super cool (find + them).
 */
export const MOBILISATION: readonly Cue[] = [
  {
    code: 'zh_renrou',
    weight: 1,
    call: true,
    re: new RegExp(`(?:大家|求|快|赶紧|一起|都来)?人肉(?:一下|${P}|出来|了没|到)`),
  },
  { code: 'zh_renrou', weight: 1, call: true, re: /(?:大家|求|快|赶紧|一起|都来)人肉/ },
  { code: 'zh_kaihe', weight: 1, call: true, re: new RegExp(`开盒(?:了没|一下|${P})|(?:大家|求|快|赶紧)开盒`) },
  {
    code: 'zh_dig',
    weight: 0.8,
    call: true,
    re: new RegExp(`(?:扒一下|扒一扒|扒扒)(?:${P}|这个|那个)|(?:求|快|赶紧|大家)(?:深扒|扒)|谁能把.{1,8}扒出来`),
  },
  {
    code: 'zh_visit',
    weight: 1,
    call: true,
    re: new RegExp(
      `去${P}(?:家|单位|公司|学校)(?:门口)?(?:堵|闹|找|砸|泼|骂|讨说法|拉横幅)|(?:大家|一起|都|快|赶紧|组团)去${P}(?:家|单位|公司|学校)|(?:家门口|单位门口|公司门口|楼下)(?:堵|蹲)${P}?|上门(?:找|堵|闹)${P}`,
    ),
  },
  {
    code: 'zh_where',
    weight: 0.8,
    call: true,
    re: new RegExp(
      `(?:谁知道|有没有人知道|有人知道|求|查查?|扒|找出)[^，。！？,.!?]{0,6}${P}(?:家)?(?:住|在)哪|${P}家在哪`,
    ),
  },
  {
    code: 'zh_call',
    weight: 0.8,
    call: true,
    re: new RegExp(`打电话(?:骂|给)${P}|(?:骂|打爆|轰炸)${P}?(?:的)?电话`),
  },
  { code: 'zh_spread', weight: 0.5, re: /求扩散|扩散[!！]|都来扩散|大家扩散|帮忙扩散|让(?:他|她)社死/ },
  {
    code: 'en_find',
    weight: 1,
    call: true,
    re: /\bfind (?:out )?where (?:he|she|they) (?:lives?|works?)\b|(?:^|[.!?]\s*|\b(?:let'?s|we need to|need to|someone|everyone|go|help me|help us|can someone|pls|please)\s+)find (?:him|her|them)\b(?! (?:a|an|the|some|super|so|cool|funny|interesting|hot|cute)\b)/,
  },
  {
    code: 'en_dox',
    weight: 1,
    call: true,
    re: /\b(?:let'?s |go |someone )?dox+(?: him| her| them)\b|\bdig up (?:everything|dirt|all)/,
  },
  {
    code: 'en_visit',
    weight: 1,
    call: true,
    re: /\b(?:go|show up|turn up|head) (?:to|at) (?:his|her|their) (?:house|home|place|work|office|school|door)\b/,
  },
  {
    code: 'en_call',
    weight: 0.8,
    call: true,
    re: /\b(?:everyone|everybody|y'?all|someone|go) (?:call|text|message|email) (?:him|her|them)\b|\bflood (?:his|her|their) (?:phone|inbox|dms|mentions)\b/,
  },
  {
    code: 'en_spread',
    weight: 0.5,
    re: /\bspread this\b|\bshare (?:this|it) everywhere\b|\bmake (?:him|her) famous\b/,
  },
];

export const MALICE: readonly Cue[] = [
  { code: 'zh_insult', weight: 0.6, re: /贱人|畜生|渣男|贱货|垃圾|恶心|婊子|人渣|不要脸|骗子/ },
  { code: 'zh_shame', weight: 1, re: /社死|付出代价|活该|去死|身败名裂|让(?:他|她)后悔/ },
  {
    code: 'en_insult',
    weight: 0.6,
    re: /\b(?:scum|trash|creep|disgusting|piece of (?:trash|garbage|shit)|bitch|loser)\b/,
  },
  {
    code: 'en_revenge',
    weight: 1,
    re: /\b(?:ruin (?:him|her|them)|make (?:him|her|them) (?:regret|pay)|loses? everything|revenge|destroy (?:his|her) life)\b/,
  },
];

/** Words that undo a cue when they come shortly before it in the same clause. */
export const NEGATION_ZH = /(?:不要|别|拒绝|不能|禁止|不该|不应|反对|勿|严禁|不得|抵制|不参与|停止)/;
export const NEGATION_EN =
  /\b(?:don'?t|do not|never|not|no one should|nobody should|stop|against|refuse to|shouldn'?t|should not|won'?t)\b/;

/** Framing of a news report, warning or commentary about doxxing: its cues are reported, not meant. */
export const NEWS_FRAME: readonly RegExp[] = [
  /【(?:新闻|警惕|提醒|通报|评论|辟谣)[^】]*】/,
  /(?:警方|律师|记者|专家)(?:提醒|表示|称|指出)|据(?:报道|了解)|涉嫌(?:违法|犯罪)|依法(?:处理|严惩|查处)|构成.{0,8}罪|^评论[:：]/,
  /\b(?:police (?:warn|say|said)|report(?:ed)?:|according to|experts? (?:say|warn)|opinion:|reporters?|journalists?|a crime\b|is illegal\b|court (?:ruled|said))/,
];

/** Titles of office: an official or politician named in their role. */
export const OFFICIAL_TITLE_ZH =
  /(?:副)?(?:局长|书记|市长|县长|区长|镇长|乡长|省长|厅长|部长|处长|科长|主任|委员|人大代表|政协委员|院长|检察长|官员|干部)/;
export const OFFICIAL_TITLE_EN =
  /\b(?:senator|mayor|governor|commissioner|congress(?:man|woman|member)|council(?:l?or|man|woman|member)|minister|secretary of|sheriff|judge|representative|rep\.|alderman|official)\b/;

/** Professional context: the office, its powers and the conduct in it. */
export const PROFESSIONAL_ZH =
  /(?:局|委|政府|纪委|审批|挪用|公款|任期|在任|招标|问责|不作为|履职|违规|通报|项目|预算|群众|投诉|推诿|监督|办公室|拖欠)/;
export const PROFESSIONAL_EN =
  /\b(?:voted?|votes|bill|budget|permit|council|office|audit|donations?|contractor|session|campaign|policy|public record|approved|taxpayers?|administration|funding|accountab\w*|resign|constituents)\b/;
