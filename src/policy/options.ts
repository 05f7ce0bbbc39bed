import { z } from 'zod';

const seconds = z.number().int().nonnegative();
const ratio = z.number().min(0).max(1);

/** Per-rule switches: `rollout` is the share of incidents (by hash of incident id) the rule acts on; 0 turns it off. */
export const RuleOptionsSchema = z.object({ rollout: ratio.default(1) });

const level = z.enum(['watch', 'warning', 'critical']);
const ladder = (protect: string, warn: string, verify: string) =>
  z
    .object({
      /** the incident level from which each account-level action is taken */
      protect_target: level.default(protect as 'watch'),
      warn_account: level.default(warn as 'watch'),
      verify_account: level.default(verify as 'watch'),
    })
    .prefault({});
const actionSwitches = z.object({
  protect_target: z.boolean().default(true),
  warn_account: z.boolean().default(true),
  verify_account: z.boolean().default(true),
});

export const AccountPolicySchema = z.object({
  enabled: z.boolean().default(true),
  ladder: ladder('warning', 'warning', 'critical'),
  /** a target recognised as a minor (school, class, age): a stricter ladder and longer protection */
  minors: z
    .object({
      ladder: ladder('watch', 'watch', 'warning'),
      /** protect_target stays in force this many times its usual TTL */
      protectTtlFactor: z.number().int().positive().default(4),
    })
    .prefault({}),
  /** per platform, which account-level actions it takes (absent: all of them) */
  platforms: z.record(z.string(), actionSwitches.partial()).default({}),
  /**
   * verify_account: distinct accounts posting the same words of their own (at least minTextLength letters or
   * digits; a bare reshare or one repeating what it reshares has none) within coordinatedWindowSeconds of
   * each other count as coordinated (bench/realistic/coordination.ts measures it on real cascades)
   */
  coordinatedMinAccounts: z.number().int().min(2).default(5),
  coordinatedWindowSeconds: z.number().int().positive().default(600),
  /**
   * verify_account also for a fresh account driving the incident: created at most this many days before its
   * first post in it (authorCreatedAt, from platforms that report account age), and disclosing about the
   * target or calling to find or harass them. 0 turns the fresh-account rule off.
   */
  freshAccountDays: z.number().min(0).default(7),
  minTextLength: z.number().int().positive().default(12),
  /** most accounts commanded per incident and action (the most active first; one in force keeps its place while it qualifies) */
  maxPerIncident: z.number().int().positive().default(100),
});
export type AccountPolicy = z.infer<typeof AccountPolicySchema>;

/** Policy configuration (config `policy`): how risk levels become commands. */
export const PolicyOptionsSchema = z
  .object({
    shadow: z.boolean().default(false),
    ttlSeconds: z
      .object({
        popup_warning: z
          .number()
          .int()
          .positive()
          .default(6 * 3600),
        throttle: z
          .number()
          .int()
          .positive()
          .default(6 * 3600),
        review_takedown: z
          .number()
          .int()
          .positive()
          .default(24 * 3600),
        protect_target: z
          .number()
          .int()
          .positive()
          .default(7 * 24 * 3600),
        warn_account: z
          .number()
          .int()
          .positive()
          .default(24 * 3600),
        verify_account: z
          .number()
          .int()
          .positive()
          .default(24 * 3600),
      })
      .prefault({}),
    /** account-level commands: protection for the target, warnings and re-verification for the accounts driving it */
    accounts: AccountPolicySchema.prefault({}),
    throttle: z
      .object({
        /** reshares allowed per minute per post while throttled */
        reshareRatePerMinute: z.number().int().nonnegative().default(5),
        /** drop the posts from recommendation/trending surfaces */
        excludeFromRecommendation: z.boolean().default(true),
      })
      .prefault({}),
    /** public-interest score at which an incident goes to human review instead of throttling */
    publicInterestReview: z.number().min(0).max(1).default(0.5),
    /** most post ids named per platform in one command's targets */
    maxTargetsPerPlatform: z.number().int().positive().default(1000),
    /** a command stays in force at least this long before it may be lifted (no flapping) */
    minHoldSeconds: seconds.default(30 * 60),
    /** after a lift, the same rule is not re-issued on the incident for this long (unless the level rises) */
    cooldownSeconds: seconds.default(60 * 60),
    /** after a false-positive verdict, no automatic command on the incident for this long (unless the level rises) */
    falsePositiveSuppressSeconds: seconds.default(24 * 3600),
    /**
     * a rule in force follows the incident: posts and platforms that join it get a follow-up command naming
     * them. 0: in the same evaluation; otherwise at most one follow-up per rule in this many seconds (event
     * time; the posts wait for the next evaluation past it), trading latency for fewer commands
     */
    followEverySeconds: z
      .object({
        popup_warning: seconds.default(0),
        throttle: seconds.default(0),
        review_takedown: seconds.default(0),
      })
      .prefault({}),
    /** an incident critical this long without a break goes to human review by itself (`ladder/critical-review`) */
    reviewCriticalAfterSeconds: seconds.default(30 * 60),
    /** a command in force is re-issued (a new id) when this close to its expiry and still wanted */
    renewBeforeSeconds: seconds.default(10 * 60),
    /** per platform, most commands of each action in any hour of event time; past it throttles go to review and an alert fires */
    quotaPerHour: z
      .object({
        popup_warning: z.number().int().nonnegative().default(1000),
        throttle: z.number().int().nonnegative().default(50),
      })
      .prefault({}),
    /** share of eligible incidents (by hash of incident id) held back at `watch`, to measure the effect of interventions */
    holdbackShare: ratio.default(0),
    /** per-rule rollout ratio (and kill switch), by rule name, e.g. `ladder/critical-throttle: {rollout: 0.1}` */
    rules: z.record(z.string(), RuleOptionsSchema).default({}),
  })
  .loose();
export type PolicyOptions = z.infer<typeof PolicyOptionsSchema>;
