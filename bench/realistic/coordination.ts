/**
 * verify_account's coordination signal on real cascades: every real cascade of a split (Weibo CHECKED with
 * its real commenters and reposters, RumourEval threads, Ma 2016 event bursts) is fed post by post through
 * the PII scan and the account observer of src/pipeline (the ledger an incident keeps), as if the whole
 * cascade were one incident; counts the accounts it marks coordinated. None of these is a coordinated campaign, so every mark
 * is a false one. Counts only; no row, text or id is printed.
 *
 *   npx tsx bench/realistic/coordination.ts [--split tune|report|all] [--data ../shared/data] [--max-posts 1000]
 *       [--min-accounts N] [--window-seconds S] [--min-length L]   (policy.accounts; default config otherwise)
 */
import { join } from 'node:path';
import { createPiiScanner } from '../../detectors/index.js';
import { ConfigSchema } from '../../src/config/index.js';
import type { EnrichedEvent } from '../../src/contract/index.js';
import { Incident } from '../../src/incident/index.js';
import { observeAccounts } from '../../src/pipeline/account-observer.js';
import { checkedUnits, ma2016Units, rumourevalUnits } from './corpora.js';
import { inSplit, parseSplit } from './split.js';
import type { Unit } from './units.js';

const args = process.argv.slice(2);
const opt = (name: string): string | undefined => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const split = parseSplit(opt('split'));
const textDir = join(opt('data') ?? join(process.cwd(), '..', 'shared', 'data'), 'text');
const maxPosts = Number(opt('max-posts') ?? 1000);
const num = (name: string): number | undefined => (opt(name) === undefined ? undefined : Number(opt(name)));
const config = ConfigSchema.parse({
  policy: {
    accounts: {
      coordinatedMinAccounts: num('min-accounts'),
      coordinatedWindowSeconds: num('window-seconds'),
      minTextLength: num('min-length'),
    },
  },
});
const policy = config.policy.accounts;
// the PII scan as the pipeline runs it: a post disclosing about someone can take part in coordination
const scanner = createPiiScanner(config.pii, 'bench-coordination-secret-0123456789');

function eventOf(u: Unit, i: number): EnrichedEvent {
  const event = bare(u, i);
  return { ...event, findings: event.text === '' ? [] : scanner.scan(event.text, event) };
}

function bare(u: Unit, i: number): EnrichedEvent {
  const p = u.posts[i]!;
  let root = i;
  while (u.posts[root]!.parent !== null) root = u.posts[root]!.parent!;
  const platform = p.platform ?? u.platform;
  return {
    type: 'event',
    eventId: `e${i}`,
    platform,
    kind: p.kind,
    postId: `p${i}`,
    parentId: p.parent === null ? null : `p${p.parent}`,
    rootId: `p${root}`,
    authorId: p.author,
    authorFollowers: null,
    time: p.time,
    text: p.text,
    urls: [],
    mediaHashes: [],
    lang: null,
    mentions: p.mentions ?? [],
    position: { kind: 'stdin', line: i },
    nodeKey: `${platform}:p${i}`,
    linkedNodeKeys: [],
    findings: [],
  };
}

const corpora: [string, Unit[]][] = [
  ['weibo CHECKED (comments and reposts)', checkedUnits(textDir, maxPosts)],
  ['RumourEval threads', rumourevalUnits(textDir)],
  ['Ma 2016 event bursts', ma2016Units(textDir, maxPosts)],
];
const { coordinatedMinAccounts, coordinatedWindowSeconds, minTextLength } = policy;
console.log(`split ${split}; ${JSON.stringify({ coordinatedMinAccounts, coordinatedWindowSeconds, minTextLength })}`);
for (const [name, all] of corpora) {
  const units = all.filter((u) => inSplit(split, u.split));
  let posts = 0;
  let authors = 0;
  let marked = 0;
  let cascadesMarked = 0;
  let maxMarked = 0;
  for (const u of units) {
    const incident = new Incident('inc', u.posts[0]?.time ?? 0);
    u.posts.forEach((_, i) => observeAccounts(incident, eventOf(u, i), policy));
    posts += u.posts.length;
    const ps = [...incident.accounts.participantList()];
    authors += ps.length;
    const m = ps.filter((p) => p.coordinated).length;
    marked += m;
    if (m > 0) cascadesMarked++;
    maxMarked = Math.max(maxMarked, m);
  }
  console.log(
    `${name}: ${units.length} cascades, ${posts} posts, ${authors} accounts; marked coordinated: ${marked} accounts (${((100 * marked) / Math.max(1, authors)).toFixed(2)}%) in ${cascadesMarked} cascades (most in one: ${maxMarked})`,
  );
}
