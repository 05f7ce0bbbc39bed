/** REPORT.md of bench/realistic, from one run's results (and the stored baseline, when there is one). */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { masked } from './mask.js';
import type { NerScore } from './ner.js';
import type { PostFigures } from './post-fires.js';
import type { ClassFigures } from './score.js';
import type { SplitChoice } from './split.js';

export interface Results {
  readonly split: SplitChoice;
  readonly command: string;
  readonly config: string;
  readonly machine: string;
  readonly load: string[];
  readonly events: { runA: number; runB: number; secondsA: number; secondsB: number };
  readonly classes: ClassFigures[];
  readonly allWeibo: { cascades: number; events: number; warned: number; throttled: number; popup: number };
  /** per-post figures (post-fires.ts), null when not measured */
  readonly posts: PostFigures | null;
  /** NER recall and precision (ner.ts), null when not measured */
  readonly ner: NerScore[] | null;
  readonly seconds: number;
}

const pct = (x: number | null | undefined): string =>
  x === null || x === undefined || Number.isNaN(x) ? '–' : `${(100 * x).toFixed(1)}%`;

export interface Headline {
  doxxingWarned: number;
  doxxingEarly: number;
  benignWarned: number;
  benignUnits: number;
  benignThrottled: number;
  hardWarned: number;
  hardUnits: number;
  hardThrottled: number;
  officialsThrottled: number;
  officials: number;
  allWeiboWarned: number;
  allWeiboThrottled: number;
}

/** The issue's targets, from the class figures. */
export function headline(r: Results): Headline {
  const sum = (pred: (c: ClassFigures) => boolean, f: (c: ClassFigures) => number): number =>
    r.classes.filter(pred).reduce((s, c) => s + f(c), 0);
  const dox = (c: ClassFigures): boolean => c.cls.startsWith('doxxing:');
  const benign = (c: ClassFigures): boolean => c.cls.startsWith('real:') || c.cls.startsWith('laid:');
  const hard = (c: ClassFigures): boolean => c.cls.startsWith('hard:');
  const doxUnits = sum(dox, (c) => c.units);
  return {
    doxxingWarned: sum(dox, (c) => c.warned) / doxUnits,
    doxxingEarly: sum(dox, (c) => c.warnedEarlyShare * c.units) / doxUnits,
    benignWarned: sum(benign, (c) => c.warned) / sum(benign, (c) => c.units),
    benignUnits: sum(benign, (c) => c.units),
    benignThrottled: sum(benign, (c) => c.throttled),
    hardWarned: sum(hard, (c) => c.warned) / sum(hard, (c) => c.units),
    hardUnits: sum(hard, (c) => c.units),
    hardThrottled: sum(hard, (c) => c.throttled),
    officialsThrottled: sum(
      (c) => c.cls === 'hard:official',
      (c) => c.throttled,
    ),
    officials: sum(
      (c) => c.cls === 'hard:official',
      (c) => c.units,
    ),
    allWeiboWarned: r.allWeibo.warned / r.allWeibo.cascades,
    allWeiboThrottled: r.allWeibo.throttled,
  };
}

