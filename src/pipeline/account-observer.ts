import { analyse, makesCall, mayHaveCue, MOBILISATION } from '../../detectors/index.js';
import type { EnrichedEvent, Notice, PiiCategory } from '../contract/index.js';
import type { Incident } from '../incident/index.js';
import { stableId } from '../util/index.js';

/** Categories that identify a person: disclosing one makes an account a discloser (a postcode alone does not). */
const IDENTIFYING: ReadonlySet<PiiCategory> = new Set<PiiCategory>([
  'national_id',
  'passport',
  'phone',
  'email',
  'home_address',
  'licence_plate',
  'bank_card',
  'social_handle',
  'workplace',
  'school',
  'family',
  'health',
  'private_chat',
  'real_name',
  'photo',
]);

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

/** Words repeated by several accounts: lower-cased, links and @-names dropped, spaces folded. */
function textKey(text: string, minLength: number): string | null {
  const norm = text
    .toLowerCase()
    .replace(/https?:\/\/\S+/g, '')
    .replace(/@[\p{L}\p{N}_.-]+/gu, '')
    .replace(/\s+/g, ' ')
    .trim();
  return norm.length >= minLength ? stableId('txt', norm) : null;
}

/**
 * Updates an incident's account ledger with a placed post: who it names (mentions in a post that discloses
 * or calls to harass, handles it discloses), what its author did (disclosed, called to harass, repeated
 * other accounts' words), and whether the target is a minor.
 */
export function observeAccounts(
  incident: Incident,
  event: EnrichedEvent,
  minTextLength: number,
  coordinatedMin: number,
): void {
  const ledger = incident.accounts;
  const author = ledger.participant(event.platform, event.authorId, event.time);
  const discloses = event.findings.filter((f) => f.about === 'target' && IDENTIFYING.has(f.category));
  const calls =
    event.text !== '' && mayHaveCue(event.text, MOBILISATION) && makesCall(analyse(event.text, MOBILISATION));
  if (author) {
    author.posts++;
    for (const f of discloses) author.disclosures.add(f.category);
    if (calls) author.mobilising = true;
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
  const key = event.text === '' ? null : textKey(event.text, minTextLength);
  if (key !== null) {
    const authors = ledger.text(key, `${event.platform}\u0000${event.authorId}`);
    if (authors && authors.size >= coordinatedMin)
      for (const a of authors) {
        const [platform, accountId] = a.split('\u0000') as [string, string];
        const p = ledger.participant(platform, accountId, event.time);
        if (p && !p.coordinated) {
          p.coordinated = true;
          ledger.evidenceOf(p, event.eventId);
        }
      }
  }
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
