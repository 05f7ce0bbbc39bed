import { z } from 'zod';
import { detectorDefaults, PiiOptionsSchema } from '../../detectors/index.js';
import { PolicyOptionsSchema } from '../policy/index.js';
import { PlatformSchema, AlertLevelSchema, INPUT_FORMATS } from '../contract/index.js';
import { DEFAULT_METRIC_PLATFORMS, MAX_PLATFORM_LABELS } from '../metrics/index.js';

/**
 * The configuration, schema first: these zod schemas are the source of the
 * Config type. Every field has a default, so `{}` is a valid config; each is
 * documented in config/default.yaml (tests keep the two in step).
 */

const ms = z.number().int().nonnegative();
const filePath = z.string().min(1);

export const KafkaConfigSchema = z
  .object({
    brokers: z.array(z.string().min(1)).min(1).default(['127.0.0.1:9092']),
    clientId: z.string().default('doxguard'),
    groupId: z.string().default('doxguard'),
    inputTopics: z.array(z.string().min(1)).min(1).default(['doxguard.events']),
    feedbackTopic: z.string().default('doxguard.feedback'),
    fromBeginning: z.boolean().default(true),
    topics: z
      .object({
        alerts: z.string().default('doxguard.alerts'),
        interventions: z.string().default('doxguard.interventions'),
        incidents: z.string().default('doxguard.incidents'),
        dlq: z.string().default('doxguard.dlq'),
      })
      .prefault({}),
    createTopics: z
      .object({
        enabled: z.boolean().default(true),
        partitions: z.number().int().positive().default(3),
        replicationFactor: z.number().int().positive().default(1),
      })
      .prefault({}),
    tls: z
      .object({
        enabled: z.boolean().default(false),
        /** PEM CA bundle trusted for the brokers' certificates instead of the system CAs */
        caFile: filePath.nullable().default(null),
        /** client certificate and key (PEM) for brokers that require mutual TLS: both or neither */
        certFile: filePath.nullable().default(null),
        keyFile: filePath.nullable().default(null),
        /** turns certificate verification off: refused in production mode, warned about at every start */
        insecureSkipVerify: z.boolean().default(false),
      })
      .prefault({})
      .refine((t) => (t.certFile === null) === (t.keyFile === null), {
        message: 'certFile and keyFile go together (mutual TLS)',
      }),
    sasl: z
      .object({
        mechanism: z.enum(['plain', 'scram-sha-256', 'scram-sha-512']),
        username: z.string().min(1),
        /** prefer passwordFile (a mounted secret); the password read from it lands here at load */
        password: z.string().min(1).nullable().default(null),
        passwordFile: filePath.nullable().default(null),
      })
      .refine((s) => s.password !== null || s.passwordFile !== null, {
        message: 'needs password or passwordFile',
      })
      .nullable()
      .default(null),
    sessionTimeoutMs: ms.default(30000),
    heartbeatIntervalMs: ms.default(3000),
    maxBatchRecords: z.number().int().positive().default(5000),
    /**
     * a fetch is answered once this many bytes are there or fetchMaxWaitMs passed (kafkajs minBytes /
     * maxWaitTimeInMs; its defaults 1 B / 5000 ms turned a live stream into fetches of a few records each)
     */
    fetchMinBytes: z.number().int().positive().default(65536),
    /** also bounds how long an offset commit waits behind a fetch the broker holds (same connection) */
    fetchMaxWaitMs: z.number().int().positive().max(60000).default(30),
    /** input partitions whose batches are in hand at once (at least pipeline.workers): while one waits for its outputs' acks and commit, the next is processed */
    concurrentPartitions: z.number().int().positive().default(8),
    /**
     * outputs encoded and sent on a thread of their own (src/sink/kafka/threaded-sink.ts): kafkajs spends ~50 µs
     * of the pipeline thread's CPU per output of ~3 KB, ~4 µs with this, for ~25 MB more RSS; off by default,
     * since on 2 cores shared with a broker no gain was measured (bench/core/REPORT.md)
     */
    producerThread: z.boolean().default(false),
    shutdownDeadlineMs: ms.default(15000),
    /** record-time look-back re-read (without emitting) to rebuild state for a newly owned partition; null: time.incidentIdleTtlMs + time.outOfOrdernessMs, 0: off */
    restoreLookbackMs: ms.nullable().default(null),
    /** cross-partition incident join through a compacted topic every instance reads (src/pipeline/link-exchange.ts) */
    links: z
      .object({
        enabled: z.boolean().default(false),
        topic: z.string().min(1).default('doxguard.links'),
        /** a claim is placed once the local watermark passes its event time plus this */
        joinDelayMs: ms.default(10000),
      })
      .prefault({}),
  })
  .prefault({});

