import type { Config } from '../../config/index.js';
import { DoxguardError } from '../../errors/index.js';
import type { Source } from '../../contract/index.js';
import { LiveSource, type LiveSourceOptions } from './live-source.js';
import { sseTransport, websocketTransport } from './transports.js';

export { LiveSource, type LiveSourceOptions } from './live-source.js';
export { sseTransport, websocketTransport, type Transport } from './transports.js';

const TIME_US = /"time_us"\s*:\s*(\d{1,17})/;

/** Jetstream's cursor: a message's time_us, read without parsing the message twice. */
export const jetstreamCursor = {
  of(bytes: Uint8Array): number | null {
    const m = TIME_US.exec(
      Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 4096)).toString('latin1'),
    );
    return m ? Number(m[1]) : null;
  },
  resume(url: string, cursor: number): string {
    const u = new URL(url);
    u.searchParams.set('cursor', String(cursor));
    return u.toString();
  },
};

/** The websocket or sse source of a config (source.url, reconnect, and the Jetstream cursor). */
export function liveSource(config: Readonly<Config>, onConnection?: LiveSourceOptions['onConnection']): Source {
  const { source } = config;
  if (source.url === null || !/^(wss?|https?):\/\//.test(source.url))
    throw new DoxguardError(
      'DG_ERR_CONFIG_INVALID',
      `source.url: the ${source.kind} source needs a ws(s):// or http(s):// URL`,
      {
        context: { paths: ['source.url'] },
      },
    );
  const kind = source.kind === 'sse' ? 'sse' : 'websocket';
  return new LiveSource({
    kind,
    url: source.url,
    transport: kind === 'sse' ? sseTransport : websocketTransport,
    batchSize: source.batchSize,
    flushMs: source.flushMs,
    reconnect: source.reconnect,
    ...(source.format === 'jetstream' || (source.format.length === 1 && source.format[0] === 'jetstream')
      ? { cursor: { ...jetstreamCursor, initial: source.cursor } }
      : {}),
    ...(onConnection ? { onConnection } : {}),
  });
}
