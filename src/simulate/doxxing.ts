import type { Rng } from '../util/index.js';
import { Cascade, type ContentModel, type Draft, type PostRef } from './cascade.js';
import { mediaHash, OneShot, pickPlatform, textKind, useFreshAccount, type IncidentEnv } from './incident-env.js';
import { EN } from './lexicon-en.js';
import { ZH } from './lexicon-zh.js';
import type { SimPlatform } from './options.js';
import { enPersona, zhPersona, type Fact, type Persona } from './persona.js';
import type { IncidentTracker } from './tracker.js';

/** Shared state of one doxxing incident across its two platforms. */
interface DoxState {
  readonly persona: Persona;
  readonly lex: typeof ZH | typeof EN;
  readonly screenshot: string;
  /** facts still to come out, in groups of one or two per consolidation post */
  readonly steps: Fact[][];
  readonly disclosed: Fact[];
  rootA: PostRef | null;
  latestA: PostRef | null;
}

/** Pronouns follow the target: the word lists are written for one sex and flipped for the other. */
export function gendered(s: string, p: Persona): string {
  if (p.lang === 'zh') return p.female ? s : s.replaceAll('她', '他');
  return p.female
    ? s
        .replace(/\bhe\b/g, 'she')
        .replace(/\bhis\b/g, 'her')
        .replace(/\bhim\b/g, 'her')
    : s.replace(/\bshe\b/g, 'he').replace(/\bher\b/g, 'him');
}

/** A target's name and facts as one sentence of the target's language. */
export function sentence(p: Persona, parts: readonly string[]): string {
  return p.lang === 'zh' ? parts.filter(Boolean).join('，') + '。' : parts.filter(Boolean).join(', ') + '.';
}

function say(
  st: DoxState,
  tracker: IncidentTracker,
  d: Draft,
  facts: readonly Fact[],
  lead: string,
  tail: string,
): void {
  const p = st.persona;
  d.text = gendered(
    `${lead}${p.lang === 'zh' ? '' : ' '}${sentence(p, [p.name.written, ...facts.map((f) => f.phrase)])}${tail}`,
    p,
  );
  d.lang = p.lang === 'zh' ? 'zh-CN' : 'en';
  tracker.disclose([p.name, ...facts.flatMap((f) => f.planted)]);
  for (const f of facts) if (!st.disclosed.includes(f)) st.disclosed.push(f);
}

/** A reaction: calls to find or harass the target, insults, doubts, or the phone number again. */
function react(st: DoxState, tracker: IncidentTracker, d: Draft, rng: Rng): void {
  const { lex, persona: p } = st;
  const phone = st.disclosed.flatMap((f) => f.planted).find((v) => v.category === 'phone');
  const what = rng.weighted([
    ['quiet', d.kind === 'repost' ? 0.35 : 0],
    ['call', 0.35],
    ['insult', 0.25],
    ['bystander', d.kind === 'repost' ? 0 : 0.2],
    ['phone', phone ? 0.12 : 0],
  ] as const);
  if (what === 'quiet') d.text = rng.pick(lex.repost);
  else if (what === 'call') d.text = gendered(rng.pick(lex.calls), p);
  else if (what === 'insult') d.text = gendered(rng.pick(lex.insults), p);
  else if (what === 'bystander') d.text = gendered(rng.pick(lex.bystanders), p);
  else if (phone) {
    d.text = gendered(p.lang === 'zh' ? `${phone.written} 打爆她电话` : `${phone.written} call her now`, p);
    tracker.disclose([phone]);
  }
  if (d.text !== '') d.lang = p.lang === 'zh' ? 'zh-CN' : 'en';
}

function consolidate(
  st: DoxState,
  tracker: IncidentTracker,
  d: Draft,
  platform: SimPlatform,
  rng: Rng,
  all: boolean,
): void {
  const next = st.steps.shift() ?? [];
  const restated = all ? [...st.disclosed] : st.disclosed.filter(() => rng.chance(0.3));
  d.kind = textKind(platform);
  const tail = rng.chance(0.6)
    ? (st.persona.lang === 'zh' ? '' : ' ') + gendered(rng.pick(st.lex.calls), st.persona)
    : '';
  say(st, tracker, d, [...restated, ...next], rng.pick(st.lex.consolidation), tail);
  if (rng.chance(0.5)) d.mediaHashes = [st.screenshot];
}

/** Indices (in emission order) of the consolidation posts: spread over the first third of the cascade. */
export function positions(count: number, size: number): Set<number> {
  const out = new Set<number>();
  const span = Math.max(count + 2, Math.floor(size * 0.35));
  for (let j = 0; j < count; j++) out.add(Math.max(2 + j, Math.floor(((j + 1) / (count + 1)) * span)));
  return out;
}

/**
 * A human flesh search: a first post names the target and discloses a few
 * facts with a call to find them; fresh accounts and others pile on with
 * calls, insults and consolidation posts that add more details (the dossier
 * grows); a post on a second platform links back (URL and/or the same
 * screenshot) and spreads it there; the victim may send a notice.
 */
