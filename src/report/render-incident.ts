import type { Dimension } from '../contract/index.js';
import type { IncidentData } from './collect.js';
import { page, section, table } from './page.js';
import { actionsTable, commandGroups, currentReasons } from './render-actions.js';
import { renderDimensions } from './render-dimensions.js';
import { renderGraph } from './render-graph.js';
import { forecastPoints } from './render-forecast.js';
import { renderTimeline } from './render-timeline.js';
import { esc, platformColours } from './svg-util.js';

export function legend(colours: ReadonlyMap<string, string>): string {
  return `<p class="legend-row">${[...colours]
    .map(([p, c]) => `<span data-legend="${esc(p)}"><span style="color:${c}">●</span> ${esc(p)}</span>`)
    .join('')}</p>`;
}

export function dimensionPoints(d: IncidentData): { time: number; dimensions: Partial<Record<Dimension, number>> }[] {
  return [...d.alerts, ...d.snapshots].map((r) => ({ time: Date.parse(r.eventTime), dimensions: r.dimensions }));
}

/** Evidence: per alert and command (follow-ups with theirs), the ids and hashes it rests on (event ids, PII fingerprints). */
export function evidenceRows(d: IncidentData): string[][] {
  const follow = new Map(commandGroups(d.commands).map((g) => [g.command.id, g.followUps.length]));
  return [...d.alerts, ...d.commands.filter((c) => follow.has(c.id))].map((r) => {
    const n = follow.get(r.id) ?? 0;
    const codes = [...new Set(r.reasons.map((x) => x.code))].sort();
    const evidence = [...new Set(r.reasons.flatMap((x) => x.evidence))].sort();
    return [
      `<code>${esc(r.id)}</code>${n ? `<br><span class="muted">+ ${n} follow-up${n === 1 ? '' : 's'}</span>` : ''}`,
      esc(r.eventTime),
      esc(codes.join(', ')),
      evidence.map((e) => `<code>${esc(e)}</code>`).join(' '),
    ];
  });
}

/** The body of one incident's report (also used side by side in what-if mode). */
export function incidentBody(d: IncidentData, prefix = ''): string {
  const colours = platformColours(d.posts.map((p) => p.platform));
  const inc = d.incident;
  const level = inc?.level ?? d.alerts.at(-1)?.level ?? null;
  const summary = table(
    ['level', 'score', 'posts', 'authors', 'platforms', 'first event', 'last event', 'status'],
    [
      [
        level ? `<span class="chip lvl-${level}">${level}</span>` : '-',
        String(inc?.score ?? d.alerts.at(-1)?.score ?? '-'),
        String(inc?.size ?? d.posts.length),
        String(inc?.authors ?? new Set(d.posts.map((p) => p.authorId)).size),
        esc((inc?.platforms ?? [...colours.keys()]).join(', ')),
        esc(inc?.firstEventTime ?? ''),
        esc(inc?.lastEventTime ?? ''),
        esc(inc?.status ?? 'open'),
      ],
    ],
  );
  const categories = [...new Set([...(inc?.piiCategories ?? []), ...d.alerts.flatMap((a) => a.piiCategories)])].sort();
  const shown = new Map(d.disclosures.map((x) => [x.category, x]));
  const disclosed = categories.length
    ? table(
        ['category', 'as disclosed, redacted', 'posts'],
        categories.map((c) => {
          const x = shown.get(c);
          return [
            `<span class="chip">${esc(c)}</span>`,
            x
              ? x.snippets.map((v) => `<code class="redacted">${esc(v)}</code>`).join(' ')
              : '<span class="muted">-</span>',
            String(x?.posts ?? '-'),
          ];
        }),
      )
    : '<p class="muted">no disclosure detected</p>';
  const actions = actionsTable(d);
  const now = currentReasons(d);
  const reasons = table(
    ['detector', 'code', 'dimension', 'score', 'why'],
    (now?.reasons ?? []).map((r) => [
      esc(r.detector),
      esc(r.code),
      esc(r.dimension),
      r.score.toFixed(2),
      esc(r.message),
    ]),
  );
  const reasonsTitle = now
    ? `<h2>Reasons now (as of ${esc(now.time)}, the latest ${esc(now.from)}; level ${esc(level ?? '-')})</h2>`
    : '<h2>Reasons now</h2>';
  const people = table(
    ['pseudonymous author', 'role', 'posts'],
    (inc?.participants ?? [])
      .filter((p) => p.role !== 'participant')
      .map((p) => [`<code>${esc(p.authorId)}</code>`, esc(p.role), String(p.posts)]),
  );
  return [
    section(`${prefix}summary`, 'Summary', summary),
    section(
      `${prefix}timeline-section`,
      'Timeline: reposts per minute per platform, warnings (dashed) and commands (▼); size so far (grey) and final-size forecasts with their 80% interval (dots and bars, right axis: posts, log scale)',
      legend(colours) +
        renderTimeline(`${prefix}timeline`, d.posts, d.alerts, d.commands, colours, forecastPoints(d.snapshots)),
    ),
    section(
      `${prefix}graph-section`,
      'Propagation graph (√time →, one band per platform; node size: reshares; red edges cross platforms)',
      renderGraph(`${prefix}graph`, d.posts, d.edges, inc?.participants ?? [], colours),
    ),
    section(
      `${prefix}disclosed`,
      'Disclosed about the person targeted (values redacted: 138****5678, z***@163.com, 张****)',
      disclosed,
    ),
    section(
      `${prefix}risk`,
      'Risk dimensions over time',
      renderDimensions(`${prefix}dimensions`, dimensionPoints(d)) + reasonsTitle + reasons,
    ),
    section(`${prefix}actions`, 'Warnings and commands (follow-ups folded into the command they extend)', actions),
    section(`${prefix}participants`, 'Key participants', people),
    section(
      `${prefix}evidence`,
      'Evidence hashes',
      table(['record id', 'event time', 'reasons', 'evidence (event ids / PII fingerprints)'], evidenceRows(d)),
    ),
  ].join('\n');
}

export function renderIncidentPage(d: IncidentData, generatedFrom: string): string {
  return page(
    `doxguard incident ${d.incidentId}`,
    `report generated from ${generatedFrom}; ids are pseudonymous, PII values never shown`,
    incidentBody(d),
  );
}