function targets(r: Results, base: Results | null): string {
  const h = headline(r);
  const b = base ? headline(base) : null;
  const row = (
    what: string,
    now: string,
    was: string | null | undefined,
    target: string,
    met: boolean | null,
  ): string => `| ${what} | ${now} | ${was ?? '–'} | ${target} | ${met === null ? '' : met ? 'met' : '**not met**'} |`;
  return [
    `| figure (${r.split} split) | now | baseline | target | |`,
    '|---|---|---|---|---|',
    row('doxxing overlays warned', pct(h.doxxingWarned), b && pct(b.doxxingWarned), '≥ 95%', h.doxxingWarned >= 0.95),
    row(
      'doxxing overlays warned before 10% of their posts',
      pct(h.doxxingEarly),
      b && pct(b.doxxingEarly),
      '≥ 80%',
      h.doxxingEarly >= 0.8,
    ),
    row(
      `real benign cascades warned (real and laid, ${h.benignUnits})`,
      pct(h.benignWarned),
      b && pct(b.benignWarned),
      '≤ 1%',
      h.benignWarned <= 0.01,
    ),
    row(
      'real benign cascades throttled',
      String(h.benignThrottled),
      b && String(b.benignThrottled),
      '0',
      h.benignThrottled === 0,
    ),
    row(`hard negatives warned (${h.hardUnits})`, pct(h.hardWarned), b && pct(b.hardWarned), 'as low as it goes', null),
    row('hard negatives throttled', String(h.hardThrottled), b && String(b.hardThrottled), '0', h.hardThrottled === 0),
    row(
      `officials throttled (of ${h.officials})`,
      String(h.officialsThrottled),
      b && String(b.officialsThrottled),
      '0',
      h.officialsThrottled === 0,
    ),
    row(
      `all ${r.allWeibo.cascades} real Weibo cascades (${r.split === 'tune' ? 'tune split only' : 'both splits'}) warned`,
      pct(h.allWeiboWarned),
      b && pct(b.allWeiboWarned),
      '≤ 1%',
      h.allWeiboWarned <= 0.01,
    ),
    row(
      'all real Weibo cascades throttled',
      String(h.allWeiboThrottled),
      b && String(b.allWeiboThrottled),
      '0',
      h.allWeiboThrottled === 0,
    ),
  ].join('\n');
}