export function plantDoxxing(
  env: IncidentEnv,
  rng: Rng,
  tracker: IncidentTracker,
  route: readonly [SimPlatform, SimPlatform] | null = null,
): void {
  const o = env.opts;
  const persona = tracker.lang === 'zh' ? zhPersona(rng) : enPersona(rng);
  const later = [...persona.later];
  const steps: Fact[][] = [];
  while (later.length > 0) steps.push(later.splice(0, rng.chance(0.5) ? 1 : 2));
  const st: DoxState = {
    persona,
    lex: persona.lang === 'zh' ? ZH : EN,
    screenshot: mediaHash(rng),
    steps,
    disclosed: [],
    rootA: null,
    latestA: null,
  };

  const platformA = route?.[0] ?? pickPlatform(rng, o.platforms, persona.lang);
  const platformB = route?.[1] ?? pickPlatform(rng, o.platforms, persona.lang, platformA);
  const jumps = rng.chance(o.jumpShare);
  const total = Math.max(20, Math.round(o.doxxingSize * (0.6 + rng.next())));
  const sizeA = jumps ? Math.round(total * 0.6) : total;
  const startA = o.start + Math.floor(o.durationMs * (0.05 + 0.4 * rng.next()));
  const fast = {
    kernelShape: 1.3,
    branching: 1.4,
    rootShare: 0.35,
    end: env.end,
    counters: env.counters,
    onEvent: tracker.onEvent,
  };
  const consolidationsA = positions(jumps ? Math.max(1, steps.length - 1) : steps.length, sizeA);

  const contentA: ContentModel = {
    root(d, r) {
      if (r.chance(0.5)) useFreshAccount(d, platformA, env.counters, r);
      const lead = gendered(r.pick(persona.female || persona.lang === 'en' ? st.lex.openers : ZH.openersMale), persona);
      say(
        st,
        tracker,
        d,
        persona.opening,
        lead,
        (persona.lang === 'zh' ? '' : ' ') + gendered(r.pick(st.lex.calls), persona),
      );
      d.mediaHashes = [st.screenshot];
    },
    child(d, index, _parent, r) {
      if (r.chance(0.3)) useFreshAccount(d, platformA, env.counters, r);
      if (consolidationsA.has(index)) consolidate(st, tracker, d, platformA, r, false);
      else react(st, tracker, d, r);
    },
    emitted(post) {
      if (post.index === 0) st.rootA = post;
      if (consolidationsA.has(post.index)) st.latestA = post;
    },
  };
  env.add(
    new Cascade({
      ...fast,
      platform: platformA,
      start: startA,
      size: sizeA,
      kernelScaleMs: 45_000,
      rng: rng.fork('A'),
      content: contentA,
    }),
  );

  if (jumps) {
    const startB = startA + rng.int(8, 40) * 60_000;
    const via: readonly ('url' | 'media')[] = rng.weighted<readonly ('url' | 'media')[]>([
      [['url', 'media'], 2],
      [['url'], 1],
      [['media'], 1],
    ]);
    const dossierAt = Math.max(2, Math.floor((total - sizeA) * 0.25));
    const contentB: ContentModel = {
      root(d, r) {
        if (r.chance(0.5)) useFreshAccount(d, platformB, env.counters, r);
        const target = via.includes('url') ? (st.latestA ?? st.rootA!) : st.rootA!;
        say(st, tracker, d, st.disclosed.slice(0, 2), r.pick(st.lex.jump), '');
        if (via.includes('url')) {
          d.text += ` ${target.url}`;
          d.urls = [target.url];
        }
        if (via.includes('media')) d.mediaHashes = [st.screenshot];
        tracker.jump = { from: `${target.platform}:${target.postId}`, to: '', time: 0, via: [...via] };
      },
      child(d, index, _parent, r) {
        if (r.chance(0.3)) useFreshAccount(d, platformB, env.counters, r);
        if (index === dossierAt) consolidate(st, tracker, d, platformB, r, true);
        else react(st, tracker, d, r);
      },
      emitted(post) {
        if (post.index === 0 && tracker.jump)
          tracker.jump = { ...tracker.jump, to: `${post.platform}:${post.postId}`, time: post.time };
      },
    };
    env.add(
      new Cascade({
        ...fast,
        platform: platformB,
        start: startB,
        size: total - sizeA,
        kernelScaleMs: 40_000,
        rng: rng.fork('B'),
        content: contentB,
      }),
    );
  }

  if (rng.chance(o.noticeShare)) {
    const at = startA + rng.int(20, 120) * 60_000;
    const reporter = rng.chance(0.8) ? 'victim' : 'third_party';
    const noticeId = `nt_${tracker.incidentId}_1`;
    env.add(
      new OneShot(at, () => {
        const post = st.latestA ?? st.rootA;
        if (post === null || at > env.end) return null;
        tracker.notices.push({ noticeId, postKey: `${post.platform}:${post.postId}`, time: at });
        const receivedAt = new Date(at).toISOString();
        return JSON.stringify({
          type: 'notice',
          noticeId,
          platform: post.platform,
          postId: post.postId,
          receivedAt,
          reporter,
        });
      }),
    );
  }
}
