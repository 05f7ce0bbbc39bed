import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { DoxguardError, isDoxguardError } from '../errors/index.js';
import type { Notice, Verdict, OutputRecord, Sink } from '../contract/index.js';
import { LineChunks, writeChunks } from '../util/index.js';
import { bodyOfRecord, checkLink, type EvidenceEntry } from './chain.js';
import { forEachLineSync } from './lines.js';
import { bodyOfNotice, bodyOfVerdict, linkPrepared, prepareBody, type PreparedBody } from './prepared.js';

/**
 * The evidence log: an append-only NDJSON file of hash-chained entries. As a
 * Sink it records every alert and command it is given (incident snapshots and
 * dead letters are not evidence); `notice`, `verdict` and `shadowCommand`
 * record what does not travel as an output record. Reopening an existing log
 * continues its chain after checking it. `flush` writes and fsyncs. The log
 * is only ever appended to, never truncated or replaced.
 *
 * Staged (a run writing files): entries go to `<path>.partial`, continuing
 * the chain from the log's head, and are appended to the log only when the
 * run completes, together with the outputs they stand for; a failed run
 * drops them, an interrupted one leaves the partial file beside the log.
 *
 * A replay's log marks every entry `replay: true` and is its own chain: a
 * replay refuses to continue a live log and a live run a replay's.
 */
export interface EvidenceLog extends Sink {
  notice(notice: Notice, incidentId: string | null): void;
  verdict(verdict: Verdict, incidentId: string | null): void;
  /** a command decided in shadow mode: recorded, never sent */
  shadowCommand(record: OutputRecord): void;
  /** an entry whose body was serialised elsewhere (a worker thread): only linked here */
  prepared(body: PreparedBody): void;
  /** hash of the latest entry (keep it elsewhere to detect truncation) */
  readonly head: string;
  readonly entries: number;
}

export function createEvidenceLog(path: string, options: { staged?: boolean; replay?: boolean } = {}): EvidenceLog {
  const staged = options.staged ?? false;
  const replay = options.replay ?? false;
  const target = staged ? path + '.partial' : path;
  let seq = -1;
  let head = '0'.repeat(64);
  if (existsSync(path)) {
    let prev: { seq: number; hash: string } | null = null;
    // the chain is checked line by line as it is read (src/evidence/lines.ts): the log grows run after run
    let i = 0;
    const check = (line: string): void => {
      if (line.trim() === '') return;
      let entry: EvidenceEntry;
      try {
        entry = JSON.parse(line) as EvidenceEntry;
      } catch {
        entry = null as unknown as EvidenceEntry;
      }
      const broken = entry !== null && typeof entry === 'object' ? checkLink(entry, prev) : 'unparseable';
      if (broken)
        throw new DoxguardError(
          'DG_ERR_EVIDENCE_CHAIN',
          `evidence log ${path} is broken at line ${i + 1} (${broken})`,
          {
            context: { path, line: i + 1, reason: broken },
          },
        );
      // a replay's chain and a live one never mix: a replay must not extend (or pass for) live evidence
      if ((entry.replay === true) !== replay)
        throw new DoxguardError(
          'DG_ERR_EVIDENCE_MIXED',
          `evidence log ${path} holds ${entry.replay ? 'replay' : 'live'} entries: a ${replay ? 'replay' : 'live run'} keeps its own log (choose another output folder or evidence.path)`,
          { context: { path, line: i + 1 } },
        );
      prev = { seq: entry.seq, hash: entry.hash };
      i++;
    };
    try {
      forEachLineSync(path, check);
    } catch (cause) {
      if (isDoxguardError(cause)) throw cause;
      throw new DoxguardError('DG_ERR_SINK_CONNECT', `cannot read the evidence log ${path}`, {
        cause,
        context: { path },
      });
    }
    if (prev) ({ seq, hash: head } = prev);
  }
  // entries since the last flush, encoded as they are linked (util/line-chunks.ts: why)
  const pending = new LineChunks();
  let file: FileHandle | null = null;
  let writing: Promise<void> = Promise.resolve();
  // a stage left by an interrupted run is not part of the chain: this run's stage starts over; the folder is
  // made at start (a Kafka run's evidence.path may name one no sink creates), not at the first flush
  try {
    mkdirSync(dirname(path), { recursive: true });
    if (staged) rmSync(target, { force: true });
  } catch (cause) {
    throw new DoxguardError('DG_ERR_SINK_CONNECT', `cannot open the evidence log ${path}`, {
      cause,
      context: { path },
    });
  }
  const link = (body: PreparedBody): void => {
    const { hash, line } = linkPrepared(body, seq + 1, head, replay);
    seq++;
    head = hash;
    pending.add(line);
  };
  return {
    name: 'evidence',
    get head() {
      return head;
    },
    get entries() {
      return seq + 1;
    },
    emit(record) {
      const body = bodyOfRecord(record);
      if (body) link(prepareBody(body));
    },
    shadowCommand(record) {
      const body = bodyOfRecord(record, true);
      if (body) link(prepareBody(body));
    },
    notice: (n, incidentId) => link(prepareBody(bodyOfNotice(n, incidentId))),
    verdict: (v, incidentId) => link(prepareBody(bodyOfVerdict(v, incidentId))),
    prepared: link,
    // written and synced off the event loop (a Kafka run's consumer and worker results wait on it otherwise),
    // one flush after another so the entries land in chain order
    async flush() {
      if (pending.bytes === 0) return writing;
      const chunks = pending.take();
      const step = writing.then(async () => {
        file ??= await open(target, 'a');
        await writeChunks(file, chunks);
        await file.sync();
      });
      writing = step.catch(() => {});
      try {
        await step;
      } catch (cause) {
        throw new DoxguardError('DG_ERR_SINK_WRITE', `cannot write the evidence log ${path}`, {
          cause,
          context: { path },
        });
      }
    },
    async close(outcome = 'completed') {
      // a failed flush still closes the file, then goes on to the caller
      let failure: unknown = null;
      try {
        if (outcome !== 'failed') await this.flush();
        await writing;
      } catch (e) {
        failure = e;
      }
      await file?.close().catch((e: unknown) => (failure ??= e));
      file = null;
      if (failure !== null) throw failure;
      if (!staged || outcome === 'interrupted') return;
      if (outcome === 'completed' && existsSync(target)) appendFileDurably(target, path);
      rmSync(target, { force: true });
    },
  };
}

/** Appends `from`'s bytes to `to` in chunks (a long run's stage need not fit in memory), then fsyncs. */
function appendFileDurably(from: string, to: string): void {
  const input = openSync(from, 'r');
  const output = openSync(to, 'a');
  try {
    const buffer = Buffer.alloc(1 << 20);
    for (let n; (n = readSync(input, buffer, 0, buffer.length, null)) > 0;) writeSync(output, buffer, 0, n);
    fsyncSync(output);
  } finally {
    closeSync(input);
    closeSync(output);
  }
}
