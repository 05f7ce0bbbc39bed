import type { PipelineStats } from '../pipeline/index.js';
import type { AlertRecord, IncidentRecord, InterventionRecord, OutputRecord } from '../contract/index.js';

/** A short human summary of a run: incidents, their warnings with reasons, and the commands sent. */
export function summarise(records: readonly OutputRecord[], stats: PipelineStats, outDir: string | null): string {
  const alerts = records.filter((r): r is AlertRecord => r.schema === 'doxguard.alert/1');
  const commands = records.filter((r): r is InterventionRecord => r.schema === 'doxguard.intervention/1');
  const lines: string[] = [];
  lines.push(
    `events ${stats.events} · duplicates ${stats.duplicates} · late ${stats.late} · dead letters ${stats.deadLetters} · notices ${stats.notices}`,
  );
  // what the incident came to span: its last published state (an incident jumps after its top alert)
  const latest = new Map<string, IncidentRecord>();
  for (const r of records) if (r.schema === 'doxguard.incident/1' && r.status !== 'merged') latest.set(r.incidentId, r);
  const byIncident = new Map<string, AlertRecord[]>();
  for (const a of alerts) byIncident.set(a.incidentId, [...(byIncident.get(a.incidentId) ?? []), a]);
  lines.push(`incidents with alerts: ${byIncident.size} · alerts ${alerts.length} · commands ${commands.length}`);
  for (const [incidentId, list] of byIncident) {
    const top = list.reduce((m, a) => (rank(a.level) > rank(m.level) ? a : m));
    lines.push('');
    lines.push(
      `● ${incidentId}  ${top.level.toUpperCase()}  score ${top.score}  platforms ${(latest.get(incidentId)?.platforms ?? top.platforms).join(', ')}` +
        (top.piiCategories.length
          ? `  disclosed: ${(latest.get(incidentId)?.piiCategories ?? top.piiCategories).join(', ')}`
          : ''),
    );
    for (const a of list)
      lines.push(`  ${a.eventTime}  ${a.previousLevel ?? '-'} → ${a.level}${a.shadow ? ' (shadow)' : ''}`);
    for (const r of top.reasons.slice(0, 4)) lines.push(`    why: [${r.detector}] ${r.message}`);
    // one line per action and rule: a pile-on is tens of accounts, and the ladder acts on each new post
    const posts = new Map<string, InterventionRecord[]>();
    const participants = new Map<string, InterventionRecord[]>();
    for (const c of commands.filter((c) => c.incidentId === incidentId)) {
      const key = `${c.action}  (${c.rule})`;
      if (c.account === undefined) posts.set(key, [...(posts.get(key) ?? []), c]);
      else if (c.account.role === 'participant') participants.set(key, [...(participants.get(key) ?? []), c]);
      else lines.push(`  ⇒ ${c.eventTime}  ${key}  ${commandTarget(c)}`);
    }
    for (const [key, list] of posts) {
      if (list.length === 1) {
        lines.push(`  ⇒ ${list[0]!.eventTime}  ${key}  ${commandTarget(list[0]!)}`);
        continue;
      }
      const byPlatform = new Map<string, number>();
      for (const c of list)
        for (const t of c.targets) byPlatform.set(t.platform, (byPlatform.get(t.platform) ?? 0) + t.postIds.length);
      lines.push(
        `  ⇒ ${list[0]!.eventTime} … ${list.at(-1)!.eventTime}  ${key}  ${list.length} commands, ${[...byPlatform].map(([p, n]) => `${p}:${n} posts`).join(', ')}`,
      );
    }
    for (const [key, list] of participants) {
      const platforms = new Map<string, Set<string>>();
      for (const c of list) {
        const p = platforms.get(c.account!.platform) ?? new Set<string>();
        p.add(c.account!.accountId ?? '');
        platforms.set(c.account!.platform, p);
      }
      const count = [...platforms.values()].reduce((n, p) => n + p.size, 0);
      lines.push(
        `  ⇒ ${list[0]!.eventTime} … ${list.at(-1)!.eventTime}  ${key}  ${count} participant accounts (${[...platforms].map(([p, ids]) => `${p} ${ids.size}`).join(', ')})`,
      );
    }
  }
  if (outDir) lines.push('', `outputs in ${outDir}/ (alerts, interventions, incidents, dlq .ndjson)`);
  return lines.join('\n') + '\n';
}

/** What a command acts on: posts per platform, or one account (its role, platform and id as the input names it). */
function commandTarget(c: InterventionRecord): string {
  if (c.account)
    return `${c.account.role} account ${c.account.platform}:${c.account.accountId ?? `handle#${c.account.handleFingerprint?.slice(0, 8)}`}${c.account.minor ? ' (minor)' : ''}`;
  return c.targets.map((t) => `${t.platform}:${t.postIds.length} posts`).join(', ');
}

const rank = (l: string): number => ['watch', 'warning', 'critical'].indexOf(l);