export const ConfigSchema = z
  .object({
    mode: z.enum(['development', 'production']).default('development'),
    fingerprintSecret: z.string().min(16).nullable().default(null),
    /** a file holding the fingerprint secret (a mounted Kubernetes secret); read at load into fingerprintSecret */
    fingerprintSecretFile: z.string().min(1).nullable().default(null),
    source: z
      .object({
        kind: z.enum(['file', 'stdin', 'kafka', 'websocket', 'sse']).default('file'),
        files: z.array(z.string()).default([]),
        batchSize: z.number().int().positive().default(1000),
        /**
         * the input's language: schema 1, or a platform's own messages mapped onto it (src/formats); a list
         * for a source carrying several (each message goes to the first format whose envelope it has)
         */
        format: z
          .union([z.enum(INPUT_FORMATS), z.array(z.enum(INPUT_FORMATS)).min(1)])
          .default('doxguard')
          .refine((f) => typeof f === 'string' || new Set(f).size === f.length, { message: 'a format listed twice' }),
        /** platform name stamped on mapped events; null: the format's own (bluesky, mastodon, x, reddit, weibo) */
        platform: PlatformSchema.nullable().default(null),
        /** account ids of officials and public figures on this source: mentions of them carry publicFigure */
        publicFigures: z.array(z.string().min(1)).default([]),
        /** websocket / sse: the stream's URL (Jetstream's /subscribe, Mastodon's /api/v1/streaming…) */
        url: z.string().nullable().default(null),
        /** websocket / sse: reconnect with exponential backoff between these bounds (plus jitter) */
        reconnect: z
          .object({
            initialMs: z.number().int().positive().default(1000),
            maxMs: z.number().int().positive().default(60_000),
          })
          .prefault({}),
        /** jetstream over websocket: resume from this time_us (unix microseconds); null: live from now */
        cursor: z.number().int().nonnegative().nullable().default(null),
        /** websocket / sse: a live batch is handed over at batchSize records or after this long */
        flushMs: z.number().int().positive().default(200),
      })
      .refine((s) => typeof s.format === 'string' || s.format.length === 1 || s.platform === null, {
        message: 'platform renames one format; a source of several formats keeps each format’s own',
        path: ['platform'],
      })
      .prefault({}),
    output: z
      .object({
        kind: z.enum(['files', 'stdout', 'kafka']).default('files'),
        dir: z.string().default('out'),
        maxPostIds: z.number().int().positive().default(50),
        incidentMinLevel: AlertLevelSchema.default('watch'),
        incidentSnapshotEveryMs: ms.default(300_000),
      })
      .prefault({}),
    kafka: KafkaConfigSchema,
    time: z
      .object({
        outOfOrdernessMs: ms.default(10_000),
        incidentIdleTtlMs: ms.default(6 * 3600_000),
        tickEveryMs: z.number().int().positive().default(60_000),
        stepMs: z.number().int().positive().default(60_000),
      })
      .prefault({}),
    /** threads and partitions of one process (README "Worker threads") */
    pipeline: z
      .object({
        /** worker threads, one pipeline per input partition on each; 1: all in the main thread; auto: one per core */
        workers: z.union([z.number().int().positive().max(256), z.literal('auto')]).default(1),
        /**
         * file, stdin and live-stream input: partitions to split it into as a Kafka producer keying by cascade root
         * would (murmur2); null: 1 with one worker (the whole input judged as one), else 4 per worker
         */
        partitions: z.number().int().positive().max(4096).nullable().default(null),
      })
      .prefault({}),
    limits: z
      .object({
        maxLiveNodes: z.number().int().positive().default(1_000_000),
        maxLiveIncidents: z.number().int().positive().default(200_000),
        dedupeCapacity: z.number().int().positive().default(1_000_000),
        /** steps after its latest event at which a cold incident's detector states are packed; null: never */
        packColdStatesAfter: z.number().int().nonnegative().nullable().default(null),
        /** V8's --heap-growing-percent for the whole process (src/app/heap.ts); null: V8's own growth */
        heapGrowingPercent: z.number().int().min(10).max(300).nullable().default(null),
      })
      .prefault({}),
    graph: z
      .object({
        linkPatterns: z
          .array(
            z.object({
              platform: z.string(),
              pattern: z.string(),
              /** the post id built from the pattern's named groups (`$<name>`); absent: the `id` group */
              id: z.string().optional(),
            }),
          )
          .default([
            {
              platform: 'weibo',
              pattern: '^https?://(?:www\\.|m\\.)?weibo\\.(?:com|cn)/(?:\\d+/|status/|detail/)(?<id>[A-Za-z0-9]+)',
            },
            { platform: 'douyin', pattern: '^https?://(?:www\\.)?douyin\\.com/video/(?<id>\\d+)' },
            { platform: 'x', pattern: '^https?://(?:www\\.)?(?:x|twitter)\\.com/[^/]+/status/(?<id>\\d+)' },
            {
              platform: 'reddit',
              pattern: '^https?://(?:www\\.|old\\.)?reddit\\.com/r/[^/]+/comments/(?<id>[a-z0-9]+)',
            },
            { platform: 'bilibili', pattern: '^https?://(?:www\\.)?bilibili\\.com/video/(?<id>[A-Za-z0-9]+)' },
            { platform: 'zhihu', pattern: '^https?://(?:www\\.)?zhihu\\.com/question/\\d+/answer/(?<id>\\d+)' },
            { platform: 'tieba', pattern: '^https?://tieba\\.baidu\\.com/p/(?<id>\\d+)' },
            {
              platform: 'xiaohongshu',
              pattern: '^https?://(?:www\\.)?xiaohongshu\\.com/(?:explore|discovery/item)/(?<id>[a-f0-9]+)',
            },
          ]),
        linkByMediaHash: z.boolean().default(true),
        linkByFingerprint: z.boolean().default(true),
        /** a media hash or fingerprint seen in more posts than this is too common to link on */
        maxPostsPerLinkKey: z.number().int().positive().default(10_000),
      })
      .prefault({}),
    detectors: z
      .record(
        z.string(),
        z.object({ enabled: z.boolean().default(true), options: z.record(z.string(), z.unknown()).default({}) }),
      )
      // every registered detector, with the options it ships (detectors/registry.ts)
      .default(() => detectorDefaults()),
    risk: z
      .object({
        /**
         * how much each dimension counts in the combined score (normalised by their sum); fitted on the tune split
         * of bench/realistic (`npx tsx bench/realistic/fit.ts`, bench/realistic/fit.json)
         */
        weights: z
          .object({
            sensitivity: z.number().min(0).default(0.63),
            spread: z.number().min(0).default(0),
            mobilisation: z.number().min(0).default(0.37),
            malice: z.number().min(0).default(0),
            publicInterest: z.number().min(0).default(0),
          })
          .prefault({}),
        /** warning and critical fitted with the weights; watch is for monitoring */
        levels: z
          .object({
            watch: z.number().min(0).max(1).default(0.25),
            warning: z.number().min(0).max(1).default(0.58),
            critical: z.number().min(0).max(1).default(0.78),
          })
          .prefault({}),
        /**
         * spread amplifies harm: added (on the weights' scale) as amplifier.sensitivity × sensitivity × spread +
         * amplifier.mobilisation × mobilisation × spread, only to a score already at levels.warning; fitted with the
         * weights (bench/realistic/fit.ts)
         */
        amplifier: z
          .object({
            sensitivity: z.number().min(0).default(0),
            mobilisation: z.number().min(0).default(0),
          })
          .prefault({}),
        /** spread from which a cascade is watched on spread alone (never more than watch); above 1: never */
        spreadWatch: z.number().min(0).max(2).default(0.7),
        hysteresis: z.number().min(0).max(0.5).default(0.05),
        /** below this on every harm dimension (sensitivity, mobilisation, malice), spread alone is capped */
        harmFloor: z.number().min(0).max(1).default(0.2),
        /** the combined score cap for spread without harm (below warning: watch at most) */
        spreadOnlyCap: z.number().min(0).max(1).default(0.4),
        /** share of sensitivity removed when the contact details are a business's own (language/business-contact); 0 turns it off */
        businessDiscount: z.number().min(0).max(1).default(0.6),
        /** spread amplifies harm, never stands in for it (src/risk/gates.ts) */
        gates: z
          .object({
            enabled: z.boolean().default(true),
            /** score cap without an identifying disclosure about a private person or a call to find one (below warning) */
            noTargetCap: z.number().min(0).max(1).default(0.4),
            /** score cap without two identifying categories, or one with mobilisation (below critical) */
            noDossierCap: z.number().min(0).max(1).default(0.65),
          })
          .prefault({}),
      })
      .prefault({}),
    policy: PolicyOptionsSchema.prefault({}),
    pii: PiiOptionsSchema,
    evidence: z
      .object({
        enabled: z.boolean().default(true),
        path: z.string().nullable().default(null),
      })
      .prefault({}),
    metrics: z
      .object({
        enabled: z.boolean().default(false),
        host: z.string().default('127.0.0.1'),
        port: z.number().int().min(0).max(65535).default(9464),
        /** platforms labelled by name in metrics; any other platform is counted as `other` (bounded labels) */
        platforms: z
          .array(PlatformSchema)
          .max(MAX_PLATFORM_LABELS)
          .default([...DEFAULT_METRIC_PLATFORMS]),
        /** time within which a notice must be acted on; exported for the DoxguardNoticeNotHandled alert */
        noticeDeadlineSeconds: z.number().int().positive().default(3600),
        /**
         * the per-detector step time (doxguard_detector_duration_seconds) is measured on one event in this many;
         * 1: every event (a histogram observation per detector per event cost ~13% of the CPU)
         */
        detectorTimingEvery: z.number().int().positive().max(1_000_000).default(16),
      })
      .prefault({}),
    log: z
      .object({
        level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
      })
      .prefault({}),
  })
  .superRefine((c, ctx) => {
    // what a security reviewer refuses on a production bus, whatever the file says
    if (c.mode !== 'production') return;
    if (c.kafka.tls.insecureSkipVerify)
      ctx.addIssue({
        code: 'custom',
        path: ['kafka', 'tls', 'insecureSkipVerify'],
        message: 'certificate verification cannot be turned off in production mode',
      });
    if (c.kafka.sasl?.mechanism === 'plain' && !c.kafka.tls.enabled)
      ctx.addIssue({
        code: 'custom',
        path: ['kafka', 'sasl', 'mechanism'],
        message: 'SASL PLAIN sends the password in clear: production mode needs kafka.tls.enabled with it',
      });
  });

export type Config = z.infer<typeof ConfigSchema>;
export type KafkaConfig = z.infer<typeof KafkaConfigSchema>;
