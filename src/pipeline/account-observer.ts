import { analyse, makesCall, mayHaveCue, MOBILISATION } from '../../detectors/index.js';
import {
  IDENTIFYING_CATEGORIES,
  PRIVATE_CATEGORIES,
  type EnrichedEvent,
  type Notice,
  type PiiCategory,
} from '../contract/index.js';
import type { Incident } from '../incident/index.js';
import { stableId } from '../util/index.js';

/**
 * What makes an account a discloser (`warn_account`): about the target, a category that identifies, locates or
 * reaches a person, or a private fact (health, family, private chats, …): the contract's two sets, no third
 * list. A postcode or an organisation code alone discloses neither.
 */
export const disclosing = (c: PiiCategory): boolean => IDENTIFYING_CATEGORIES.has(c) || PRIVATE_CATEGORIES.has(c);

/**
 * A minor named in a post: a school class or grade, or an age under 18. Must not fire on "grade A beef",
 * "class action", "18岁以上" (adults only) or "15 years of experience": a grade needs a school word or a
 * number, an age needs 岁 / "years old" / "aged" right after or before a number below 18.
 */
const MINOR_CUES: readonly { readonly cue: string; readonly re: RegExp }[] = [
  { cue: 'class', re: /(?:初|高)[一二三]|[一二三四五六]年级|[一二三四五六七八九十\d]{1,2}班(?!车|次|级)/u },
  {
    cue: 'class',
    re: /\b(?:grade|year)\s?(?:[1-9]|1[0-2])\b(?!\s*(?:beef|product|steel))|\bclass\s?\d{1,2}[a-f]?\b(?!\s*action)/i,
  },
  { cue: 'age', re: /(?<![\d.])(?:[1-9]|1[0-7])\s?(?:岁|周岁)(?!以上)/u },
  { cue: 'age', re: /\b(?:(?:[1-9]|1[0-7])[- ]years?[- ]old|aged (?:[1-9]|1[0-7]))\b/i },
];

export function minorCue(text: string): string | null {
  for (const { cue, re } of MINOR_CUES) if (re.test(text)) return cue;
  return null;
}

/**
 * The words an account wrote itself: a retweet (`RT @name: …`) wrote none, and a Weibo repost's own words end
 * where the chain it reposted (`//@name: …`) begins.
 */
export function ownWords(text: string): string {
  if (/^RT @[\p{L}\p{N}_]{1,30}:/u.test(text)) return '';
  const chain = text.search(/\/\/\s?@/);
  return chain >= 0 ? text.slice(0, chain) : text;
}

/**
 * A key for an account's own words, or null when they are too few to tell concert from chance: lower-cased,
 * links, @-names and Weibo's bracketed emoticons dropped, spaces folded; at least `minLength` letters or digits.
 * Every post is keyed (a later reply may copy it), so this runs per event: each pass runs only when its mark is
 * in the text (the same passes in the same order: the same key).
 */
export function wordsKey(text: string, minLength: number): string | null {
  let norm = ownWords(text).toLowerCase();
  if (norm.length < minLength) return null;
  if (norm.includes('http')) norm = norm.replace(/https?:\/\/\S+/g, '');
  if (norm.includes('@')) norm = norm.replace(/@[\p{L}\p{N}_.-]+/gu, '');
  if (norm.includes('[')) norm = norm.replace(/\[[^\]\s]{1,8}\]/gu, '');
  norm = norm.replace(/\s+/g, ' ').trim();
  if (norm.length < minLength) return null;
  return lettersOrDigits(norm, minLength) ? stableId('txt', norm) : null;
}

const NOT_LETTER_OR_DIGIT = /[^\p{L}\p{N}]/gu;

/**
 * At least `min` letters or digits in `s`. ASCII letters and digits and CJK ideographs are counted by code
 * unit (they are \p{L}/\p{N}); only a text they do not settle is counted by the Unicode regex.
 */
function lettersOrDigits(s: string, min: number): boolean {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || (c >= 0x4e00 && c <= 0x9fff))
      if (++n >= min) return true;
  }
  return s.replace(NOT_LETTER_OR_DIGIT, '').length >= min;
}

/** What the observer needs of `policy.accounts`. */
export interface ObserveOptions {
  readonly minTextLength: number;
  readonly coordinatedMinAccounts: number;
  readonly coordinatedWindowSeconds: number;
}

/**
 * Updates an incident's account ledger with a placed post: who it names (mentions in a post that discloses
 * or calls to harass, handles it discloses), what its author did (disclosed, called to harass, repeated
 * other accounts' words), and whether the target is a minor.
 */
