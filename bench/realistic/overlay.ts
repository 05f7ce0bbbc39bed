/**
 * Fabricated doxxing cases laid over real cascades: the simulator's targets
 * (src/simulate/persona.ts: a made-up name, workplace, phone, address, id,
 * plate, family, school, illness) and word lists, posted into a real
 * cascade whose other posts keep their real text and timing.
 *
 * - loud: the simulator's human flesh search: an opener naming the target
 *   with facts and a call, consolidation posts adding facts, and a share of
 *   the replies turned into calls, insults and bystanders' doubts;
 * - quiet: the same facts stated flatly, no call, no insult; the real
 *   chatter stays as it is;
 * - gradual: the real post stays the root; the facts come out one per post,
 *   from different authors, over the first 60% of the cascade, no call;
 * - jump: loud on a first platform, then a post on a second platform links
 *   back (URL and the same screenshot) and the rest of the cascade spreads
 *   there with one full dossier.
 */
import { gendered, positions, sentence } from '../../src/simulate/doxxing.js';
import { mediaHash } from '../../src/simulate/incident-env.js';
import { EN } from '../../src/simulate/lexicon-en.js';
import { ZH } from '../../src/simulate/lexicon-zh.js';
import { enPersona, zhPersona, type Fact, type Persona } from '../../src/simulate/persona.js';
import type { Rng } from '../../src/util/rng.js';
import type { Unit, UnitPost } from './units.js';

export const DOXXING_KINDS = ['loud', 'quiet', 'gradual', 'jump'] as const;
export type DoxxingKind = (typeof DOXXING_KINDS)[number];

const QUIET_LEAD = {
  zh: ['', '补充一下：', '还有，', '据说', '有人说'],
  en: ['', 'also ', 'fyi ', 'apparently ', 'for what it is worth, '],
};

/** `https://…` a post of the unit, in the shape config/default.yaml graph.linkPatterns recognises. */
export function postUrl(platform: string, postId: string): string | null {
  if (platform === 'weibo') return `https://weibo.com/status/${postId}`;
  if (platform === 'reddit') return `https://www.reddit.com/r/all/comments/${postId}`;
  if (platform === 'bilibili') return `https://www.bilibili.com/video/${postId}`;
  return null;
}

interface Writer {
  readonly p: Persona;
  readonly lex: typeof ZH | typeof EN;
  readonly rng: Rng;
  readonly disclosed: Fact[];
}

function statement(w: Writer, facts: readonly Fact[], lead: string, tail: string): string {
  for (const f of facts) if (!w.disclosed.includes(f)) w.disclosed.push(f);
  const sep = w.p.lang === 'zh' ? '' : ' ';
  return gendered(
    `${lead}${lead && sep}${sentence(w.p, [w.p.name.written, ...facts.map((f) => f.phrase)])}${tail}`,
    w.p,
  );
}

function reaction(w: Writer, post: UnitPost): string {
  const phone = w.disclosed.flatMap((f) => f.planted).find((v) => v.category === 'phone');
  const what = w.rng.weighted([
    ['call', 0.35],
    ['insult', 0.25],
    ['bystander', post.kind === 'repost' ? 0 : 0.2],
    ['phone', phone ? 0.1 : 0],
    ['quiet', post.kind === 'repost' ? 0.3 : 0],
  ] as const);
  if (what === 'call') return gendered(w.rng.pick(w.lex.calls), w.p);
  if (what === 'insult') return gendered(w.rng.pick(w.lex.insults), w.p);
  if (what === 'bystander') return gendered(w.rng.pick(w.lex.bystanders), w.p);
  if (what === 'phone' && phone)
    return gendered(w.p.lang === 'zh' ? `${phone.written} 打爆她电话` : `${phone.written} call her now`, w.p);
  return w.rng.pick(w.lex.repost);
}

