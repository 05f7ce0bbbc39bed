import type { IncidentData } from './collect.js';
import { page, section, table } from './page.js';
import { incidentBody } from './render-incident.js';
import { esc } from './svg-util.js';

const firstAt = (d: IncidentData | undefined, level: string): string =>
  d?.alerts.find((a) => a.level === level)?.eventTime ?? '-';

/** Two configs side by side on the same incident: when each warned, what each commanded. */
export function renderWhatIfPage(
  incidentId: string,
  a: IncidentData | undefined,
  b: IncidentData | undefined,
  labels: readonly [string, string],
): string {
  const count = (d: IncidentData | undefined, action: string): string =>
    String(d?.commands.filter((c) => c.action === action).length ?? 0);
  const rows = [
    ['first watch', firstAt(a, 'watch'), firstAt(b, 'watch')],
    ['first warning', firstAt(a, 'warning'), firstAt(b, 'warning')],
    ['first critical', firstAt(a, 'critical'), firstAt(b, 'critical')],
    ['alerts', String(a?.alerts.length ?? 0), String(b?.alerts.length ?? 0)],
    ...['popup_warning', 'throttle', 'review_takedown', 'lift'].map((act) => [act, count(a, act), count(b, act)]),
    ['first command', a?.commands[0]?.eventTime ?? '-', b?.commands[0]?.eventTime ?? '-'],
  ].map((r) => r.map(esc));
  const col = (d: IncidentData | undefined, label: string, prefix: string): string =>
    `<div><h2>${esc(label)}</h2>${d ? incidentBody(d, prefix) : '<p class="muted">no output for this incident under this config</p>'}</div>`;
  const body = [
    section('comparison', 'What if: the same incident under two configs', table(['', labels[0], labels[1]], rows)),
    `<div class="cols">${col(a, labels[0], 'a-')}${col(b, labels[1], 'b-')}</div>`,
  ].join('\n');
  return page(`doxguard what-if: incident ${incidentId}`, `${labels[0]} vs ${labels[1]}`, body, true);
}