function classTable(r: Results, base: Results | null): string {
  const was = new Map((base?.classes ?? []).map((c) => [c.cls, c]));
  const rows = r.classes.map((c) => {
    const b = was.get(c.cls);
    return `| ${c.cls} | ${c.units} | ${c.posts.toLocaleString('en-US')} | ${pct(c.warnedShare)}${b ? ` (${pct(b.warnedShare)})` : ''} | ${pct(c.warnedEarlyShare)} | ${pct(c.medianWarnFraction)} | ${c.popup} | ${c.throttled}${b ? ` (${b.throttled})` : ''} | ${c.review} |`;
  });
  return [
    '| class | units | posts | warned (baseline) | warned before 10% | median share of posts at first warning | pop-up | throttled (baseline) | review |',
    '|---|---|---|---|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}

function reasonTable(r: Results): string {
  const rows = r.classes
    .filter((c) => c.warned > 0 && !c.cls.startsWith('doxxing:'))
    .map(
      (c) =>
        `| ${c.cls} | ${c.warned} | ${c.topReasons.map(([k, n]) => `${k} ${n}`).join(', ')} | ${c.topCategories.map(([k, n]) => `${k} ${n}`).join(', ')} |`,
    );
  if (rows.length === 0) return 'No benign or hard-negative unit was warned.';
  return [
    '| class | warned | reasons other than spread at first warning (units) | categories at first warning (units) |',
    '|---|---|---|---|',
    ...rows,
  ].join('\n');
}

const short = (corpus: string): string => corpus.replace(/\.jsonl(\.gz)?$/, '');

/** Fires per 10,000 posts: one row per recognizer or cue, one column per corpus. */
function firesTable(p: PostFigures, base: PostFigures | null): string {
  const corpora = p.perCorpus.map((c) => c.corpus);
  const keys = [...new Set(p.perCorpus.flatMap((c) => Object.keys(c.fires)))].sort();
  const baseOf = new Map((base?.perCorpus ?? []).map((c) => [c.corpus, c]));
  const rate = (n: number | undefined, posts: number): string =>
    n ? ((n / posts) * 10_000).toFixed((n / posts) * 10_000 < 10 ? 1 : 0) : '0';
  const cell = (k: string, c: PostFigures['perCorpus'][number]): string => {
    const now = rate(c.fires[k], c.posts);
    const b = baseOf.get(c.corpus);
    if (!b || !base) return now;
    const was = rate(b.fires[k], b.posts);
    return was === now ? now : `${now} (${was})`;
  };
  return [
    `| recognizer or cue | ${corpora.map(short).join(' | ')} |`,
    `|---|${corpora.map(() => '---').join('|')}|`,
    `| posts scanned | ${p.perCorpus.map((c) => c.posts.toLocaleString('en-US')).join(' | ')} |`,
    ...keys.map((k) => `| ${k} | ${p.perCorpus.map((c) => cell(k, c)).join(' | ')} |`),
  ].join('\n');
}

/** The judged sample: the masked snippet and the verdict recorded in judged.json. */
function sampleTable(p: PostFigures, here: string): string {
  const file = join(here, 'judged.json');
  const judged = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>) : {};
  const rows = p.sample.map((h) => {
    const verdict = judged[`${h.corpus}:${h.id}:${h.key}`] ?? 'not judged';
    const shown = h.key.startsWith('pii:') ? masked(h.snippet) : h.snippet; // (stored masked since; older results were not)
    return `| ${h.key} | ${short(h.corpus)} | \`${shown.replace(/\|/g, '/')}\` | ${verdict} |`;
  });
  const verdicts = new Map<string, number>();
  for (const h of p.sample) {
    const v = judged[`${h.corpus}:${h.id}:${h.key}`];
    if (v) verdicts.set(v.split(':')[0]!, (verdicts.get(v.split(':')[0]!) ?? 0) + 1);
  }
  return [
    `Verdicts over the sample: ${[...verdicts].map(([v, n]) => `${v} ${n}`).join(', ') || 'none recorded yet'}.`,
    '',
    '| fired | corpus | redacted snippet | verdict |',
    '|---|---|---|---|',
    ...rows,
  ].join('\n');
}

function nerTable(n: NerScore[], base: NerScore[] | null): string {
  const was = new Map((base ?? []).map((x) => [`${x.corpus}:${x.recognizer}`, x]));
  return [
    '| corpus | recognizer | gold types | gold spans | recall | detections | precision |',
    '|---|---|---|---|---|---|---|',
    ...n.map((x) => {
      const b = was.get(`${x.corpus}:${x.recognizer}`);
      const bp =
        b && (pct(b.recall) !== pct(x.recall) || pct(b.precision) !== pct(x.precision))
          ? ` (baseline ${pct(b.recall)} / ${pct(b.precision)})`
          : '';
      return `| ${short(x.corpus)} | ${x.recognizer} | ${x.goldTypes.join(', ')} | ${x.gold} | ${pct(x.recall)} | ${x.detections} | ${pct(x.precision)}${bp} |`;
    }),
  ].join('\n');
}

function postSection(r: Results, base: Results | null, here: string): string {
  if (!r.posts) return 'Not measured in this run (`--sections` without `posts`).';
  return `Each real post of the ${r.split} split (at most ${r.posts.perCorpus.reduce((m, c) => Math.max(m, c.posts), 0).toLocaleString('en-US')} per corpus: the posts with the smallest hash of their id when a corpus is larger) through \`doxguard scan\`'s code (\`src/scan\`): a post counts once for each recognizer (\`pii:<recognizer>\`) and each word-list cue or detector code that scores in it (negated cues and cues inside news reports do not). Per 10,000 posts${base?.posts ? '; the baseline in brackets where it differs' : ''}:

${firesTable(r.posts, base?.posts ?? null)}

### Judged sample

For each recognizer and cue, the ${r.posts.sampleSize} hits with the smallest hash of (corpus, post id, key), read in full
by an engineer and judged: \`hostile\` (a disclosure about a private person that a doxxing detector should count),
\`benign:<what it was>\` (e.g. swearing, own contact, news, hotline, date, laughter string), \`unclear\`. Only the
scanner's redacted snippet is shown, masked further (digits as #, every letter after the second as *; for cues the
cue code); the verdicts are in \`bench/realistic/judged.json\`, keyed
by corpus, post id and key, never by text.

${sampleTable(r.posts, here)}`;
}

export function renderReport(r: Results, here: string): string {
  const basePath = join(here, 'baseline.json');
  const base = existsSync(basePath) ? (JSON.parse(readFileSync(basePath, 'utf8')) as Results) : null;
  const splitNote =
    r.split === 'report'
      ? 'Every figure below is on the **report** split (except the all-Weibo line, which runs every CHECKED cascade of both splits as they are); nothing was fitted on it.'
      : `Figures on the **${r.split}** split${r.split === 'tune' ? ': the split fitting is done on, not a result' : ''}.`;
  return `# bench/realistic

doxguard on real traffic: real cascades with their real text, real posts laid on real cascade
shapes, and the simulator's doxxing cases and hard negatives laid over real cascades, all through the
pipeline \`doxguard run\` uses (decode, PII scan, graph, incidents, every configured detector, risk,
policy) with \`${r.config}\`. Issue 14 asked for it: the detectors and risk weights had only ever been
measured on the project's own simulator.

${splitNote} The split is fixed: a unit (a cascade, a thread, an event, or a post of a corpus without
structure) is in \`tune\` when the first hex digit of sha256(\`<data file>:<unit id>\`) is below 8,
else in \`report\` (\`bench/realistic/split.ts\`). Laid cascades and overlays take the split of the real
posts or host they are made of.

Reproduce: \`${r.command}\` (from the repository, with the data in \`../shared/data\`),
${r.seconds.toFixed(0)} s. Machine: ${r.machine}; load average (1 / 5 / 15 min) ${r.load[0]} before,
${r.load[1]} after (shared with other jobs). Run A (real): ${r.events.runA.toLocaleString('en-US')} events in
${r.events.secondsA.toFixed(0)} s; run B (overlays): ${r.events.runB.toLocaleString('en-US')} events in
${r.events.secondsB.toFixed(0)} s.

## Targets (issue 14, point 5)

A unit is warned when an alert of level \`warning\` or \`critical\` names one of its posts; throttled when a
\`throttle\` command names one. The baseline column is the shipped default before issue 14's changes
(\`bench/realistic/baseline.json\`${base ? `, same command with \`--baseline\`` : ': not stored yet'}).

