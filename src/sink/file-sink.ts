import { mkdir, open, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { DoxguardError } from '../errors/index.js';
import { channelOf, type Channel, type OutputRecord, type Sink } from '../contract/index.js';

export const CHANNEL_FILES: Record<Channel, string> = {
  alerts: 'alerts.ndjson',
  interventions: 'interventions.ndjson',
  incidents: 'incidents.ndjson',
  dlq: 'dlq.ndjson',
};

/**
 * NDJSON files in one folder, one per channel, truncated at open so a run's
 * folder holds exactly that run's output. `flush` writes what is buffered;
 * `close` also syncs to disk.
 */
export async function createFileSink(dir: string): Promise<Sink> {
  try {
    await mkdir(dir, { recursive: true });
    const handles = {} as Record<Channel, FileHandle>;
    for (const [channel, file] of Object.entries(CHANNEL_FILES) as [Channel, string][])
      handles[channel] = await open(join(dir, file), 'w');
    return new FileSink(dir, handles);
  } catch (cause) {
    throw new DoxguardError('DG_ERR_SINK_CONNECT', `cannot open output folder ${dir}`, { context: { dir }, cause });
  }
}

class FileSink implements Sink {
  readonly name: string;
  private buffers: Record<Channel, string[]> = { alerts: [], interventions: [], incidents: [], dlq: [] };

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

  async close(): Promise<void> {
    await this.flush();
    for (const h of Object.values(this.handles)) {
      await h.sync();
      await h.close();
    }
  }
}
