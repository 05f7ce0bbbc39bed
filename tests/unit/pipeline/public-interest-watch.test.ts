import { describe, expect, it } from 'vitest';
import { createScanner } from '../../../src/app/index.js';
import type { AlertRecord, InterventionRecord, OutputRecord } from '../../../src/contract/index.js';
import { burst, eventLine, T0 } from '../../helpers/events.js';
import { runLines, testConfig } from '../../helpers/pipeline.js';

/**
 * A cascade that spread alone puts at `watch`, and a repost that then discloses an official's professional
 * contact (their bureau and office line, criticising their conduct): public-interest review is due from watch
 * (src/policy/rules.ts), though the level does not change when the disclosure comes.
 */
const SPREAD = burst('r', 400, T0, 1_500).map((line) => {
  const e = JSON.parse(line) as Record<string, unknown>;
  return JSON.stringify({ ...e, authorFollowers: 50_000, text: '转发微博' });
});
const DISCLOSURE = eventLine({
  eventId: 'r-pi',
  postId: 'r-pi',
  parentId: 'r',
  authorId: 'a-reporter',
  authorFollowers: 20_000,
  createdAt: T0 + 401 * 1_500,
  text: '【实名举报】杭州市交通运输局局长王建国违规收受礼品，办公电话0571-87654321，请上级部门依法调查。',
  mentions: [{ accountId: 'official_1', publicFigure: true }],
});
const MORE = [1, 2, 3].map((i) =>
  eventLine({ eventId: `r-late-${i}`, postId: `r-late-${i}`, parentId: 'r-pi', createdAt: T0 + (402 + i) * 1_500 }),
);

async function outputs(): Promise<OutputRecord[]> {
  const config = testConfig();
  const scanner = await createScanner(config, config.fingerprintSecret!);
  return (await runLines([...SPREAD, DISCLOSURE, ...MORE], config, scanner, 50)).records;
}

describe('public-interest review at watch', { timeout: 60_000 }, () => {
  it('reaches an incident spread had put at watch before the disclosure about an official', async () => {
    const records = await outputs();
    const alerts = records.filter((r): r is AlertRecord => r.schema === 'doxguard.alert/1');
    const commands = records.filter((r): r is InterventionRecord => r.schema === 'doxguard.intervention/1');
    const disclosedAt = new Date(T0 + 401 * 1_500).toISOString();
    // watch came from spread, before anything was disclosed, and the level stayed there
    expect(alerts.map((a) => a.level)).toEqual(['watch']);
    expect(alerts[0]!.eventTime < disclosedAt).toBe(true);
    // the disclosure is sent to review (never warned or throttled: it is about an official's office)
    const reviews = commands.filter((c) => c.rule === 'public-interest/review' && c.params.extends === undefined);
    expect(reviews).toHaveLength(1);
    expect(reviews[0]!.eventTime >= disclosedAt).toBe(true);
    expect(reviews[0]!.params.queue).toBe('public_interest');
    expect(commands.every((c) => c.action === 'review_takedown')).toBe(true);
  });
});
