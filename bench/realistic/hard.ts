/**
 * Hard negatives on real cascades: posts that carry what a doxxing detector
 * looks for and are not doxxing. Each replaces a real cascade's root (and
 * a share of its replies) and keeps the rest of its real chatter.
 *
 * - appeal: a missing child or pet, a blood or donor appeal, a found wallet,
 *   with the poster's OWN number and 求扩散 / please share;
 * - news: reports and commentary about doxxing (the simulator's and more);
 * - official: criticism of an official by name and office, with the office
 *   phone (the simulator's public-interest case), half of them marked
 *   `publicFigure` by the platform, the replies partly real outrage;
 * - business: a shop's own address and phone (the simulator's case);
 * - outrage: a real abusive post (COLD, ToxiCN, Davidson) as the root, often
 *   aimed at an @account, with more real abuse among the replies.
 * Templates wrap real text at most; no real row is written into the repository.
 */
import { business, news, publicInterest } from '../../src/simulate/hard-cases.js';
import { EN } from '../../src/simulate/lexicon-en.js';
import { ZH } from '../../src/simulate/lexicon-zh.js';
import { CN_REGIONS, cnLandline, cnMobile, usPhone } from '../../src/simulate/pii.js';
import type { Rng } from '../../src/util/rng.js';
import type { CorpusPost } from './corpora.js';
import { pseudonym, type Unit } from './units.js';

export const HARD_KINDS = ['appeal', 'news', 'official', 'business', 'outrage'] as const;
export type HardKind = (typeof HARD_KINDS)[number];

/** Real posts a hard negative may use, all of the host's split. */
export interface HardPools {
  /** real abusive posts (zh: COLD offensive, ToxiCN toxic; en: Davidson hate/offensive) */
  readonly abuse: readonly CorpusPost[];
  /** real outrage at officials and institutions (zh: OSM 2022 anger; en: abusive tweets) */
  readonly anger: readonly CorpusPost[];
}

function appeal(rng: Rng, zh: boolean): { text: string; replies: readonly string[] } {
  if (zh) {
    const phone = rng.chance(0.7) ? cnMobile(rng).written : cnLandline(rng, rng.pick(CN_REGIONS)).written;
    const child = rng.pick(ZH.surnames) + rng.pick(ZH.given);
    const place = rng.pick(CN_REGIONS).city + rng.pick(['火车站', '人民公园', '万达广场', '第一中学门口', '菜市场']);
    const text = rng.pick([
      `【寻人启事】我家孩子${child}，${rng.int(4, 15)}岁，${rng.int(1, 12)}月${rng.int(1, 28)}日在${place}走失，穿蓝色外套。有线索请联系我：${phone}，万分感谢，求扩散！`,
      `急！我家狗狗走丢了，白色泰迪，在${place}附近丢的，好心人看到请联系我 ${phone}，必有重谢，求扩散`,
      `我妈妈患${rng.pick(['白血病', '尿毒症', '癌症'])}住院，急需${rng.pick(['A', 'B', 'O', 'AB'])}型血，有意者请联系我${phone}，求扩散！谢谢大家`,
      `在${place}捡到一个钱包，里面有证件和银行卡，失主请联系我 ${phone}，帮忙扩散一下`,
      `求助！我爸爸${rng.int(60, 85)}岁，有老年痴呆，今天早上从家里出来后没回家，最后出现在${place}。看到请打我电话${phone}，求扩散！！`,
    ]);
    return { text, replies: ['求扩散', '扩散', '转发', '希望早日找到', '已转', '祝平安', '帮转', '扩散！'] };
  }
  const phone = usPhone(rng).written;
  const kid = rng.pick(EN.first);
  const text = rng.pick([
    `MISSING: my son ${kid}, ${rng.int(8, 16)}, last seen near the mall on Friday evening in a blue hoodie. Please call me at ${phone} if you see him. Please share!`,
    `Lost dog! Small white terrier, answers to Max, got out of our yard this morning. Call or text me at ${phone}. Please RT`,
    `My dad needs a kidney donor (type O). If you can help or want to get tested, contact me at ${phone}. Please share this everywhere.`,
    `Found a wallet at the bus stop on 5th with cards and an ID. Owner, call me at ${phone} and I will return it. Spread the word`,
  ]);
  return { text, replies: ['shared', 'praying for you', 'RT', 'hope you find him', 'sharing', 'done'] };
}

const MORE_NEWS = {
  zh: [
    '【提醒】网络“开盒”已成黑产链条，不要随意在网上公开自己的身份证号、住址和手机号。',
    '【通报】某地警方破获一起侵犯公民个人信息案，犯罪团伙在网上贩卖他人身份证号、手机号，已依法刑事拘留。',
    '评论：人肉搜索不是正义，是网暴。',
  ],
  en: [
    'Police say a man was charged after posting a journalist’s home address online. Doxxing is illegal in this state.',
    'Opinion: we need better laws against doxxing and online pile-ons.',
  ],
};

/** A copy of `host` made into a hard negative of `kind`; the copy keeps the host's split. */
export function overlayHard(host: Unit, kind: HardKind, rng: Rng, pools: HardPools, serial: number): Unit {
  const zh = host.lang === 'zh';
  const lex = zh ? ZH : EN;
  const posts = host.posts.map((p) => ({ ...p }));
  const unit: Unit = { ...host, cls: `hard:${kind}`, posts };
  const root = posts[0]!;
  let replies: readonly string[] = [];
  let realShare = 0;
  let pool: readonly CorpusPost[] = [];
  if (kind === 'appeal') {
    const a = appeal(rng, zh);
    root.text = a.text;
    replies = a.replies;
  } else if (kind === 'news') {
    const n = news(rng, zh);
    root.text = rng.chance(0.6) ? n.text : rng.pick(MORE_NEWS[host.lang]);
    replies = n.replies;
  } else if (kind === 'official') {
    const s = publicInterest(rng, zh, serial);
    root.text = s.text;
    if (rng.chance(0.5) && s.mentions) root.mentions = s.mentions;
    replies = s.replies;
    pool = pools.anger;
    realShare = 0.3;
  } else if (kind === 'business') {
    const s = business(rng, zh);
    root.text = s.text;
    replies = s.replies;
  } else {
    const first = pools.abuse.length ? rng.pick(pools.abuse).text : lex.insults[0]!;
    const at = rng.chance(0.6) ? `@${pseudonym('user', String(serial))} ` : '';
    root.text = `${at}${first}`;
    if (at) root.mentions = [{ accountId: pseudonym('acct_', String(serial)) }];
    pool = pools.abuse;
    realShare = 0.4;
  }
  for (let i = 1; i < posts.length; i++) {
    const r = rng.next();
    if (r < realShare && pool.length) posts[i]!.text = rng.pick(pool).text;
    else if (r < realShare + 0.15 && replies.length) posts[i]!.text = rng.pick(replies);
  }
  return unit;
}
