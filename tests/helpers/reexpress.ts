import { readFileSync } from 'node:fs';
import type { Config } from '../../src/config/index.js';
import { createDecoder, decodeRecord, type Decoder } from '../../src/decode/index.js';
import type { InputFormat, RepostEventInput, RawRecord, OutputRecord } from '../../src/contract/index.js';
import { createPipeline } from '../../src/pipeline/index.js';
import { createMemorySink } from '../../src/sink/index.js';
import { ENCODERS, formatIds } from '../../src/simulate/formats/index.js';
import { createScanner } from '../../src/app/scanner.js';

export const DEMO = 'examples/demo-incident.ndjson';

/** The demo's valid lines (events and notices; its deliberately malformed lines left out), parsed. */
export function demoRecords(): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const line of readFileSync(DEMO, 'utf8').split('\n')) {
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      continue;
    }
    if (typeof json !== 'object' || json === null || Array.isArray(json)) continue;
    const r = json as Record<string, unknown>;
    const decoded = decodeRecord({ value: Buffer.from(line), key: null, position: { kind: 'stdin', line: 0 } });
    if (decoded.ok && (decoded.record.type === 'event' || decoded.record.type === 'notice')) out.push(r);
  }
  return out;
}

export interface Reexpressed {
  readonly records: RawRecord[];
  /** format id → schema-1 postId */
  readonly back: Map<string, string>;
  /** format account id → schema-1 account id */
  readonly accounts: Map<string, string>;
  readonly publicFigures: string[];
}

/** The demo re-expressed in a format: each event as that platform message, keyed by its platform; notices as they are. */
export function reexpress(
  format: Exclude<InputFormat, 'doxguard'>,
  input: readonly Record<string, unknown>[],
): Reexpressed {
  const encoder = ENCODERS[format];
  const events = input.filter((r) => r.type !== 'notice') as unknown as RepostEventInput[];
  const ids = formatIds(encoder, events);
  const back = new Map([...ids].map(([k, v]) => [v, k]));
  const accounts = new Map<string, string>();
  const publicFigures = new Set<string>();
  for (const e of events) {
    accounts.set(encoder.accountOf(e.authorId), e.authorId);
    for (const m of e.mentions ?? []) if (m.publicFigure) publicFigures.add(encoder.accountOf(m.accountId));
  }
  const records = input.map((r, i): RawRecord => {
    const message =
      r.type === 'notice'
        ? { ...r, postId: ids.get(r.postId as string) ?? r.postId }
        : encoder.encode(r as unknown as RepostEventInput, ids);
    return {
      value: Buffer.from(JSON.stringify(message)),
      key: Buffer.from(String(r.platform)),
      position: { kind: 'file', file: `demo.${format}.ndjson`, line: i + 1 },
    };
  });
  return { records, back, accounts, publicFigures: [...publicFigures] };
}

/** A decoder per platform (the record's key), all of one format: one format, the demo's platforms kept. */
export function perPlatformDecoder(format: InputFormat, publicFigures: readonly string[]): Decoder {
  const decoders = new Map<string, Decoder>();
  return (raw) => {
    const platform = Buffer.from(raw.key ?? []).toString();
    let d = decoders.get(platform);
    if (!d) decoders.set(platform, (d = createDecoder({ format, platform, publicFigures })));
    return d(raw);
  };
}

export async function runRecords(
  config: Readonly<Config>,
  records: readonly RawRecord[],
  decode?: Decoder,
): Promise<OutputRecord[]> {
  const sink = createMemorySink();
  const scanner = await createScanner(config, config.fingerprintSecret!);
  const pipeline = createPipeline({ config, sink, scanner, ...(decode ? { decode } : {}) });
  for (let i = 0; i < records.length; i += 500)
    await pipeline.handleBatch({ records: records.slice(i, i + 500), commit: async () => {} });
  await pipeline.finish();
  return sink.records;
}
