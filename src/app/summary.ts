import type { PipelineStats } from '../pipeline/index.js';
import type { AlertRecord, InterventionRecord, OutputRecord } from '../contract/index.js';

/** A short human summary of a run: incidents, their warnings with reasons, and the commands sent. */
export function summarise(records: readonly OutputRecord[], stats: PipelineStats, outDir: string | null): string {
  const alerts = records.filter((r): r is AlertRecord => r.schema === 'doxguard.alert/1');
  const commands = records.filter((r): r is InterventionRecord => r.schema === 'doxguard.intervention/1');
  const lines: string[] = [];
  lines.push(
    `events ${stats.events} · duplicates ${stats.duplicates} · late ${stats.late} · dead letters ${stats.deadLetters} · notices ${stats.notices}`,
  );
  const byIncident = new Map<string, AlertRecord[]>();
  for (const a of alerts) byIncident.set(a.incidentId, [...(byIncident.get(a.incidentId) ?? []), a]);
  lines.push(`incidents with alerts: ${byIncident.size} · alerts ${alerts.length} · commands ${commands.length}`);
  for (const [incidentId, list] of byIncident) {
    const top = list.reduce((m, a) => (rank(a.level) > rank(m.level) ? a : m));
    lines.push('');
    lines.push(
      `● ${incidentId}  ${top.level.toUpperCase()}  score ${top.score}  platforms ${top.platforms.join(', ')}` +
        (top.piiCategories.length ? `  disclosed: ${top.piiCategories.join(', ')}` : ''),
    );
    for (const a of list)
      lines.push(`  ${a.eventTime}  ${a.previousLevel ?? '-'} → ${a.level}${a.shadow ? ' (shadow)' : ''}`);
    for (const r of top.reasons.slice(0, 4)) lines.push(`    why: [${r.detector}] ${r.message}`);
    for (const c of commands.filter((c) => c.incidentId === incidentId))
      lines.push(
        `  ⇒ ${c.eventTime}  ${c.action}  (${c.rule})  ${c.targets.map((t) => `${t.platform}:${t.postIds.length} posts`).join(', ')}`,
      );
  }
  if (outDir) lines.push('', `outputs in ${outDir}/ (alerts, interventions, incidents, dlq .ndjson)`);
  return lines.join('\n') + '\n';
}

const rank = (l: string): number => ['watch', 'warning', 'critical'].indexOf(l);
