import type { InputFormat } from '../contract/index.js';
import { ADAPTERS, type FormatAdapter } from '../formats/index.js';
import type { RawRecord } from '../contract/index.js';
import { dead, decodeEvent, decodeJson, parseRecord, ParseFailure, type DecodeResult } from './decode-record.js';

/** A record to use, a dead letter, or a platform message kind doxguard skips (counted by kind). */
export type SourceDecodeResult =
  DecodeResult | { readonly ok: 'skipped'; readonly format: string; readonly kind: string };
export type Decoder = (raw: RawRecord) => SourceDecodeResult;

export interface DecoderOptions {
  /** one format, or several on one source: each message then goes to the first whose envelope it has */
  readonly format: InputFormat | readonly InputFormat[];
  /** the platform name stamped on mapped events; null: the format's own (`bluesky`, `mastodon`, …) */
  readonly platform?: string | null;
  /** account ids of officials and public figures: mentions of them carry publicFigure */
  readonly publicFigures?: readonly string[];
}

/** The formats of a source, in the order they are tried. */
export function formatsOf(format: InputFormat | readonly InputFormat[]): readonly InputFormat[] {
  return typeof format === 'string' ? [format] : format;
}

/** Schema 1's envelope, on a source speaking several formats: an event (or a deletion) names itself. */
const isSchemaOne = (m: Record<string, unknown>): boolean =>
  typeof m.eventId === 'string' || m.type === 'event' || m.type === 'delete';

/** The post URLs of the platform formats a source speaks, named as their adapters name the posts. */
export function formatLinkPatterns(
  options: DecoderOptions,
): { platform: string; pattern: string; id: FormatAdapter['linkPatterns'][number]['id'] }[] {
  return formatsOf(options.format).flatMap((f) =>
    f === 'doxguard'
      ? []
      : ADAPTERS[f].linkPatterns.map((p) => ({ platform: options.platform ?? ADAPTERS[f].platform, ...p })),
  );
}

/**
 * The decoder of one source: schema 1 as it is, or a platform format's messages mapped onto schema 1 by its
 * adapter and then validated exactly as a schema-1 record. Notices and verdicts (`type`: notice, verdict)
 * are schema 1 in every format, so feedback can share the stream. A source speaking several formats (Bluesky
 * and Mastodon on one topic) hands each message to the first format that recognises its envelope. Stateful
 * only in the last event time each format saw (for messages that carry none): one decoder per input partition.
 */
export function createDecoder(options: DecoderOptions): Decoder {
  const formats = formatsOf(options.format);
  if (formats.length === 1) {
    const decode = formatDecoder(formats[0]!, options);
    return (raw) => {
      const parsed = parseRecord(raw);
      return parsed instanceof ParseFailure ? parsed.result : decode(raw, parsed as Record<string, unknown>);
    };
  }
  const decoders = formats.map((f) => ({
    recognises: f === 'doxguard' ? isSchemaOne : ADAPTERS[f].recognises,
    decode: formatDecoder(f, options),
  }));
  return (raw) => {
    const parsed = parseRecord(raw);
    if (parsed instanceof ParseFailure) return parsed.result;
    const json = parsed as Record<string, unknown>;
    if (json.type === 'notice' || json.type === 'verdict') return decodeJson(raw, json);
    for (const d of decoders) if (d.recognises(json)) return d.decode(raw, json);
    return dead(raw, 'DG_DLQ_FORMAT', `not a message of any of the formats ${formats.join(', ')}`);
  };
}

/** One format's decoder of a parsed JSON object. */
function formatDecoder(
  format: InputFormat,
  options: DecoderOptions,
): (raw: RawRecord, json: Record<string, unknown>) => SourceDecodeResult {
  if (format === 'doxguard') return decodeJson;
  const adapter = ADAPTERS[format];
  const ctx = {
    platform: options.platform ?? adapter.platform,
    publicFigures: new Set(options.publicFigures ?? []),
    lastTime: null as number | null,
  };
  return (raw, json) => {
    if (json.type === 'notice' || json.type === 'verdict') return decodeJson(raw, json);
    let adapted;
    try {
      adapted = adapter.adapt(json, ctx);
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
