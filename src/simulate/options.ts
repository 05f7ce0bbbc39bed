import { z } from 'zod';
import { DoxguardError } from '../errors/index.js';

/** Platforms the simulator knows how to shape ids, URLs and reply habits for. */
export const SIM_PLATFORMS = ['weibo', 'douyin', 'x', 'reddit', 'bilibili', 'zhihu'] as const;
export type SimPlatform = (typeof SIM_PLATFORMS)[number];

/** 2026-01-05T08:00:00Z: a fixed default start, so a run never depends on the wall clock. */
export const DEFAULT_START = Date.UTC(2026, 0, 5, 8, 0, 0);

const count = z.number().int().nonnegative();
const share = z.number().min(0).max(1);

export const SimulateOptionsSchema = z.object({
  seed: z.union([z.number(), z.string()]).default(1).describe('same seed and options => same bytes'),
  start: z.number().int().nonnegative().default(DEFAULT_START).describe('event time of the window start, epoch ms'),
  durationMs: z
    .number()
    .int()
    .positive()
    .default(12 * 3600_000)
    .describe('length of the simulated window; no event is later than start + durationMs'),
  platforms: z
    .array(z.enum(SIM_PLATFORMS))
    .min(2)
    .default([...SIM_PLATFORMS])
    .describe('platforms to simulate (at least two, for cross-platform jumps)'),
  backgroundCascades: count.default(2000).describe('number of benign background cascades'),
  backgroundEvents: count
    .optional()
    .describe('approximate number of background events; when set, backgroundCascades is derived from it'),
  sizeAlpha: z
    .number()
    .min(0.5)
    .max(4)
    .default(1.3)
    .describe('tail exponent of background cascade sizes: P(size >= n) ∝ n^-alpha'),
  maxCascadeSize: z.number().int().min(1).default(20_000).describe('largest background cascade'),
  viral: count.default(1).describe('large benign viral cascades (celebrity news, product launches)'),
  viralSize: z.number().int().min(2).default(3000).describe('typical size of a benign viral cascade'),
  largeCascadeThreshold: z
    .number()
    .int()
    .min(1)
    .default(500)
    .describe('background cascades at least this large are listed in the truth'),
  doxxing: count.default(4).describe('doxxing incidents (half Chinese, half English by default)'),
  zhShare: share.default(0.5).describe('share of doxxing incidents written in Chinese'),
  doxxingSize: z.number().int().min(10).default(300).describe('typical events per doxxing incident (both platforms)'),
  doxxingRoutes: z
    .array(
      z
        .tuple([z.enum(SIM_PLATFORMS), z.enum(SIM_PLATFORMS)])
        .refine(([a, b]) => a !== b, 'a route jumps between two different platforms'),
    )
    .optional()
    .describe('[first platform, second platform] per doxxing incident, cycled; random (by language) when absent'),
  jumpShare: share.default(1).describe('share of doxxing incidents that jump to a second platform'),
  noticeShare: share.default(0.5).describe('share of doxxing incidents whose victim sends a notice'),
  business: count.default(2).describe('business contact details posted by the business (not doxxing)'),
  publicInterest: count.default(2).describe("officials' professional conduct (public interest, not doxxing)"),
  news: count.default(2).describe('news reports about doxxing (not doxxing)'),
  malformedRate: share.default(0).describe('probability, after each good line, of an injected malformed line'),
  duplicateRate: share.default(0).describe('probability, after each event line, of repeating it verbatim'),
  jitter: share.default(0).describe('probability of swapping a line with the next one (out-of-orderness)'),
});

export type SimulateOptionsInput = z.input<typeof SimulateOptionsSchema>;
export type SimulateOptions = z.output<typeof SimulateOptionsSchema>;

/** Validate options and fill defaults; a bad option is a DG_ERR_CLI_USAGE naming its path. */
export function parseSimulateOptions(input: SimulateOptionsInput): SimulateOptions {
  const r = SimulateOptionsSchema.safeParse(input);
  if (r.success) return r.data;
  const issues = r.error.issues.map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`);
  throw new DoxguardError('DG_ERR_CLI_USAGE', `invalid simulate options:\n${issues.join('\n')}`, {
    context: { paths: r.error.issues.map((i) => i.path.map(String).join('.')) },
    cause: r.error,
  });
}
