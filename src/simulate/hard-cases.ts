import type { Rng } from '../util/index.js';
import { Cascade, type ContentModel } from './cascade.js';
import { pickPlatform, type IncidentEnv } from './incident-env.js';
import { EN } from './lexicon-en.js';
import { ZH } from './lexicon-zh.js';
import { CN_REGIONS, cnLandline, cnMobile, cnStreetAddress, enAddress, usPhone, type Planted } from './pii.js';
import type { IncidentTracker } from './tracker.js';

/**
 * Hard cases that look like doxxing to a naive detector and are not: a shop
 * posting its own address and phone, criticism of an official's conduct in
 * office (public interest, with the office phone), and news about doxxing
 * that quotes its vocabulary.
 */
type HardKind = 'business' | 'public_interest' | 'news';

const plain = (category: Planted['category'], value: string): Planted => ({ category, value, written: value });

/** A hard case's root text, what it plants, its replies and its size (bench/realistic lays them on real cascades). */
export interface HardSpec {
  readonly text: string;
  readonly planted: readonly Planted[];
  readonly replies: readonly string[];
  readonly followers: readonly [number, number];
  readonly size: readonly [number, number];
  readonly mentions?: { accountId: string; publicFigure: boolean }[];
}

export function business(rng: Rng, zh: boolean): HardSpec {
  if (zh) {
    const region = rng.pick(CN_REGIONS);
    const addr = cnStreetAddress(rng, region);
    const phone = rng.chance(0.5) ? cnMobile(rng) : cnLandline(rng, region);
    const shop = rng.pick(ZH.shopNames) + rng.pick(ZH.shopKinds);
    return {
      text: `【${shop}】新店开业，全场八折！地址：${addr.written}，联系电话：${phone.written}，欢迎光临～`,
      planted: [addr, phone],
      replies: ['收藏了', '去过，好吃', '周末去试试', '离我家好近', '求团购链接'],
      followers: [200, 20_000],
      size: [3, 60],
    };
  }
  const addr = enAddress(rng, false);
  const phone = usPhone(rng);
  const shop = `${rng.pick(EN.shopNames)} ${rng.pick(EN.shopKinds)}`;
  return {
    text: `${shop} is now open! Find us at ${addr.written}. Call ${phone.written} to book, 20% off this week.`,
    planted: [addr, phone],
    replies: ['been there, great service', 'finally one near me', 'what are the hours?', 'saved', 'best in town'],
    followers: [200, 20_000],
    size: [3, 60],
  };
}

export function publicInterest(rng: Rng, zh: boolean, serial: number): HardSpec {
  const mentions = [{ accountId: `official_${serial}`, publicFigure: true }];
  if (zh) {
    const region = rng.pick(CN_REGIONS);
    const name = plain('real_name', rng.pick(ZH.surnames) + rng.pick(ZH.given));
    const bureau = plain('workplace', region.city + rng.pick(ZH.bureaus));
    const phone = cnLandline(rng, region);
    return {
      text: `【实名举报】${bureau.value}${rng.pick(ZH.officials)}${name.value}${rng.pick(ZH.conduct)}，办公电话${phone.written}，请上级部门依法调查。`,
      planted: [name, bureau, phone],
      replies: ZH.piReplies,
      followers: [5_000, 500_000],
      size: [80, 600],
      mentions,
    };
  }
  const name = plain('real_name', `${rng.pick(EN.first)} ${rng.pick(EN.last)}`);
  const title = rng.pick(EN.officials);
  const office = plain('workplace', title === 'Senator' ? 'the Senate' : 'City Hall');
  const local = String(rng.int(1000, 9999));
  const phone: Planted = { category: 'phone', value: `202224${local}`, written: `(202) 224-${local}` };
  return {
    text: `${title} ${name.value} ${rng.pick(EN.conduct)}. Office line at ${office.value}: ${phone.written}.`,
    planted: [name, office, phone],
    replies: EN.piReplies,
    followers: [5_000, 500_000],
    size: [80, 600],
    mentions,
  };
}

export function news(rng: Rng, zh: boolean): HardSpec {
  const lex = zh ? ZH : EN;
  return {
    text: rng.pick(lex.news),
    planted: [],
    replies: lex.newsReplies,
    followers: [200_000, 30_000_000],
    size: [30, 400],
  };
}

export function plantHardCase(
  env: IncidentEnv,
  rng: Rng,
  tracker: IncidentTracker,
  kind: HardKind,
  serial: number,
): void {
  const o = env.opts;
  const zh = tracker.lang === 'zh';
  const spec =
    kind === 'business' ? business(rng, zh) : kind === 'news' ? news(rng, zh) : publicInterest(rng, zh, serial);
  const platform = pickPlatform(rng, o.platforms, tracker.lang);
  const lang = zh ? 'zh-CN' : 'en';
  const content: ContentModel = {
    root(d, r) {
      d.text = spec.text;
      d.lang = lang;
      d.authorFollowers = r.int(spec.followers[0], spec.followers[1]);
      if (spec.mentions) d.mentions = spec.mentions;
      tracker.disclose(spec.planted);
    },
    child(d, _index, _parent, r) {
      d.text = d.kind === 'repost' && r.chance(0.5) ? r.pick((zh ? ZH : EN).repost) : r.pick(spec.replies);
      if (d.text !== '') d.lang = lang;
    },
  };
  env.add(
    new Cascade({
      platform,
      start: o.start + Math.floor(o.durationMs * (0.05 + 0.5 * rng.next())),
      end: env.end,
      size: rng.int(spec.size[0], spec.size[1]),
      kernelScaleMs: kind === 'business' ? 15 * 60_000 : 90_000,
      kernelShape: 1.1,
      branching: kind === 'business' ? 0.5 : 1.2,
      rootShare: 0.5,
      rng: rng.fork('cascade'),
      counters: env.counters,
      content,
      onEvent: tracker.onEvent,
    }),
  );
}
