import type { EventKind } from '../contract/index.js';
import { hash32, type Rng } from '../util/index.js';
import type { SimPlatform } from './options.js';

/**
 * How each simulated platform shapes its data: post-id format (matching the
 * `graph.linkPatterns` of config/default.yaml, so that a URL names the post
 * exactly), post URLs, whether it sends a rootId, its time format, the mix of
 * reshare kinds and its language.
 */
export interface PlatformShape {
  readonly lang: 'zh' | 'en';
  /** probabilities of repost / reply / quote for a non-root event */
  readonly kinds: readonly (readonly [Exclude<EventKind, 'post'>, number])[];
  readonly sendsRootId: boolean;
  /** whether a plain repost can carry a comment (Weibo's 转发理由 can, a retweet cannot) */
  readonly repostText: boolean;
  readonly isoTime: boolean;
  /** rough population of regular authors (Zipf over it) */
  readonly population: number;
}

export const PLATFORM_SHAPES: Readonly<Record<SimPlatform, PlatformShape>> = {
  weibo: {
    lang: 'zh',
    kinds: [
      ['repost', 0.7],
      ['reply', 0.25],
      ['quote', 0.05],
    ],
    sendsRootId: true,
    repostText: true,
    isoTime: false,
    population: 400_000,
  },
  douyin: {
    lang: 'zh',
    kinds: [
      ['reply', 0.6],
      ['repost', 0.4],
    ],
    sendsRootId: false,
    repostText: true,
    isoTime: false,
    population: 400_000,
  },
  x: {
    lang: 'en',
    kinds: [
      ['repost', 0.6],
      ['reply', 0.25],
      ['quote', 0.15],
    ],
    sendsRootId: false,
    repostText: false,
    isoTime: true,
    population: 400_000,
  },
  reddit: {
    lang: 'en',
    kinds: [
      ['reply', 0.95],
      ['quote', 0.05],
    ],
    sendsRootId: true,
    repostText: true,
    isoTime: true,
    population: 200_000,
  },
  bilibili: {
    lang: 'zh',
    kinds: [
      ['reply', 0.8],
      ['repost', 0.2],
    ],
    sendsRootId: false,
    repostText: true,
    isoTime: true,
    population: 200_000,
  },
  zhihu: {
    lang: 'zh',
    kinds: [
      ['reply', 0.7],
      ['repost', 0.2],
      ['quote', 0.1],
    ],
    sendsRootId: true,
    repostText: true,
    isoTime: true,
    population: 200_000,
  },
};

const B62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const B58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
const SUBREDDITS = ['news', 'pics', 'technology', 'worldnews', 'AskReddit', 'gaming', 'movies', 'sports'];

function encode(n: number, alphabet: string, width: number): string {
  let s = '';
  const base = alphabet.length;
  do {
    s = alphabet[n % base]! + s;
    n = Math.floor(n / base);
  } while (n > 0);
  return s.padStart(width, alphabet[0]!);
}

function digits(rng: Rng, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += String.fromCharCode(48 + Math.floor(rng.next() * 10));
  return s;
}

/**
 * A unique post id in the platform's own format. `serial` is unique per
 * platform within a run; the random part only makes ids look like the real ones.
 */
export function makePostId(platform: SimPlatform, serial: number, rng: Rng): string {
  switch (platform) {
    case 'weibo':
      return 'N' + B62[rng.int(10, 61)]! + encode(serial, B62, 7);
    case 'douyin':
      return '7' + String(serial).padStart(12, '0') + digits(rng, 6);
    case 'x':
      return '18' + String(serial).padStart(11, '0') + digits(rng, 6);
    case 'reddit':
      return B62[rng.int(10, 35)]!.toLowerCase() + encode(serial, '0123456789abcdefghijklmnopqrstuvwxyz', 6);
    case 'bilibili':
      return 'BV1' + encode(serial, B58, 7) + B58[rng.int(0, 57)]! + B58[rng.int(0, 57)]!;
    case 'zhihu':
      return '2' + String(serial).padStart(9, '0') + digits(rng, 3);
  }
}

/** The public URL of a post, in a shape that config/default.yaml `graph.linkPatterns` recognises. */
export function postUrl(platform: SimPlatform, postId: string, authorId: string): string {
  const h = hash32(postId);
  switch (platform) {
    case 'weibo':
      return `https://weibo.com/${authorId.replace(/\D/g, '') || '1'}/${postId}`;
    case 'douyin':
      return `https://www.douyin.com/video/${postId}`;
    case 'x':
      return `https://x.com/${authorId}/status/${postId}`;
    case 'reddit':
      return `https://www.reddit.com/r/${SUBREDDITS[h % SUBREDDITS.length]!}/comments/${postId}/thread/`;
    case 'bilibili':
      return `https://www.bilibili.com/video/${postId}`;
    case 'zhihu':
      return `https://www.zhihu.com/question/${600000000 + (h % 10000000)}/answer/${postId}`;
  }
}

/** Author id of the i-th regular account of a platform (pseudonymous, stable within a run). */
export function authorId(platform: SimPlatform, index: number): string {
  switch (platform) {
    case 'weibo':
      return String(1_000_000_000 + index * 7);
    case 'x':
      return 'u' + String(100_000_000 + index * 13);
    case 'douyin':
      return 'dy' + index.toString(36);
    case 'reddit':
      return 't2_' + (index + 46656).toString(36);
    case 'bilibili':
      return 'bm' + String(10_000 + index);
    case 'zhihu':
      return 'zh' + (index * 2654435761).toString(16);
  }
}

const PLATFORM_SALT = Object.fromEntries(
  (['weibo', 'douyin', 'x', 'reddit', 'bilibili', 'zhihu'] as const).map((p) => [p, hash32(p)]),
) as Record<SimPlatform, number>;

/** Author id of a fresh (newly registered, few followers) account, as used by coordinated doxxers. */
export function freshAuthorId(platform: SimPlatform, serial: number): string {
  switch (platform) {
    case 'weibo':
      return String(7_000_000_000 + serial);
    case 'x':
      return 'u' + String(1_900_000_000 + serial);
    case 'douyin':
      return 'dyn' + serial.toString(36);
    case 'reddit':
      return 't2_n' + serial.toString(36);
    case 'bilibili':
      return 'bm' + String(900_000_000 + serial);
    case 'zhihu':
      return 'zhn' + serial.toString(16);
  }
}

/**
 * Followers of the i-th regular account: heavy-tailed and falling with the
 * Zipf rank (rank 1 has ~20M), with a per-account factor in [0.3, 1.7).
 */
export function followersOf(platform: SimPlatform, index: number): number {
  let h = Math.imul(index ^ PLATFORM_SALT[platform], 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  h ^= h >>> 16;
  const noise = 0.3 + ((h >>> 0) % 1000) / 714;
  return Math.floor((20_000_000 / Math.pow(index, 1.05)) * noise);
}