${targets(r, base)}

## Per class

\`real:*\`: real cascades as they are (\`weibo_checked\`: Weibo COVID posts with their comments and reposts,
the repost tree from \`//@\` chains; \`rumoureval\`: PHEME reply threads; \`ma2016\`: a Twitter event's tweets
around its earliest one, retweets under the tweet they quote). \`laid:<corpus>\`: real posts of a corpus
without structure laid one per node on real r/ireland discussion trees and Twitter15 retweet trees, with
their timing. \`doxxing:<kind>\`: the simulator's targets and word lists laid over a real cascade
(\`loud\`, \`quiet\`: no call or insult, \`gradual\`: one fact per post over 60% of the cascade, \`jump\`: a
second platform linked by URL and screenshot). \`hard:<kind>\`: appeals with the poster's own number, news
about doxxing, criticism of an official by name and office, a business's own contact details, real abuse
aimed at an account. Chinese overlays sit on Weibo CHECKED hosts, English ones on RumourEval and Ma 2016 hosts.

${classTable(r, base)}

What the warned units outside the doxxing classes were warned for (first warning):

${reasonTable(r)}

## Per post: recognizers and word lists on real posts

${postSection(r, base, here)}

## Chinese recognizers on labelled real text (CLUENER 2020, Weibo NER)

${
  r.ner
    ? `Sentences of the ${r.split} split (split by row id). A detection is correct when it overlaps a gold span of the mapped types, a gold span found when a detection overlaps it. The gold sets label entities, not disclosures: the name recognizer reports a name only when it is stated as someone's real name (真名, 本名), so its recall is low by design, and its precision is what matters. Position has no PII recognizer; the title-of-office pattern of \`language/public-interest\` (\`OFFICIAL_TITLE_ZH\`) is what reads positions and is scored instead.

${nerTable(r.ner, base?.ner ?? null)}`
    : 'Not measured in this run.'
}

${existsSync(join(here, 'reading.md')) ? readFileSync(join(here, 'reading.md'), 'utf8') + '\n' : ''}## Data

\`../shared/data/text\` (see its README for sources and licences): zh_weibo_checked_covid_cascades
(CHECKED, cyang03/CHECKED), en_rumoureval2017_threads (SemEval-2017 task 8 / PHEME), en_ma2016_twitter_event_tweets
(Ma et al. 2016), zh_weibo_senti_100k, zh_weibo_smp2020_ewect_virus, zh_weibo_osm2022_event_comments,
zh_cold_offensive (COLDataset), zh_toxicn_1.0 (ToxiCN), en_davidson_hate_offensive, en_tweeteval;
\`../shared/data/cascades\`: reddit_ireland (Meagher & Friel), twitter15 (Ma, Gao, Wong 2017). No real post is
copied into the repository; this report gives counts and redacted snippets only.
`;
}
