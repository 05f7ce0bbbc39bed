/**
 * How often each PII recognizer and each language word list fires on real posts (../shared/data/text),
 * per 10,000 posts, on one split (default `tune`: the split the detectors and the risk model are tuned on).
 * Run: npx tsx bench/pii/real-fires.ts [--split tune|report] [--corpus FILE] [--max-units N]
 *      npx tsx bench/pii/real-fires.ts --inspect <recognizer|cue code|public_role> [--limit 40]
 * --inspect prints the matching real posts to the terminal for judging: never paste its output into the
 * repository, a commit message, a test or a note (real people's posts); report counts only.
 */
import { createPiiScanner } from '../../detectors/pii/index.js';
import { MALICE, MOBILISATION } from '../../detectors/language/lexicon.js';
import { PublicInterestOptions, publicRoleOf } from '../../detectors/language/public-interest.js';
import { analyse } from '../../detectors/language/text.js';
import { CORPORA, unitsOf, type Split } from './real-corpora.js';

const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const split = (arg('--split') ?? 'tune') as Split;
const only = arg('--corpus');
const maxUnits = Number(arg('--max-units') ?? Infinity);
const inspect = arg('--inspect');
const limit = Number(arg('--limit') ?? 40);

const scanner = createPiiScanner({}, 'bench-real-fires-secret-0123456789');
const piOptions = PublicInterestOptions.parse({});

/** Labels of what fired in one post: `pii:<recognizer>`, `mob:<code>`, `mal:<code>`, `pi:public_role`. */
function fires(text: string): Map<string, [number, number][]> {
  const out = new Map<string, [number, number][]>();
  const add = (k: string, span: [number, number]): void => void (out.get(k) ?? out.set(k, []).get(k)!).push(span);
  for (const d of scanner.analyze(text)) {
    add(`pii:${d.recognizer}`, [d.originalStart, d.originalEnd]);
    // what counts towards a dossier: about a person the post points at (attribution.ts)
    if (d.about === 'target') add(`pii:${d.recognizer}@target`, [d.originalStart, d.originalEnd]);
  }
  for (const [prefix, cues] of [
    ['mob', MOBILISATION],
    ['mal', MALICE],
  ] as const) {
    const a = analyse(text, cues);
    if (a.reported) continue;
    for (const h of a.hits) if (h.weight > 0) add(`${prefix}:${h.code}`, [0, 0]);
  }
  if (publicRoleOf(text, [], piOptions).score >= 0.5) add('pi:public_role', [0, 0]);
  return out;
}

const perCorpus = new Map<string, { posts: number; counts: Map<string, number> }>();
let shown = 0;
for (const file of CORPORA) {
  if (only && file !== only) continue;
  const c = { posts: 0, counts: new Map<string, number>() };
  perCorpus.set(file, c);
  let units = 0;
  for await (const u of unitsOf(file)) {
    if (u.split !== split) continue;
    if (++units > maxUnits) break;
    for (const p of u.posts) {
      if (p.text === '') continue;
      c.posts++;
      const f = fires(p.text);
      for (const k of f.keys()) c.counts.set(k, (c.counts.get(k) ?? 0) + 1);
      if (inspect && shown < limit) {
        const key = [...f.keys()].find(
          (k) => k.endsWith(`:${inspect}`) || (k.endsWith(`:${inspect}@target`) && inspect.includes('@')),
        );
        if (key) {
          shown++;
          const marks = f.get(key)!.filter(([s, e]) => e > s);
          const t = p.text.replace(/\s+/g, ' ');
          const at = marks.length ? marks[0]! : null;
          const shownText = at
            ? `${t.slice(Math.max(0, at[0] - 40), at[0])}[[${t.slice(at[0], at[1])}]]${t.slice(at[1], at[1] + 40)}`
            : t.slice(0, 160);
          console.log(`${file.slice(0, 14)} ${key}: ${shownText}`);
        }
      }
    }
  }
}
if (inspect) process.exit(0);

const keys = [...new Set([...perCorpus.values()].flatMap((c) => [...c.counts.keys()]))].sort();
const names = [...perCorpus.keys()];
console.log(`Fires per 10,000 posts, split ${split} (a post counts once per recognizer or cue code).\n`);
console.log(`| what | ${names.map((n) => n.replace(/\.jsonl(\.gz)?$/, '')).join(' | ')} |`);
console.log(`|---|${names.map(() => '---:').join('|')}|`);
console.log(`| posts | ${names.map((n) => perCorpus.get(n)!.posts).join(' | ')} |`);
for (const k of keys)
  console.log(
    `| ${k} | ${names
      .map((n) => {
        const c = perCorpus.get(n)!;
        const x = c.counts.get(k) ?? 0;
        return x === 0 ? '' : ((x / Math.max(1, c.posts)) * 10_000).toFixed(1);
      })
      .join(' | ')} |`,
  );
