import { DLQ_REASONS } from '../contract/index.js';

/**
 * Label values are bounded vocabularies: every value a label can take is
 * known up front, so a flood of new platforms, reasons or detectors cannot
 * blow up the series count. Anything outside a vocabulary becomes `other`.
 */

export const OTHER = 'other';
/** the platform of a record that failed to decode */
export const UNKNOWN_PLATFORM = 'unknown';

/** Platforms labelled by name unless config narrows or widens the list; the rest are `other`. */
export const DEFAULT_METRIC_PLATFORMS: readonly string[] = [
  'weibo',
  'douyin',
  'kuaishou',
  'bilibili',
  'zhihu',
  'tieba',
  'xiaohongshu',
  'wechat',
  'qq',
  'x',
  'reddit',
  'facebook',
  'instagram',
  'tiktok',
  'youtube',
  'telegram',
  'mastodon',
  'bluesky',
];

export const DEAD_LETTER_REASONS: readonly string[] = Object.keys(DLQ_REASONS);

/** Most distinct platform names accepted into the allow-list (a misconfiguration guard). */
export const MAX_PLATFORM_LABELS = 64;

/** Map a value onto a closed vocabulary (`other` when unknown). */
export function bounded(allowed: ReadonlySet<string>): (value: string) => string {
  return (value) => (allowed.has(value) ? value : OTHER);
}