export function observeAccounts(incident: Incident, event: EnrichedEvent, options: ObserveOptions): void {
  const ledger = incident.accounts;
  const author = ledger.participant(event.platform, event.authorId, event.time, event.authorCreatedAt ?? null);
  const discloses =
    event.findings.length === 0
      ? event.findings
      : event.findings.filter((f) => f.about === 'target' && disclosing(f.category));
  const calls =
    event.text !== '' && mayHaveCue(event.text, MOBILISATION) && makesCall(analyse(event.text, MOBILISATION));
  if (author !== null) {
    ledger.posted(author);
    // (indexed: `discloses` is mostly the event's shared frozen empty list, and `for…of` over one allocates)
    for (let i = 0; i < discloses.length; i++) ledger.addDisclosure(author, discloses[i]!.category);
    if (calls) ledger.mobilised(author);
    if (discloses.length > 0 || calls) ledger.evidenceOf(author, event.eventId);
  }
  if (discloses.length > 0 || calls) {
    for (const m of event.mentions)
      if (!m.publicFigure && m.accountId !== event.authorId)
        ledger.target(
          {
            platform: event.platform,
            accountId: m.accountId,
            handleFingerprint: null,
            via: 'mentioned',
            firstTime: event.time,
          },
          event.eventId,
        );
    for (const f of discloses)
      if (f.category === 'social_handle')
        ledger.target(
          {
            platform: event.platform,
            accountId: null,
            handleFingerprint: f.fingerprint,
            via: 'handle_disclosed',
            firstTime: event.time,
          },
          f.fingerprint,
        );
    if (ledger.minor === null && discloses.length > 0) {
      const cue = minorCue(event.text);
      if (cue !== null) ledger.minor = { cue, eventId: event.eventId, time: event.time };
    }
  }
  // a disclosure beside a link is mostly a shared page's headline, written by a share button for everyone
  const linked = event.urls.length > 0 || /https?:\/\//.test(event.text);
  observeWords(incident, event, calls || (discloses.length > 0 && !linked), options);
}

/**
 * Coordination: the same words of their own, calling to find or harass the target or disclosing about them
 * (without a link), from `coordinatedMinAccounts` distinct accounts within `coordinatedWindowSeconds` of each
 * other. Not coordination: a reshare with no words of its own (a bare repost, a retweet), one repeating the
 * post it reshares (a crosspost's title, a quote copying its parent), words too short to tell concert from
 * chance, the same words spread over hours, words that harm nobody (a crowd's "so true"), and a share
 * button's headline beside its link. Measured on real cascades (bench/realistic/coordination.ts): those were
 * what the same-words rule alone marked.
 */
function observeWords(incident: Incident, event: EnrichedEvent, harmful: boolean, options: ObserveOptions): void {
  const ledger = incident.accounts;
  const key = event.text === '' ? null : wordsKey(event.text, options.minTextLength);
  if (key === null) return;
  ledger.postText(event.nodeKey, key);
  if (
    !harmful ||
    (event.kind !== 'post' &&
      (copies(incident, event, event.parentId, key) || copies(incident, event, event.rootId, key)))
  )
    return;
  const uses = ledger.text(
    key,
    `${event.platform}\u0000${event.authorId}`,
    event.time,
    event.eventId,
    options.coordinatedWindowSeconds * 1000,
  );
  if (uses === null || uses.length < options.coordinatedMinAccounts) return;
  for (const [a, use] of uses) {
    const [platform, accountId] = a.split('\u0000') as [string, string];
    const p = ledger.participant(platform, accountId, use.time, null);
    if (p !== null && ledger.coordinated(p)) ledger.evidenceOf(p, use.eventId);
  }
}

/** The post `id` (of the event's platform) had these very words: a reshare repeating it copies, not concerts. */
function copies(incident: Incident, event: EnrichedEvent, id: string | null, key: string): boolean {
  return id !== null && incident.accounts.postTextOf(`${event.platform}:${id}`) === key;
}

/** A victim's (or an authority's) notice naming the account it is about makes that account the target. */
export function observeNotice(incident: Incident, notice: Notice): void {
  if (notice.accountId === undefined || notice.reporter === 'third_party') return;
  incident.accounts.target(
    {
      platform: notice.platform,
      accountId: notice.accountId,
      handleFingerprint: null,
      via: 'notice',
      firstTime: notice.time,
    },
    notice.noticeId,
  );
}
