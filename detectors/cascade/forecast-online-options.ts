import { z } from 'zod';

/** The options of the online calibration of the interval (forecast-online.ts): zod-validated, config/default.yaml. */
/** one class by default: the threshold 0.5 measured beside it was chosen on the report's data (REPORT.md) */
const QUIET_SHARE = 1;

export const OnlineCalibration = z
  .object({
    enabled: z.boolean().default(true),
    /** the interval's nominal coverage (each side misses half the rest) */
    coverage: z.number().gt(0).lt(1).default(0.8),
    /** scores kept per platform and knot age: the latest `window` outcomes */
    window: z.number().int().min(10).max(5000).default(200),
    /** outcomes a knot needs before its interval moves off the fitted one */
    minPoints: z.number().int().min(1).max(5000).default(10),
    /**
     * ACI steps: how fast each side's miss level may follow its misses; one learner per step, weighed by how
     * well each has covered lately (DtACI, forecast-aci.ts). Defaults: the authors' grid. One step is plain
     * ACI (what shipped before: [0.005]); [0] a plain rolling conformal quantile
     */
    gammas: z
      .array(z.number().min(0).max(0.5))
      .min(1)
      .max(32)
      .default([0.001, 0.002, 0.004, 0.008, 0.016, 0.032, 0.064, 0.128]),
    /** DtACI: learning rate of the learners' weights (exponential weights on their pinball loss) */
    eta: z.number().min(0).max(1000).default(2.8),
    /** DtACI: share of the weight spread evenly at each outcome, so a learner out of favour can come back */
    sigma: z.number().min(0).max(1).default(0.002),
    /** a forecast's outcome is the size this long after it was made (s) … */
    horizonSeconds: z
      .number()
      .positive()
      .default(7 * 86_400),
    /** … or once the incident had no post for this long (s), whichever comes first */
    settleSeconds: z.number().positive().default(86_400),
    /** incidents awaiting an outcome; beyond, the oldest are dropped */
    maxPending: z.number().int().min(1).default(20_000),
    /**
     * a forecast of an incident silent for at least this share of its age (no post since) is calibrated
     * apart from those of active ones (Mondrian classes): a quiet cascade is mostly over, an active one
     * still grows, and one interval for both covers the first and misses the second; 1: one class
     */
    quietShare: z.number().gt(0).max(1).default(QUIET_SHARE),
    /**
     * censored early feedback: a forecast whose incident has already outgrown its upper bound is a miss whatever
     * its final size; its both-sides level learns that miss as soon as a scan sees it (days before its outcome is
     * due), its score and its lower side's level still wait for the outcome. Covers and lower misses wait as before
     */
    earlyMisses: z.boolean().default(false),
    /**
     * β judged consistently with the bounds as emitted: at the level in force when a forecast was made, a miss
     * (or a cover) is what the emitted bound did, whatever the ring says by the time the outcome is learnt
     */
    asEmitted: z.boolean().default(false),
    /**
     * an outcome cut by `horizonSeconds` (the incident still posting then) is only a lower bound of the final size:
     * 'asFinal' takes it as the final size; 'kaplanMeier' keeps its scores as censored — the ring's quantiles weigh
     * them as Kaplan–Meier weighs censored times (a censored score's weight goes to the scores beyond it:
     * forecast-censored.ts) — while the miss levels learn on the size seen; 'kaplanMeierImputed' also takes the
     * both-sides level's β over the sizes it may end at (the ring's upper scores beyond it, at their Kaplan–Meier
     * weights; the lower side is judged on the size seen). Default 'kaplanMeier': chosen leaving each data set out
     * (bench/warning/REPORT.md part (b)); 'asFinal' is what shipped before detector 1.7.0
     */
    censored: z.enum(['asFinal', 'kaplanMeier', 'kaplanMeierImputed']).default('kaplanMeier'),
    /**
     * provisional outcomes (0: none): a point whose incident has had no post for this long (s) before its outcome is
     * due is learnt provisionally — its score kept as censored at the size seen (its final size is at least that),
     * the levels' learners stepping on it at once — and settled when its outcome comes: the score replaced by the
     * outcome's, each learner's step corrected to the outcome's (nothing where they agree: a correct provisional
     * costs nothing), the weights stepping then. Posts after it: learnt again at the new size once quiet again
     * (its censored score stays meanwhile: still a lower bound). Feedback within a burst of incidents whose
     * outcomes (`settleSeconds` of silence) all come after it. Default 2 h and three quarters of its age: chosen
     * leaving each data set out (bench/warning/REPORT.md part (b)); 0 is what shipped before detector 1.8.0
     */
    provisionalSeconds: z.number().min(0).default(7200),
    /**
     * … and once its silence is at least this share of its incident's age then (0: the seconds alone): a pause of
     * two hours says a thread of three is over, not a cascade of three days
     */
    provisionalShare: z.number().min(0).max(0.95).default(0.75),
    /** platforms calibrated; a platform beyond keeps the fitted interval */
    maxPlatforms: z.number().int().min(1).default(64),
  })
  .strict();
export type OnlineCalibration = z.infer<typeof OnlineCalibration>;
