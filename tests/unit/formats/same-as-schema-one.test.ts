import { describe, expect, it } from 'vitest';
import type { OutputRecord } from '../../../src/contract/index.js';
import { testConfig } from '../../helpers/pipeline.js';
import { demoRecords, perPlatformDecoder, reexpress, runRecords } from '../../helpers/reexpress.js';

/**
 * The bundled demo incident re-expressed in each platform format (every event as that platform's message,
 * src/simulate/formats) gives the incidents and commands schema 1 gives, ids mapped back. Jetstream and Reddit
 * carry no follower counts, so their reach is smaller: the same incidents at warning and above (a small benign
 * one may stay below watch), and the same commands (action, rule, incident) naming the same posts, each at most
 * 2 minutes later.
 */

const config = testConfig();
/** a pipeline run over the demo with the PII scan: seconds on a loaded machine */
const SLOW = 60_000;
const input = demoRecords();

interface Row {
  readonly time: number;
  readonly what: string;
}

function project(
  records: readonly OutputRecord[],
  back: ReadonlyMap<string, string> = new Map(),
): { commands: Row[]; incidents: string[]; firstNamed: Map<string, number> } {
  const id = (x: string | undefined): string => (x === undefined ? '-' : (back.get(x) ?? x));
  const commands: Row[] = [];
  const incidents = new Map<string, string>();
  /** per command (action, rule, incident root) and post it names: when it was first named */
  const firstNamed = new Map<string, number>();
  for (const r of records) {
    // post commands; account-level ones follow what a format carries (Weibo's mentions are @names in the text)
    if (r.schema === 'doxguard.intervention/1' && r.account === undefined) {
      const what = `${r.action} ${r.rule} ${id(r.rootIds[0])}`;
      commands.push({ time: Date.parse(r.eventTime), what });
      for (const t of r.targets)
        for (const p of t.postIds)
          if (!firstNamed.has(`${what} ${id(p)}`)) firstNamed.set(`${what} ${id(p)}`, Date.parse(r.eventTime));
    }
    if (r.schema === 'doxguard.incident/1' && r.status !== 'merged')
      incidents.set(
        id(r.rootIds[0]),
        `${id(r.rootIds[0])} ${r.level} ${r.platforms.join(',')} ${r.piiCategories.join(',')}`,
      );
  }
  return { commands, incidents: [...incidents.values()].sort(), firstNamed };
}

describe('the demo incident in every format', async () => {
  const base = input.map((r, i) => ({
    value: Buffer.from(JSON.stringify(r)),
    key: null,
    position: { kind: 'file' as const, file: 'demo.ndjson', line: i + 1 },
  }));
  const expected = project(await runRecords(config, base));

  it('schema 1 has commands to compare with', () => {
    expect(expected.commands.length).toBeGreaterThanOrEqual(6);
    expect(expected.incidents.length).toBeGreaterThanOrEqual(3);
  });

  it.each(['mastodon', 'x', 'weibo'] as const)(
    '%s: the same incidents, and the same commands at the same second',
    async (format) => {
      const re = reexpress(format, input);
      const got = project(await runRecords(config, re.records, perPlatformDecoder(format, re.publicFigures)), re.back);
      expect(got.incidents).toEqual(expected.incidents);
      // Weibo's created_at has whole seconds
      const second = (rows: Row[]) => rows.map((c) => `${Math.floor(c.time / 1000)} ${c.what}`);
      expect(second(got.commands)).toEqual(second(expected.commands));
    },
    SLOW,
  );

  it.each(['jetstream', 'reddit'] as const)(
    '%s (no follower counts): the same serious incidents and commands, each at most 2 min later',
    async (format) => {
      const re = reexpress(format, input);
      const got = project(await runRecords(config, re.records, perPlatformDecoder(format, re.publicFigures)), re.back);
      // a small benign cascade can stay below watch without its authors' reach: no incident that schema 1 lacks
      const serious = (lines: string[]) => lines.filter((l) => / (warning|critical) /.test(l));
      expect(serious(got.incidents)).toEqual(serious(expected.incidents));
      for (const line of got.incidents) expect(expected.incidents).toContain(line);
      // Commands follow the incident (src/policy/follow.ts): a command started later names at once the posts that
      // schema 1 named in follow-ups meanwhile, so the count of follow-ups differs; what must hold is that the
      // same commands start at most 2 min later and name the same posts, each at most 2 min later.
      const firsts = (rows: Row[]) => {
        const m = new Map<string, number>();
        for (const r of rows) if (!m.has(r.what)) m.set(r.what, r.time);
        return m;
      };
      const [gotFirst, expectedFirst] = [firsts(got.commands), firsts(expected.commands)];
      expect([...gotFirst.keys()]).toEqual([...expectedFirst.keys()]);
      expect([...got.firstNamed.keys()].sort()).toEqual([...expected.firstNamed.keys()].sort());
      expect(got.firstNamed.size).toBeGreaterThan(100);
      for (const [rows, ref] of [
        [gotFirst, expectedFirst],
        [got.firstNamed, expected.firstNamed],
      ] as const)
        for (const [k, time] of rows) {
          const delay = time - ref.get(k)!;
          expect(delay, k).toBeGreaterThanOrEqual(0);
          expect(delay, k).toBeLessThanOrEqual(120_000);
        }
    },
    SLOW,
  );
});
