import type { Admin, ITopicConfig } from 'kafkajs';
import { DoxguardError } from '../errors/index.js';
import type { Logger } from '../log/index.js';

export interface TopicSpec {
  readonly topic: string;
  readonly partitions: number;
  readonly replicationFactor: number;
  /** topic-level configs, e.g. cleanup.policy=compact */
  readonly configs?: Readonly<Record<string, string>>;
}

/**
 * Create the topics that do not exist yet (waiting for their leaders), and
 * warn about existing ones whose cleanup policy differs from the spec. A topic
 * created concurrently by another instance counts as existing.
 */
export async function ensureTopics(admin: Admin, specs: readonly TopicSpec[], logger: Logger): Promise<string[]> {
  const existing = new Set(await admin.listTopics());
  const missing = dedupe(specs).filter((s) => !existing.has(s.topic));
  if (missing.length > 0) {
    const topics: ITopicConfig[] = missing.map((s) => ({
      topic: s.topic,
      numPartitions: s.partitions,
      replicationFactor: s.replicationFactor,
      configEntries: Object.entries(s.configs ?? {}).map(([name, value]) => ({ name, value })),
    }));
    try {
      await createAndWait(admin, topics);
    } catch (cause) {
      if (!isAlreadyExists(cause))
        throw new DoxguardError(
          'DG_ERR_SINK_CONNECT',
          `cannot create topics ${missing.map((s) => s.topic).join(', ')}`,
          {
            context: { topics: missing.map((s) => s.topic) },
            cause,
          },
        );
    }
    logger.info({ topics: missing.map((s) => s.topic) }, 'created missing topics');
  }
  await warnOnPolicy(
    admin,
    specs.filter((s) => existing.has(s.topic) && s.configs?.['cleanup.policy']),
    logger,
  );
  return missing.map((s) => s.topic);
}

/**
 * Create topics, then wait until every partition has a leader. kafkajs's own
 * `waitForLeaders` gives up with UNKNOWN_TOPIC_OR_PARTITION on a broker that
 * has just started, so the wait polls the metadata here.
 */
export async function createAndWait(admin: Admin, topics: ITopicConfig[], timeoutMs = 30_000): Promise<void> {
  await admin.createTopics({ topics, waitForLeaders: false });
  const names = topics.map((t) => t.topic);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const { topics: meta } = await admin.fetchTopicMetadata({ topics: names });
      if (
        meta.length === names.length &&
        meta.every((t) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0))
      )
        return;
    } catch (e) {
      if (Date.now() > deadline) throw e;
    }
    if (Date.now() > deadline)
      throw new DoxguardError('DG_ERR_SINK_CONNECT', `topics have no leader after ${timeoutMs} ms`, {
        context: { topics: names },
      });
    await new Promise((r) => setTimeout(r, 200));
  }
}

function dedupe(specs: readonly TopicSpec[]): TopicSpec[] {
  const seen = new Map<string, TopicSpec>();
  for (const s of specs) if (!seen.has(s.topic)) seen.set(s.topic, s);
  return [...seen.values()];
}

function isAlreadyExists(e: unknown): boolean {
  const err = e as { type?: string; errors?: { type?: string }[] } | null;
  if (err?.type === 'TOPIC_ALREADY_EXISTS') return true;
  return Array.isArray(err?.errors) && err.errors.every((x) => x.type === 'TOPIC_ALREADY_EXISTS');
}

const TOPIC_RESOURCE = 2; // kafkajs ConfigResourceTypes.TOPIC

async function warnOnPolicy(admin: Admin, specs: readonly TopicSpec[], logger: Logger): Promise<void> {
  if (specs.length === 0) return;
  const { resources } = await admin.describeConfigs({
    resources: specs.map((s) => ({ type: TOPIC_RESOURCE, name: s.topic, configNames: ['cleanup.policy'] })),
    includeSynonyms: false,
  });
  for (const r of resources) {
    const want = specs.find((s) => s.topic === r.resourceName)?.configs?.['cleanup.policy'];
    const have = r.configEntries.find((c) => c.configName === 'cleanup.policy')?.configValue;
    if (want && have && !have.split(',').includes(want))
      logger.warn({ topic: r.resourceName, want, have }, 'existing topic has another cleanup.policy');
  }
}
