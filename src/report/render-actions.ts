import type { AlertRecord, InterventionRecord, Reason } from '../contract/index.js';
import type { IncidentData } from './collect.js';
import { table } from './page.js';
import { esc } from './svg-util.js';

/** A command with the follow-ups that extend it (src/policy/follow.ts: `params.extends`). */
export interface CommandGroup {
  readonly command: InterventionRecord;
  readonly followUps: readonly InterventionRecord[];
}

/** Commands as the platforms apply them: each with its follow-ups folded in (a follow-up whose command is absent stands alone). */
export function commandGroups(commands: readonly InterventionRecord[]): CommandGroup[] {
  const ids = new Set(commands.map((c) => c.id));
  const groups = new Map<string, { command: InterventionRecord; followUps: InterventionRecord[] }>();
  for (const c of commands) {
    const base = c.params.extends;
    if (typeof base === 'string' && ids.has(base)) groups.get(base)?.followUps.push(c);
    else groups.set(c.id, { command: c, followUps: [] });
  }
  return [...groups.values()];
}

const posts = (records: readonly InterventionRecord[]): string => {
  const n = new Map<string, number>();
  for (const r of records) for (const t of r.targets) n.set(t.platform, (n.get(t.platform) ?? 0) + t.postIds.length);
  return [...n].map(([p, k]) => `${p}: ${k} post${k === 1 ? '' : 's'}`).join(', ');
};

function targetsCell(g: CommandGroup): string {
  const c = g.command;
  if (c.account)
    return esc(
      `${c.account.platform}: ${c.account.role}${c.account.minor ? ' (minor)' : ''} ${c.account.accountId ?? 'handle ' + (c.account.handleFingerprint ?? '').slice(0, 12)}`,
    );
  const own = esc(posts([c]));
  if (g.followUps.length === 0) return own;
  const last = g.followUps.at(-1)!.eventTime.slice(11, 19);
  return `${own}<br><span class="muted">+ ${g.followUps.length} follow-up${g.followUps.length === 1 ? '' : 's'} to ${esc(last)}: ${esc(posts(g.followUps))}</span>`;
}

/** A record's reasons on its row: code and score, each message behind a disclosure. */
export function reasonsCell(reasons: readonly Reason[]): string {
  if (reasons.length === 0) return '';
  return `<details><summary>${reasons.map((r) => `${esc(r.code)} ${r.score.toFixed(2)}`).join(' · ')}</summary><ul>${reasons
    .map((r) => `<li><b>${esc(r.code)}</b> (${esc(r.detector)}): ${esc(r.message)}</li>`)
    .join('')}</ul></details>`;
}

/** Alerts and commands in event-time order, each alert with its own reasons, follow-ups folded into their command. */
export function actionsTable(d: IncidentData): string {
  const rows: string[][] = [
    ...d.alerts.map((a) => [
      esc(a.eventTime),
      `<span class="chip lvl-${a.level}">alert ${a.level}</span>`,
      esc(`${a.previousLevel ?? '-'} → ${a.level}${a.shadow ? ' (shadow)' : ''}`),
      '',
      reasonsCell(a.reasons),
    ]),
    ...commandGroups(d.commands).map((g) => [
      esc(g.command.eventTime),
      `<b>${esc(g.command.action)}</b>`,
      esc(g.command.rule),
      targetsCell(g),
      '',
    ]),
  ];
  rows.sort((a, b) => (a[0]! < b[0]! ? -1 : a[0]! > b[0]! ? 1 : 0));
  return table(['event time', 'what', 'rule / change', 'targets', 'reasons (this alert’s)'], rows);
}

/**
 * The reasons as of the incident's current state: those of the newest record that carries the risk
 * assessment (an alert, or a post-level command other than a lift), and when that was.
 */
export function currentReasons(d: IncidentData): { reasons: readonly Reason[]; time: string; from: string } | null {
  const candidates: (AlertRecord | InterventionRecord)[] = [
    ...d.alerts,
    ...d.commands.filter((c) => c.account === undefined && c.action !== 'lift'),
  ];
  let best: AlertRecord | InterventionRecord | null = null;
  for (const r of candidates) if (!best || r.eventTime >= best.eventTime) best = r;
  if (!best) return null;
  const from = best.schema === 'doxguard.alert/1' ? `alert ${best.level}` : `${best.action} (${best.rule})`;
  return { reasons: best.reasons, time: best.eventTime, from };
}
