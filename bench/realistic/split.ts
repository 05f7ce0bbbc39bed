/**
 * The split of bench/realistic, shared with everyone who fits anything on it:
 * each cascade or post unit belongs to `tune` when the first hex digit of
 * sha256(`${sourceFile}:${unitId}`) is below '8', else to `report`.
 *
 * `sourceFile` is the data file's name under ../shared/data (for example
 * `zh_weibo_checked_covid_cascades.jsonl.gz`, `reddit_ireland.csv.gz`) and
 * `unitId` the unit's id in it: a row's `id`, a thread's `thread_id`, an
 * event's name. Fit on `tune`; every figure reported is on `report` unless a
 * report says otherwise.
 */
import { createHash } from 'node:crypto';

export type Split = 'tune' | 'report';
export type SplitChoice = Split | 'all';

export function splitOf(sourceFile: string, unitId: string): Split {
  const first = createHash('sha256').update(`${sourceFile}:${unitId}`).digest('hex')[0]!;
  return first < '8' ? 'tune' : 'report';
}

export function inSplit(choice: SplitChoice, split: Split): boolean {
  return choice === 'all' || choice === split;
}

export function parseSplit(value: string | undefined): SplitChoice {
  if (value === undefined) return 'report';
  if (value === 'tune' || value === 'report' || value === 'all') return value;
  throw new Error(`--split must be tune, report or all (got ${value})`);
}
