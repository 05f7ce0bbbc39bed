/**
 * Part (b) of bench/warning/REPORT.md, the online calibration of the interval (online-eval.ts): per held-out
 * data set and horizon, prequential coverage beside the fixed left-out interval's on the same forecasts, with
 * the calibrator's settings chosen on the other data sets (online-select.ts).
 */
import type { CrossSection } from './cross-report.js';
import { DATASETS, type DatasetName } from './datasets.js';
import { HORIZONS } from './forecast-models.js';
import type { Coverage, OnlineCell } from './online-eval.js';
import { merit } from './online-select.js';

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

function candidateTable(x: CrossSection): string {
  const rows = x.onlineCandidates.map((c) => {
    const m = merit(DATASETS.flatMap((d) => c.cells[d]));
    const chosen = DATASETS.filter((d) => x.onlineChoice[d] === c.name);
    return `| ${c.name}${c.name === x.onlineShipped ? ' (shipped)' : ''} | ${m.inside} | ${(100 * m.error).toFixed(2)} | ${onlineOutside(
      c.cells,
      'online',
    )
      .replace(/^.*outside at /, '')
      .replace(/^all .*/, '–')} | ${chosen.length ? chosen.join(', ') : '–'} |`;
  });
  return `| candidate | cells in 75–85% (of 18) | mean \\|coverage − 80\\|, points | outside | chosen when left out |
|---|---|---|---|---|
${rows.join('\n')}`;
}

/** Cells where most cascades are over by the horizon: what any interval containing the posts seen must cover. */
function finishedNote(x: CrossSection): string {
  const cells = DATASETS.flatMap((d) => HORIZONS.map((h, k) => [d, h, x.online[d][k]!] as const)).filter(
    ([, , v]) => v.done >= 0.5,
  );
  return cells
    .map(
      ([d, h, v]) =>
        `${d} at ${hours(h)}: ${pct(v.done)}% of ${v.fixed.cascades} already at their final size (${v.online.growingCount} still growing); online coverage ${pct(v.online.coverage)}%, of which the finished ones ${pct(1 - v.online.finishedMissed)}% and the growing ones ${pct(v.online.growing)}%`,
    )
    .join('; ');
}

/** What the wait for outcomes costs where the target is missed, and what the calibrator learns there. */
function waitNote(x: CrossSection): string {
  const cells = DATASETS.flatMap((d) => HORIZONS.map((h, k) => [d, h, k] as const)).filter(
    ([d, , k]) => !inRange(x.online[d][k]!.online.coverage),
  );
  const lines = cells.map(([d, h, k]) => {
    const v = x.online[d][k]!;
    return `${d} at ${hours(h)}: ${pct(v.online.coverage)}% reported; the narrowest interval the detector can emit (low and high at the posts seen, no growth) would cover ${pct(v.done)}%; the shipped settings with every outcome known as soon as its forecast is made (an oracle, not realisable) ${pct(x.onlineAtOnce[d][k]!.online.coverage)}%; outcomes the calibrator learns cut by its horizon ${pct(v.cut)}%, below the final size ${pct(v.short)}%`;
  });
  // where the outcomes the calibrator learns are most often below the final size: what taking them as final costs
  const [d, h, k] = DATASETS.flatMap((d) => HORIZONS.map((h, k) => [d, h, k] as const)).reduce((a, b) =>
    x.online[b[0]][b[2]]!.short > x.online[a[0]][a[2]]!.short ? b : a,
  );
  const v = x.online[d][k]!;
  const asFinal = x.onlineCandidates.find((c) => c.name === 'DtACI, minPoints 10')?.cells[d][k]?.online.coverage;
  const cut = `An outcome cut by the horizon (the incident still posting then), or by a pause taken for the end, is only a lower bound of the final size: a calibrator taking it as final covers the outcomes it learns and less of the final sizes. The learnt outcomes are most often below the final size at ${d} ${hours(h)}: ${pct(v.short)}% of them, ${pct(v.cut)}% of all cut by the horizon (the detector knows those are censored; a pause it cannot tell from an end when it learns it); with cut outcomes taken as final (\`censored: asFinal\`, DtACI \`minPoints\` 10: what shipped before) the cell is ${pct(asFinal ?? NaN)}%, reported ${pct(v.online.coverage)}%.`;
  return lines.length
    ? `${cut} Where the reported cells miss 75–85% — ${lines.join('; ')}. Where the narrowest interval covers less than 75%, the target is within reach of an interval that forecasts no growth that is not there; where the oracle reaches 75–85% and the calibrator does not, what it lacks is outcomes it cannot know yet (a burst of forecasts made before any of their outcomes are known).`
    : `${cut} Every reported cell is in 75–85%.`;
}

