import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { checkLink, type ChainBreak, type EvidenceEntry } from './chain.js';

export interface VerifyResult {
  readonly ok: boolean;
  /** entries that verified before the first break (all of them when ok) */
  readonly entries: number;
  /** hash of the last verified entry: compare with a copy kept elsewhere to detect a truncated tail */
  readonly head: string;
  readonly counts: Readonly<Record<string, number>>;
  readonly error: { readonly line: number; readonly reason: ChainBreak; readonly message: string } | null;
}

const MESSAGES: Record<ChainBreak, string> = {
  unparseable: 'not a JSON entry',
  schema: 'not an evidence entry',
  hash_mismatch: 'the entry was edited (its hash does not match its content)',
  broken_link: 'an entry before it was edited, dropped or moved (previous hash does not match)',
  sequence: 'entries were dropped or reordered (sequence number out of step)',
};

/**
 * Verifies an evidence log: every entry's own hash, its link to the entry
 * before, and the sequence. Reports the first break with its line number.
 * Pass `expectedHead` (a head hash kept elsewhere) to also detect a tail cut off.
 */
export async function verifyEvidenceLog(path: string, expectedHead?: string): Promise<VerifyResult> {
  const counts: Record<string, number> = {};
  let prev: { seq: number; hash: string } | null = null;
  let lineNo = 0;
  let entries = 0;
  const fail = (reason: ChainBreak, message = MESSAGES[reason]): VerifyResult => ({
    ok: false,
    entries,
    head: prev?.hash ?? '0'.repeat(64),
    counts,
    error: { line: lineNo, reason, message },
  });
  const lines = createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity });
  for await (const line of lines) {
    lineNo++;
    if (line.trim() === '') continue;
    let entry: EvidenceEntry;
    try {
      entry = JSON.parse(line) as EvidenceEntry;
    } catch {
      return fail('unparseable');
    }
    if (entry === null || typeof entry !== 'object') return fail('unparseable');
    const broken = checkLink(entry, prev);
    if (broken) return fail(broken);
    prev = { seq: entry.seq, hash: entry.hash };
    entries++;
    counts[entry.kind] = (counts[entry.kind] ?? 0) + 1;
    if (entry.replay === true) counts.replay = (counts.replay ?? 0) + 1;
  }
  const head = prev?.hash ?? '0'.repeat(64);
  if (expectedHead !== undefined && expectedHead !== head)
    return fail(
      'sequence',
      `the log ends before the expected head ${expectedHead.slice(0, 12)}…: its tail was cut off`,
    );
  return { ok: true, entries, head, counts, error: null };
}
