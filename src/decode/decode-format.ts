import type { InputFormat } from '../contract/index.js';
import { ADAPTERS } from '../formats/index.js';
import type { RawRecord } from '../contract/index.js';
import { dead, decodeEvent, decodeJson, decodeRecord, parseRecord, type DecodeResult } from './decode-record.js';

/** A record to use, a dead letter, or a platform message kind doxguard skips (counted by kind). */
export type SourceDecodeResult =
  DecodeResult | { readonly ok: 'skipped'; readonly format: string; readonly kind: string };
export type Decoder = (raw: RawRecord) => SourceDecodeResult;

export interface DecoderOptions {
  readonly format: InputFormat;
  /** the platform name stamped on mapped events; null: the format's own (`bluesky`, `mastodon`, …) */
  readonly platform?: string | null;
  /** account ids of officials and public figures: mentions of them carry publicFigure */
  readonly publicFigures?: readonly string[];
}

/**
 * The decoder of one source: schema 1 as it is, or a platform format's messages mapped onto schema 1 by its
 * adapter and then validated exactly as a schema-1 record. Notices and verdicts (`type`: notice, verdict)
 * are schema 1 in every format, so feedback can share the stream. Stateful only in the last event time it
 * saw (for messages that carry none): one decoder per input partition.
 */
export function createDecoder(options: DecoderOptions): Decoder {
  if (options.format === 'doxguard') return decodeRecord;
  const adapter = ADAPTERS[options.format];
  const ctx = {
    platform: options.platform ?? adapter.platform,
    publicFigures: new Set(options.publicFigures ?? []),
    lastTime: null as number | null,
  };
  return (raw) => {
    const parsed = parseRecord(raw);
    if (!parsed.ok) return parsed;
    const type = (parsed.json as { type?: unknown }).type;
    if (type === 'notice' || type === 'verdict') return decodeJson(raw, parsed.json);
    let adapted;
    try {
      adapted = adapter.adapt(parsed.json as Record<string, unknown>, ctx);
    } catch (e) {
      // adapters do not throw (property-tested); should one, the record is still accounted for
      adapted = { kind: 'invalid' as const, message: `${adapter.name} mapping failed: ${String(e).slice(0, 200)}` };
    }
    switch (adapted.kind) {
      case 'skip':
        return {
          ok: 'skipped',
          format: adapter.name,
          kind: adapter.skipKinds.includes(adapted.what) ? adapted.what : 'other',
        };
      case 'invalid':
        return dead(raw, 'DG_DLQ_FORMAT', adapted.message);
      case 'delete':
        if (ctx.lastTime === null || adapted.time > ctx.lastTime) ctx.lastTime = adapted.time;
        return {
          ok: true,
          record: {
            type: 'delete',
            platform: adapted.platform,
            postId: adapted.postId,
            time: adapted.time,
            position: raw.position,
          },
        };
      case 'event': {
        const decoded = decodeEvent(raw, adapted.event, raw.position);
        if (
          decoded.ok === true &&
          decoded.record.type === 'event' &&
          (ctx.lastTime === null || decoded.record.time > ctx.lastTime)
        )
          ctx.lastTime = decoded.record.time;
        return decoded;
      }
    }
  };
}