export function onlineMarkdown(x: CrossSection): string {
  const o = x.onlineOptions;
  const cov = (v: Coverage): string => `${pct(v.coverage)} | ${v.width.toFixed(2)}`;
  const rows = DATASETS.flatMap((d) =>
    HORIZONS.map((h, k) => {
      const v = x.online[d][k]!;
      const q = x.onlineQuiet[d][k]!.online;
      return `| ${d} | ${hours(h)} | ${v.fixed.cascades} | ${pct(v.done)} | ${cov(v.fixed)} | ${cov(v.online)} | ${pct(v.onlineLate.coverage)} | ${v.online.growingCount} | ${pct(v.fixed.growing)} | ${pct(v.online.growing)} | ${pct(v.online.finishedMissed)} | ${pct(q.coverage)} | ${pct(q.growing)} |`;
    }),
  );
  const re = x.online.rumoureval[2]!;
  return `### The 80% interval calibrated online (shipped: \`options.online\`)

The live detector calibrates the interval on the platform's own incidents as their outcomes become known
(detectors/cascade/forecast-online.ts): each forecast made at a knot age becomes a calibration point whose
outcome is the incident's size ${o.horizonSeconds / 86_400} days later or once no post came for
${o.settleSeconds / 3600} h (whichever is first), learnt when event time passes it; each knot's bounds are
shifted by a conformal quantile of the latest ${o.window} scores there (once it has \`minPoints\` of them), the
lower side aiming at half the misses and the upper side at the rest, at miss levels learnt online. The levels
are learnt by DtACI (Gibbs & Candès, "Conformal inference for online prediction with arbitrary distribution
shifts", JMLR 2024; detectors/cascade/forecast-aci.ts): one adaptive-conformal learner per step size
γ ∈ {${o.gammas.join(', ')}}, weighed by exponential weights (η ${o.eta}, mixing σ ${o.sigma}) on the pinball
loss of its level against β, the largest miss level at which the knot's quantile would still have covered the
outcome on the bounds as emitted (whole posts, never below the posts seen); the level in force is their weighted
mean. A large step follows a platform in its first outcomes and when it drifts, a small one holds the level once
it is right, and the weights go to whichever has covered as asked lately. These DtACI settings are the authors'
(their code, isgibbs/DtACI VolatilityPredictions.R), not fitted here.

**How the calibrator's settings were chosen, without the data set reported.** Candidates: the step rule (plain
ACI with γ 0.005 — what shipped before 1.5.0, here on the same β rule — or DtACI with the authors' settings) × the
outcomes a knot needs before it moves off the fitted interval (\`minPoints\` 30, 20 or 10) × what an outcome
teaches (as before; **early misses**, \`earlyMisses\`: censored early feedback — a forecast whose incident has
already outgrown its upper bound is a miss whatever its final size, and the both-sides learners whose level is
above the β that size allows take their miss step as soon as it is seen, the rest, the weights, the lower side
and the score waiting for the outcome; **β as emitted**, \`asEmitted\`: at the level in force when the forecast
was made, β agrees with what the emitted bound did, whatever the ring says when the outcome is learnt; both); and,
DtACI only, **censored Kaplan–Meier** (\`censored: kaplanMeier\`): an outcome cut by the horizon (the incident
still posting ${o.horizonSeconds / 86_400} days after the forecast: its final size is only known to be at least its size then) keeps its
scores as censored, and the ring's quantiles weigh them as the Kaplan–Meier estimate weighs censored times (each
hands its weight to the scores beyond it; detectors/cascade/forecast-censored.ts; the inverse-censoring weights of
conformalized survival analysis, Candès, Lei & Ren, JRSS-B 2023, are these), the levels learning on the size seen;
**imputed β** (\`kaplanMeierImputed\`): the both-sides level's β is also taken over the sizes the outcome may end
at (the ring's upper scores beyond it, at their Kaplan–Meier weights), the lower side judged on the size seen;
and, on top of DtACI, \`minPoints\` 10, censored Kaplan–Meier, **provisional outcomes** (\`provisionalSeconds\`
7200, \`provisionalShare\` 0.5 or 0.75): a forecast whose incident has had no post for 2 h and for half (three
quarters) of its age is learnt before its outcome is due, as a score censored at the size seen (its final size is at
least that: the Kaplan–Meier weights above take it as such), the levels' learners stepping on it at once; its
outcome settles it — the score replaced by the outcome's, each learner's step corrected to the outcome's (none where
they agree: a thread that ends at the size it was learnt at costs nothing), the weights stepping then; posts after
it leave its censored score (still a lower bound) and it is learnt again at the new size once quiet again. It gives
the calibrator feedback within a burst of incidents whose outcomes (a day of silence) all come after the burst.
Each candidate runs prequentially on every data set; a data set's cells below are reported with the candidate
that has the most cells in 75–85% on the **other five** data sets (ties: the lower mean |coverage − 80%| there,
then the earlier candidate in the table), so no figure is of a setting chosen on its own cells. Chosen the same
way on all six: **${x.onlineChosen}**; the default shipped: **${x.onlineShipped}**${
    x.onlineChosen === x.onlineShipped
      ? ''
      : ' (kept: see the note below the table on why the chosen one is not the default)'
  }. Held out is the choice among the candidates, not the list itself: DtACI and \`minPoints\` 10 and 20 were
first looked at on all six data sets (and β is judged on the bounds as emitted after the half-post scores had
over-covered there), and the early-miss rule was first tried in a form that judged the censored miss on the ring
alone (every learner at once, on the smallest outcome possible: it counted most early misses as covers and lost
coverage on five of six data sets, measured before this table, not kept); the censored rows were added after a
prototype looked at all six data sets: β imputed on both sides (the lower side too judged on the sizes a cut
outcome may end at) ran away on seismic_738, whose cut outcomes are in fact final (its data stop at about 7 days):
its levels climbed to 0.99 and it covered 64.7% at 1 h and 65.3% at 6 h (not kept; the lower side is now judged on
the size seen), and the form whose levels learn on the size seen was built after that; DtACI's own settings were
not tuned at all. The provisional rows were added after prototypes looked at all six data sets: provisional
after 1, 2 or 6 h of quiet alone (no share of the age) brought rumoureval 6 h to 79.2%, 76.7% and 78.4% but sank
seismic_738 (1 h: 42.2%, 62.7%, 80.0%; 6 h: 39.3%, 60.7%, 82.6%) and ma2016 24 h (71.1%, 70.8%, 71.4%): a pause of
hours in a cascade days old is no end, and its provisional cover narrowed the interval for the misses to come (not
kept); the share of the age was added after that, and looked at on all six with 1 h / 0.5, 2 h / 0.5 and 2 h / 0.75
(18 of 18 cells each) before the two rows here were fixed. What shipped before DtACI (ACI γ 0.005 on the misses of the bounds emitted, \`minPoints\` 30) held 16 of 18
cells (outside: rumoureval 24 h 89.9%, ma2016 24 h 71.7%; seismic_738's second half 72.1% at 6 h and 65.6% at 24 h).

${candidateTable(x)}

Each data set's cells below are of the candidate chosen without it (${DATASETS.map((d) => `${d}: ${x.onlineChoice[d]}`).join('; ')}).
In 75–85%: ${onlineOutside(x.online, 'online')}.${
    x.onlineChosen === x.onlineShipped
      ? ''
      : ` The default was not changed to ${x.onlineChosen}: a default ships only if it does better on the held-out cells than the one before, and these cells are compared with the shipped row of the table above (${merit(DATASETS.flatMap((d) => x.onlineCandidates.find((c) => c.name === x.onlineShipped)?.cells[d] ?? [])).inside} of 18 for the default as it stands).`
  }

Measured prequentially: each data set streamed in the order its cascades started (Twitter15 by tweet id time,
seismic_738 by its start time, the others by their first post), every forecast scored **before** its outcome
feeds the calibrator; the start is the left-out interval (fitted on the other five data sets, as the fixed one
beside it, on the same forecasts of the left-out correction). The outcome a point learns is what the detector
would see: the posts up to its due time, or the data set's final size once the cascade has no later post
(Weibo's final counts posts the data keep no time for). Width: median high ÷ low. "Second half": the online
interval on the later half of the stream alone, once it has learnt from the first. "Still growing": cascades
whose final size is above the posts seen at the horizon; "finished, missed": the share of the others the online
interval misses, i.e. whose lower bound it put above the posts seen (a forecast of growth that did not come).

| data set | observed | cascades | already at final size | fixed (left out): covers | fixed: width | online: covers | online: width | online, second half: covers | still growing | still growing: fixed covers | still growing: online covers | finished, online misses | quiet apart: covers | quiet apart, still growing: covers |
|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|
${rows.join('\n')}

**Where most cascades are already over.** ${finishedNote(x)}. An interval whose lower bound is the posts seen
(the only lower bound a quiet cascade's forecast gives: its forecast is those posts) covers every finished cascade,
so its coverage is at least the share already final — at RumourEval 24 h ${pct(re.done)}%, above 85% whatever
its upper bound. It can come lower only by putting its lower bound above the posts seen on cascades that turn out
to be over (forecasting growth that does not come: the "finished, missed" column), never by excluding a post
already seen (no bound here is ever below them). A calibration on all cascades cannot also be one on the growing
ones when they are a minority: those it mostly misses (the "still growing" columns). Where a platform grows unlike
the others (ma2016), the online interval widens to its growth within its first few hundred cascades, which the
fixed one never does. ${waitNote(x)}

"Quiet apart" is \`options.online.quietShare\` 0.5 on top of the shipped settings: a forecast of an incident
with no post in the later half of its age is calibrated apart from those of active incidents (Mondrian conformal
classes: a quiet cascade is mostly over, an active one still grows). It lifts the coverage of the cascades that
still grow where most are final, at the price of a few points of coverage overall where a data set is small (each
class learns from fewer outcomes). It is not the default: its threshold was chosen among 0.3, 0.5 and 0.7 on
these same data sets, so its figures are not held out in that respect.

`;
}
