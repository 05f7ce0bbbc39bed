/**
 * Prints the sampled hits of bench/realistic's per-post figures, with the
 * real text around them, TO THE TERMINAL ONLY, for an engineer to judge
 * (verdicts go into bench/realistic/judged.json, keyed by corpus, post id
 * and key). Never paste its output into the repository, a commit message, a
 * test, a log or a note: these are real people's posts.
 *
 *   npx tsx bench/realistic/inspect.ts [--split report] [--key pii:health] [--unjudged]
 *   npx tsx bench/realistic/inspect.ts --unit <data file>:<unit id>   # a real cascade's posts that disclose or call
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createPiiScanner } from '../../detectors/index.js';
import { build } from './build.js';
import type { Results } from './report.js';
import { parseSplit } from './split.js';

const args = process.argv.slice(2);
const opt = (name: string): string | undefined => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const split = parseSplit(opt('split'));
const here = join(process.cwd(), 'bench', 'realistic');
const results = JSON.parse(readFileSync(join(here, 'out', `results-${split}.json`), 'utf8')) as Results;
if (!results.posts) throw new Error('no per-post figures in the results: run with --sections posts');
const judgedFile = join(here, 'judged.json');
const judged = existsSync(judgedFile) ? (JSON.parse(readFileSync(judgedFile, 'utf8')) as Record<string, string>) : {};
const key = opt('key');
const hits = results.posts.sample.filter(
  (h) => (!key || h.key === key) && (!args.includes('--unjudged') || !judged[`${h.corpus}:${h.id}:${h.key}`]),
);
const built = build({
  dataDir: opt('data') ?? join(process.cwd(), '..', 'shared', 'data'),
  work: join(here, 'out'),
  split,
  seed: 1,
  zhPerKind: 0,
  enPerKind: 0,
  laidPerCorpus: 0,
  maxHostPosts: 400,
  maxEventPosts: 1000,
  limitReal: Infinity,
});
const scanner = createPiiScanner({}, 'bench-realistic-inspect-0123456789');
const unit = opt('unit');
if (unit) {
  const u = built.runA.find((x) => `${x.sourceFile}:${x.unitId}` === unit);
  if (!u) throw new Error(`no real unit ${unit} in the ${split} split`);
  u.posts.forEach((p, i) => {
    const found = scanner.analyze(p.text);
    if (found.length === 0) return;
    const what = found.map((d) => `${d.recognizer}/${d.about}`).join(', ');
    process.stdout.write(
      `\n#${i} ${p.kind} parent ${p.parent ?? '-'} [${what}]\n  ${p.text.slice(0, 300).replace(/\n/g, ' ')}\n`,
    );
  });
  process.exit(0);
}
for (const h of hits) {
  const post = built.posts.get(h.corpus)?.texts.find((p) => p.ref === h.id);
  if (!post) continue;
  let shown = post.text.slice(0, 240);
  if (h.key.startsWith('pii:')) {
    const d = scanner.analyze(post.text).find((x) => `pii:${x.recognizer}` === h.key);
    if (d)
      shown = `…${post.text.slice(Math.max(0, d.originalStart - 60), d.originalStart)}⟦${post.text.slice(d.originalStart, d.originalEnd)}⟧${post.text.slice(d.originalEnd, d.originalEnd + 60)}…`;
  }
  process.stdout.write(`\n${h.corpus}:${h.id}:${h.key}\n  ${shown.replace(/\n/g, ' ')}\n`);
}
