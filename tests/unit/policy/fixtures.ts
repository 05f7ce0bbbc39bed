import { PropagationGraph } from '../../../src/graph/index.js';
import { Incident } from '../../../src/incident/index.js';
import { decide, PolicyGuard, PolicyOptionsSchema, type PolicyOptions } from '../../../src/policy/index.js';
import type { RiskAssessment } from '../../../src/risk/index.js';
import type { AlertLevel, Dimension } from '../../../src/contract/index.js';

export const T0 = Date.UTC(2026, 0, 5, 8);
export const MIN = 60_000;

/** An incident with `n` posts on each platform, in a graph of its own. */
export function incidentWith(id = 'inc_a', platforms: readonly string[] = ['weibo', 'douyin'], n = 3) {
  const graph = new PropagationGraph();
  const incident = new Incident(id, T0);
  for (const platform of platforms)
    for (let i = 0; i < n; i++) {
      const key = `${platform}:p${i}`;
      graph.ensurePlaceholder(key, platform, `p${i}`, T0 + i, incident);
      graph.upsertPost(
        key,
        { authorId: `a${i}`, kind: i === 0 ? 'post' : 'repost', time: T0 + i, followers: 10 },
        i === 0 ? null : `${platform}:p0`,
      );
      incident.members.push(key);
      incident.addPlatform(platform);
      incident.size++;
    }
  incident.addRoot(`${platforms[0]}:p0`);
  return { graph, incident };
}

export function assessment(dims: Partial<Record<Dimension, number>> = {}, score = 0.5): RiskAssessment {
  return {
    score,
    dimensions: { sensitivity: 0, spread: 0, mobilisation: 0, malice: 0, publicInterest: 0, ...dims },
    reasons: [
      {
        detector: 'cascade/velocity',
        code: 'CASCADE_VELOCITY',
        dimension: 'spread',
        score,
        message: 'm',
        evidence: ['e1'],
      },
    ],
  };
}

export function options(over: Record<string, unknown> = {}): PolicyOptions {
  return PolicyOptionsSchema.parse(over);
}

/** A decision helper bound to one incident, graph, guard and options. */
export function decider(opts: PolicyOptions = options(), id?: string, platforms?: readonly string[]) {
  const { graph, incident } = incidentWith(id, platforms);
  const guard = new PolicyGuard();
  const at = (time: number, level: AlertLevel | null, dims: Partial<Record<Dimension, number>> = {}) =>
    decide({
      incident,
      graph,
      assessment: assessment(dims),
      level,
      time,
      stepMs: MIN,
      maxPostIds: 50,
      options: opts,
      guard,
    });
  return { graph, incident, guard, at, opts };
}
