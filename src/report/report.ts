import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Config } from '../config/index.js';
import { levelRank } from '../risk/index.js';
import type { AlertLevel } from '../contract/index.js';
import { collectIncidents, type IncidentData } from './collect.js';
import { incidentGexf } from './gexf.js';
import { renderIncidentPage } from './render-incident.js';
import { renderWhatIfPage } from './render-what-if.js';

export interface ReportOptions {
  readonly config: Readonly<Config>;
  readonly files: readonly string[];
  readonly outDir: string;
  /** one incident; otherwise every incident that reached minLevel */
  readonly incidentId?: string;
  readonly minLevel?: AlertLevel;
  /** what-if: a second config to replay the same input under, shown side by side */
  readonly whatIf?: { readonly config: Readonly<Config>; readonly labels: readonly [string, string] };
}

export interface WrittenReport {
  readonly incidentId: string;
  readonly html: string;
  readonly gexf: string;
}

const topLevel = (d: IncidentData): AlertLevel | null =>
  d.alerts.reduce<AlertLevel | null>(
    (m, a) => (levelRank(a.level) > levelRank(m) ? a.level : m),
    d.incident?.level ?? null,
  );

/** Write `<incident>.html` (self-contained) and `<incident>.gexf` per selected incident; returns what was written. */
export async function writeReports(options: ReportOptions): Promise<WrittenReport[]> {
  const main = await collectIncidents(options.config, options.files);
  const other = options.whatIf ? await collectIncidents(options.whatIf.config, options.files) : null;
  const minLevel = options.minLevel ?? 'warning';
  const ids = options.incidentId
    ? [options.incidentId]
    : [...new Set([...main.incidents.keys(), ...(other?.incidents.keys() ?? [])])]
        .filter((id) =>
          [main.incidents.get(id), other?.incidents.get(id)].some(
            (d) => d && levelRank(topLevel(d)) >= levelRank(minLevel),
          ),
        )
        .sort();
  mkdirSync(options.outDir, { recursive: true });
  const from = options.files.map((f) => basename(f)).join(', ');
  const written: WrittenReport[] = [];
  for (const id of ids) {
    const d = main.incidents.get(id);
    const alt = other?.incidents.get(id);
    if (!d && !alt) continue;
    const safe = id.replace(/[^A-Za-z0-9_.-]/g, '_');
    const html = join(options.outDir, `${safe}.html`);
    const gexf = join(options.outDir, `${safe}.gexf`);
    writeFileSync(html, other ? renderWhatIfPage(id, d, alt, options.whatIf!.labels) : renderIncidentPage(d!, from));
    writeFileSync(gexf, incidentGexf((d ?? alt)!));
    written.push({ incidentId: id, html, gexf });
  }
  return written;
}
