import { createHash, type Hash } from 'node:crypto';
import { mkdir, open, readFile, rename, unlink, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { DoxguardError } from '../errors/index.js';
import { channelOf, type Channel, type OutputRecord, type RunOutcome, type Sink } from '../contract/index.js';
import { jsonOf, LineChunks, writeChunks } from '../util/index.js';

export const CHANNEL_FILES: Record<Channel, string> = {
  alerts: 'alerts.ndjson',
  interventions: 'interventions.ndjson',
  incidents: 'incidents.ndjson',
  dlq: 'dlq.ndjson',
};

/** Where a run writes a file until it completes: next to it, so the final rename stays on one file system. */
export const PARTIAL_SUFFIX = '.partial';

/** The manifest of a complete set, in `sha256sum` format (`sha256sum -c SHA256SUMS` checks it); written last. */
export const MANIFEST = 'SHA256SUMS';

/** Test hook: called after each file of the set is renamed into place (a crash between renames, simulated). */
export interface FileSinkOptions {
  readonly afterRename?: (file: string) => void;
}

/**
 * NDJSON files in one folder, one per channel. A run writes `<file>.partial`
 * and renames each over `<file>` only when it completes (close('completed')),
 * so the folder holds exactly one complete run's output: a run that fails
 * removes its partial files and an interrupted one leaves them beside the
 * previous run's files, which stay untouched in both cases. `flush` writes
 * what is buffered; `close` also syncs to disk before renaming.
 *
 * Four renames are not one: a crash between them would leave files of two runs
 * side by side. So the set is switched detectably: the new set's SHA256SUMS is
 * staged, the old one removed, the four files renamed, and SHA256SUMS renamed
 * into place last. A folder whose SHA256SUMS exists and matches every file is
 * one complete run's set; no SHA256SUMS (or a mismatch) means a switch did not
 * finish, and the next completed run writes a whole set again.
 */
export async function createFileSink(dir: string, options: FileSinkOptions = {}): Promise<Sink> {
  const handles = {} as Record<Channel, FileHandle>;
  try {
    await mkdir(dir, { recursive: true });
    for (const [channel, file] of Object.entries(CHANNEL_FILES) as [Channel, string][])
      handles[channel] = await open(join(dir, file + PARTIAL_SUFFIX), 'w');
    return new FileSink(dir, handles, options);
  } catch (cause) {
    for (const [channel, h] of Object.entries(handles) as [Channel, FileHandle][]) {
      await h.close().catch(() => {});
      await unlink(join(dir, CHANNEL_FILES[channel] + PARTIAL_SUFFIX)).catch(() => {});
    }
    throw new DoxguardError('DG_ERR_SINK_CONNECT', `cannot open output folder ${dir}`, { context: { dir }, cause });
  }
}

class FileSink implements Sink {
  readonly name: string;
  /** each channel's lines since the last flush, encoded as they came (util/line-chunks.ts: why) */
  private readonly lines: Record<Channel, LineChunks> = {
    alerts: new LineChunks(),
    interventions: new LineChunks(),
    incidents: new LineChunks(),
    dlq: new LineChunks(),
  };
  private readonly hashes: Record<Channel, Hash> = {
    alerts: createHash('sha256'),
    interventions: createHash('sha256'),
    incidents: createHash('sha256'),
    dlq: createHash('sha256'),
  };
  private closed = false;
  /** the flushes in order (a rejected one stays rejected: no write after a lost one) */
  private writing: Promise<void> = Promise.resolve();

  constructor(
    readonly dir: string,
    private readonly handles: Record<Channel, FileHandle>,
    private readonly options: FileSinkOptions,
  ) {
    this.name = `files:${dir}`;
  }

  emit(record: OutputRecord): void {
    // the text contentId made with the record's id (src/util/json.ts): JSON.stringify's bytes, not made again
    this.lines[channelOf(record)].add(jsonOf(record));
  }

  emitJson(channel: Channel, json: string): void {
    this.lines[channel].add(json);
  }

  /**
   * Writes what was emitted before the call. Flushes may overlap (the Kafka source processes a partition's
   * next chunk while the previous one flushes): each writes after the one before it, so the files and their
   * hashes keep emit order; a failed write fails that flush and every later one.
   */
  flush(): Promise<void> {
    const pending = {} as Record<Channel, Buffer[]>;
    for (const channel of Object.keys(this.lines) as Channel[]) pending[channel] = this.lines[channel].take();
    this.writing = this.writing.then(() => this.write(pending));
    return this.writing;
  }

  private async write(pending: Record<Channel, Buffer[]>): Promise<void> {
    try {
      for (const channel of Object.keys(pending) as Channel[])
        if (pending[channel].length) {
          for (const chunk of pending[channel]) this.hashes[channel].update(chunk);
          await writeChunks(this.handles[channel], pending[channel]);
        }
    } catch (cause) {
      throw new DoxguardError('DG_ERR_SINK_WRITE', `cannot write to ${this.dir}`, {
        context: { dir: this.dir },
        cause,
      });
    }
  }

  async close(outcome: RunOutcome = 'completed'): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    // a failed flush still closes the files, then goes on to the caller: no descriptor is left to the GC
    let failure: unknown = null;
    try {
      if (outcome !== 'failed') {
        await this.flush();
        for (const h of Object.values(this.handles)) await h.sync();
      }
    } catch (e) {
      failure = e;
    }
    for (const h of Object.values(this.handles)) await h.close().catch((e: unknown) => (failure ??= e));
    if (failure !== null) throw failure;
    const files = Object.values(CHANNEL_FILES).map((f) => join(this.dir, f));
    if (outcome === 'completed') await this.switchSet();
    else if (outcome === 'failed') for (const f of files) await unlink(f + PARTIAL_SUFFIX).catch(() => {});
  }

  /** Stage the manifest, drop the old one, rename the files, then the manifest: last in, so it vouches for all. */
  private async switchSet(): Promise<void> {
    const manifest = join(this.dir, MANIFEST);
    const sums = (Object.entries(CHANNEL_FILES) as [Channel, string][])
      .map(([channel, file]) => `${this.hashes[channel].digest('hex')}  ${file}\n`)
      .join('');
    const staged = await open(manifest + PARTIAL_SUFFIX, 'w');
    await staged.write(sums);
    await staged.sync();
    await staged.close();
    await unlink(manifest).catch((e: NodeJS.ErrnoException) => {
      if (e.code !== 'ENOENT') throw e;
    });
    for (const file of Object.values(CHANNEL_FILES)) {
      await rename(join(this.dir, file + PARTIAL_SUFFIX), join(this.dir, file));
      this.options.afterRename?.(file);
    }
    await rename(manifest + PARTIAL_SUFFIX, manifest);
    const d = await open(this.dir, 'r');
    await d.sync().finally(() => d.close());
  }
}

/**
 * Whether the folder holds one complete run's set: SHA256SUMS present and matching each of the four
 * files (what `sha256sum -c SHA256SUMS` checks), or why not.
 */
export async function checkOutputSet(dir: string): Promise<{ ok: true } | { ok: false; reason: string }> {
  let manifest: string;
  try {
    manifest = await readFile(join(dir, MANIFEST), 'utf8');
  } catch {
    return { ok: false, reason: `no ${MANIFEST}: no complete set, or a switch that did not finish` };
  }
  const want = new Map(
    manifest
      .trim()
      .split('\n')
      .map((l) => [l.slice(66), l.slice(0, 64)] as const),
  );
  for (const file of Object.values(CHANNEL_FILES)) {
    const text = await readFile(join(dir, file)).catch(() => null);
    if (text === null) return { ok: false, reason: `${file} is missing` };
    if (createHash('sha256').update(text).digest('hex') !== want.get(file))
      return { ok: false, reason: `${file} is not the file ${MANIFEST} names (files of two runs?)` };
  }
  return { ok: true };
}