/** The loud case on posts [from, to) of `posts`, rooted at `from`; returns the index of its last consolidation post. */
function loud(
  w: Writer,
  posts: UnitPost[],
  from: number,
  to: number,
  steps: Fact[][],
  openWith: readonly Fact[],
): number {
  const zh = w.p.lang === 'zh';
  const lead = gendered(w.rng.pick(w.p.female || !zh ? w.lex.openers : ZH.openersMale), w.p);
  posts[from]!.text = statement(w, openWith, lead, (zh ? '' : ' ') + gendered(w.rng.pick(w.lex.calls), w.p));
  const size = to - from;
  const at = positions(steps.length, size);
  let last = from;
  for (let i = from + 1; i < to; i++) {
    const post = posts[i]!;
    if (at.has(i - from)) {
      const next = steps.shift() ?? [];
      const restated = w.disclosed.filter(() => w.rng.chance(0.3));
      const tail = w.rng.chance(0.6) ? (zh ? '' : ' ') + gendered(w.rng.pick(w.lex.calls), w.p) : '';
      post.text = statement(w, [...restated, ...next], w.rng.pick(w.lex.consolidation), tail);
      if (post.kind === 'repost') post.kind = 'reply';
      last = i;
    } else if (w.rng.chance(i - from < 0.3 * size ? 0.5 : 0.2)) post.text = reaction(w, post);
  }
  return last;
}

function steps(rng: Rng, later: readonly Fact[], one: boolean): Fact[][] {
  const rest = [...later];
  const out: Fact[][] = [];
  while (rest.length > 0) out.push(rest.splice(0, one || rng.chance(0.5) ? 1 : 2));
  return out;
}

/** A copy of `host` with a doxxing case of `kind` laid over it; the copy keeps the host's split. */
export function overlayDoxxing(host: Unit, kind: DoxxingKind, rng: Rng, tag: string): Unit {
  const zh = host.lang === 'zh';
  const w: Writer = { p: zh ? zhPersona(rng) : enPersona(rng), lex: zh ? ZH : EN, rng, disclosed: [] };
  const posts = host.posts.map((p) => ({ ...p, text: p.text }));
  const n = posts.length;
  const shot = mediaHash(rng);
  posts[0]!.mediaHashes = [shot];
  const unit: Unit = { ...host, cls: `doxxing:${kind}`, posts };
  if (kind === 'loud') loud(w, posts, 0, n, steps(rng, w.p.later, false), w.p.opening);
  else if (kind === 'quiet') {
    posts[0]!.text = statement(w, w.p.opening, rng.pick(QUIET_LEAD[host.lang]), '');
    const s = steps(rng, w.p.later, false);
    for (const i of positions(s.length, n))
      if (i < n) posts[i]!.text = statement(w, s.shift() ?? [], rng.pick(QUIET_LEAD[host.lang]), '');
  } else if (kind === 'gradual') {
    const facts = [...w.p.opening, ...w.p.later];
    const span = Math.max(facts.length + 1, Math.floor(0.6 * n));
    facts.forEach((f, j) => {
      const i = Math.min(n - 1, 1 + Math.floor((j * span) / facts.length));
      posts[i]!.text = statement(w, [f], rng.pick(QUIET_LEAD[host.lang]), '');
      posts[i]!.author = `gradual${j}`;
    });
  } else {
    // jump: the first 60% on the host's platform, the rest on a second one, rooted at a post linking back
    const a = zh ? 'weibo' : 'reddit';
    const b = zh ? rng.pick(['douyin', 'zhihu', 'bilibili']) : 'x';
    unit.platform = a;
    const cut = Math.max(2, Math.floor(0.6 * n));
    const s = steps(rng, w.p.later, false);
    const last = loud(w, posts, 0, cut, s.splice(0, Math.max(1, s.length - 1)), w.p.opening);
    for (let i = 0; i < cut; i++) posts[i]!.platform = a;
    if (cut < n) {
      const root = posts[cut]!;
      root.parent = null;
      root.kind = 'post';
      root.mediaHashes = [shot];
      root.text = statement(w, w.disclosed.slice(0, 2), rng.pick(w.lex.jump), '');
      const link = postUrl(a, `${tag}p${rng.chance(0.5) ? last : 0}`);
      if (link) {
        root.text += ` ${link}`;
        root.urls = [link];
      }
      const dossierAt = cut + Math.max(1, Math.floor((n - cut) * 0.25));
      for (let i = cut; i < n; i++) {
        const post = posts[i]!;
        post.platform = b;
        if (post.parent !== null && post.parent < cut) post.parent = cut;
        if (i === dossierAt) post.text = statement(w, [...w.disclosed, ...s.flat()], rng.pick(w.lex.consolidation), '');
        else if (i > cut && rng.chance(0.3)) post.text = reaction(w, post);
      }
    }
  }
  return unit;
}
