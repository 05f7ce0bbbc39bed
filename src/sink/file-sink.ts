import { mkdir, open, rename, unlink, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { DoxguardError } from '../errors/index.js';
import { channelOf, type Channel, type OutputRecord, type RunOutcome, type Sink } from '../contract/index.js';

export const CHANNEL_FILES: Record<Channel, string> = {
  alerts: 'alerts.ndjson',
  interventions: 'interventions.ndjson',
  incidents: 'incidents.ndjson',
  dlq: 'dlq.ndjson',
};

/** Where a run writes a file until it completes: next to it, so the final rename stays on one file system. */
export const PARTIAL_SUFFIX = '.partial';

/**
 * NDJSON files in one folder, one per channel. A run writes `<file>.partial`
 * and renames each over `<file>` only when it completes (close('completed')),
 * so the folder holds exactly one complete run's output: a run that fails
 * removes its partial files and an interrupted one leaves them beside the
 * previous run's files, which stay untouched in both cases. `flush` writes
 * what is buffered; `close` also syncs to disk before renaming.
 */
export async function createFileSink(dir: string): Promise<Sink> {
  const handles = {} as Record<Channel, FileHandle>;
  try {
    await mkdir(dir, { recursive: true });
    for (const [channel, file] of Object.entries(CHANNEL_FILES) as [Channel, string][])
      handles[channel] = await open(join(dir, file + PARTIAL_SUFFIX), 'w');
    return new FileSink(dir, handles);
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
  private buffers: Record<Channel, string[]> = { alerts: [], interventions: [], incidents: [], dlq: [] };
  private closed = false;

  constructor(
    readonly dir: string,
    private readonly handles: Record<Channel, FileHandle>,
  ) {
    this.name = `files:${dir}`;
  }

  emit(record: OutputRecord): void {
    this.buffers[channelOf(record)].push(JSON.stringify(record) + '\n');
  }

  async flush(): Promise<void> {
    const pending = this.buffers;
    this.buffers = { alerts: [], interventions: [], incidents: [], dlq: [] };
    try {
      for (const channel of Object.keys(pending) as Channel[])
        if (pending[channel].length) await this.handles[channel].write(pending[channel].join(''));
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
    if (outcome !== 'failed') await this.flush();
    for (const h of Object.values(this.handles)) {
      if (outcome !== 'failed') await h.sync();
      await h.close();
    }
    const files = Object.values(CHANNEL_FILES).map((f) => join(this.dir, f));
    if (outcome === 'completed') for (const f of files) await rename(f + PARTIAL_SUFFIX, f);
    else if (outcome === 'failed') for (const f of files) await unlink(f + PARTIAL_SUFFIX).catch(() => {});
  }
}
