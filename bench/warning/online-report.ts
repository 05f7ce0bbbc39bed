/**
 * Part (b) of bench/warning/REPORT.md, the online calibration of the interval (online-eval.ts): per held-out
 * data set and horizon, prequential coverage beside the fixed left-out interval's on the same forecasts.
 */
import type { OnlineCalibration } from '../../detectors/cascade/forecast-online.js';
import { DATASETS, type DatasetName } from './datasets.js';
import { HORIZONS } from './forecast-models.js';
import type { Coverage, OnlineCell } from './online-eval.js';

const pct = (x: number): string => (Number.isNaN(x) ? '–' : `${(100 * x).toFixed(1)}`);
const hours = (s: number): string => `${s / 3600} h`;
const inRange = (c: number): boolean => c >= 0.75 && c <= 0.85;

/** "N of 18 cells; outside at …" for one interval. */
export function onlineOutside(online: Record<DatasetName, OnlineCell[]>, side: 'fixed' | 'online'): string {
  const bad = DATASETS.flatMap((d) =>
    HORIZONS.map((h, k) => [d, h, online[d][k]![side].coverage] as const).filter(([, , c]) => !inRange(c)),
  );
  const cells = DATASETS.length * HORIZONS.length;
  return bad.length
    ? `${cells - bad.length} of ${cells} cells; outside at ${bad.map(([d, h, c]) => `${d} ${hours(h)} (${pct(c)}%)`).join(', ')}`
    : `all ${cells} cells`;
}

export function onlineMarkdown(
  online: Record<DatasetName, OnlineCell[]>,
  quiet: Record<DatasetName, OnlineCell[]>,
  o: OnlineCalibration,
): string {
  const cov = (v: Coverage): string => `${pct(v.coverage)} | ${v.width.toFixed(2)}`;
  const rows = DATASETS.flatMap((d) =>
    HORIZONS.map((h, k) => {
      const v = online[d][k]!;
      const q = quiet[d][k]!.online;
      return `| ${d} | ${hours(h)} | ${v.fixed.cascades} | ${pct(v.done)} | ${cov(v.fixed)} | ${cov(v.online)} | ${pct(v.onlineLate.coverage)} | ${v.online.growingCount} | ${pct(v.fixed.growing)} | ${pct(v.online.growing)} | ${pct(q.coverage)} | ${pct(q.growing)} |`;
    }),
  );
  return `### The 80% interval calibrated online (shipped: \`options.online\`)

The live detector calibrates the interval on the platform's own incidents as their outcomes become known
(detectors/cascade/forecast-online.ts): each forecast made at a knot age becomes a calibration point whose
outcome is the incident's size ${o.horizonSeconds / 86_400} days later or once no post came for
${o.settleSeconds / 3600} h (whichever is first), learnt when event time passes it; each knot's bounds are
shifted by a conformal quantile of the latest ${o.window} scores there (after ${o.minPoints}), the lower side
aiming at half the misses and the upper side at the rest, at levels adapted to the misses (ACI, γ = ${o.gamma}).
Measured prequentially: each data set streamed in the order its cascades started (Twitter15 by tweet id time,
seismic_738 by its start time, the others by their first post), every forecast scored **before** its outcome
feeds the calibrator; the start is the left-out interval (fitted on the other five data sets, as the fixed one
beside it, on the same forecasts of the left-out correction). The calibrator's settings are its defaults, set
before this measurement and not tuned on it. The outcome a point learns is what the detector would see: the
posts up to its due time, or the data set's final size once the cascade has no later post (Weibo's final
counts posts the data keep no time for). Width: median high ÷ low. "Second half": the online interval on the
later half of the stream alone, once it has learnt from the first. "Still growing": cascades whose final size
is above the posts seen at the horizon.

| data set | observed | cascades | already at final size | fixed (left out): covers | fixed: width | online: covers | online: width | online, second half: covers | still growing | still growing: fixed covers | still growing: online covers | quiet apart: covers | quiet apart, still growing: covers |
|---|---|---|---|---|---|---|---|---|---|---|---|---|---|
${rows.join('\n')}

Where most cascades are already at their final size (the "already at final size" column: r/ireland at
24 h, RumourEval at 6 h and 24 h), the forecast of a quiet cascade is its posts seen, and an interval that
contains them covers every finished one: coverage cannot fall to 80% unless the interval excludes what was
already seen. The online interval narrows there (width near 1, where the fixed one is several times wider)
and its overall coverage comes down to the share already final or a little above; the price is the few
cascades that still grow, which it mostly misses (the last column): a calibration on all cascades cannot also
be one on the growing ones when they are a minority. Where a platform grows unlike the others (ma2016), the
online interval widens to its growth within its first few hundred cascades, which the fixed one never does.

"Quiet apart" is \`options.online.quietShare\` 0.5: a forecast of an incident with no post in the later half
of its age is calibrated apart from those of active incidents (Mondrian conformal classes: a quiet cascade is
mostly over, an active one still grows). It lifts the coverage of the cascades that still grow where most
are final, at the price of a few points of coverage overall where a data set is small (each class learns
from fewer outcomes). It is not the default: its threshold was chosen among 0.3, 0.5 and 0.7 on these same
data sets (the one-class default was set before measuring), so its figures are not held out in that respect.

`;
}
