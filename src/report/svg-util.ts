/** Small helpers shared by the report's SVG renderers. */

export const esc = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const PALETTE = ['#e4572e', '#2e86ab', '#76b041', '#f3a712', '#8e44ad', '#17bebb', '#d81159', '#6c757d'];

/** A stable colour per platform (by its rank in the sorted list of platforms in the report). */
export function platformColours(platforms: Iterable<string>): Map<string, string> {
  return new Map([...new Set(platforms)].sort().map((p, i) => [p, PALETTE[i % PALETTE.length]!]));
}

export const LEVEL_COLOUR: Record<string, string> = { watch: '#f3a712', warning: '#e4572e', critical: '#b00020' };
export const ACTION_COLOUR: Record<string, string> = {
  popup_warning: '#2e86ab',
  throttle: '#8e44ad',
  review_takedown: '#b00020',
  lift: '#76b041',
  protect_target: '#1b998b',
  warn_account: '#f46036',
  verify_account: '#5b5f97',
};

export const isoMinute = (t: number): string => new Date(t).toISOString().slice(11, 16);

/** A linear scale from [d0, d1] to [r0, r1]. */
export function scale(d0: number, d1: number, r0: number, r1: number): (v: number) => number {
  const span = d1 - d0 || 1;
  return (v) => r0 + ((v - d0) / span) * (r1 - r0);
}

export const round = (v: number): number => Math.round(v * 10) / 10;
