import type { Action } from '../contract/index.js';
import { CommandIndex, type IndexedCommand } from './command-index.js';

const HOUR_MS = 3600_000;

export type { IndexedCommand };

/** Outcomes of reviewed commands, per rule: precision = confirmed / (confirmed + falsePositive). */
export interface RuleStats {
  issued: number;
  confirmed: number;
  falsePositive: number;
  publicInterest: number;
}

/**
 * doxguard's guard on its own power, shared by every incident of one
 * pipeline: per platform and action, the event times of recent commands (a
 * sliding hour, bounded by the quota), the outcome counts of each rule, and
 * which incident each recent command belongs to (for verdicts that name a
 * command). Event time only; bounded memory.
 */
export class PolicyGuard {
  private readonly recent = new Map<string, number[]>();
  private readonly stats = new Map<string, RuleStats>();
  private readonly commandIndex: CommandIndex;
  /** platforms whose quota tripped, with the hour it tripped in (one alert per platform, action and hour) */
  private readonly tripped = new Map<string, number>();

  constructor(maxIndexed = 100_000) {
    this.commandIndex = new CommandIndex(maxIndexed);
  }

  /** Commands of `action` on `platform` within the hour before `time`. */
  used(platform: string, action: Action, time: number): number {
    const list = this.recent.get(`${platform}\u0000${action}`);
    if (!list) return 0;
    while (list.length > 0 && list[0]! <= time - HOUR_MS) list.shift();
    return list.length;
  }

  /** Takes one unit of quota; false (and nothing taken) when the hour's quota is spent. */
  take(platform: string, action: Action, time: number, quota: number): boolean {
    if (this.used(platform, action, time) >= quota) return false;
    const key = `${platform}\u0000${action}`;
    const list = this.recent.get(key) ?? [];
    list.push(time);
    this.recent.set(key, list);
    return true;
  }

  /** True the first time a quota trips in a given hour (so the alert fires once, not per incident). */
  tripOnce(platform: string, action: Action, time: number): boolean {
    const key = `${platform}\u0000${action}`;
    const hour = Math.floor(time / HOUR_MS);
    if (this.tripped.get(key) === hour) return false;
    this.tripped.set(key, hour);
    return true;
  }

  issued(commandId: string, incidentId: string, rule: string): void {
    this.ruleStats(rule).issued++;
    this.indexed(commandId, incidentId, rule);
  }

  /** A follow-up: verdicts may name it, but the rule's issued count is the command it extends. */
  indexed(commandId: string, incidentId: string, rule: string): void {
    this.commandIndex.set(commandId, incidentId, rule);
  }

  /**
   * The incident a command was issued under and its rule. After a merge that id is retired:
   * IncidentStore.resolve finds the incident that absorbed it.
   */
  incidentOfCommand(commandId: string): IndexedCommand | null {
    return this.commandIndex.get(commandId);
  }

  verdict(rule: string, decision: 'confirmed' | 'false_positive' | 'public_interest'): void {
    const s = this.ruleStats(rule);
    if (decision === 'confirmed') s.confirmed++;
    else if (decision === 'false_positive') s.falsePositive++;
    else s.publicInterest++;
  }

  private ruleStats(rule: string): RuleStats {
    let s = this.stats.get(rule);
    if (!s) this.stats.set(rule, (s = { issued: 0, confirmed: 0, falsePositive: 0, publicInterest: 0 }));
    return s;
  }

  /** Per rule: counts and precision (null until a verdict arrives), sorted by rule name. */
  precisionByRule(): { rule: string; stats: RuleStats; precision: number | null }[] {
    return [...this.stats]
      .sort((a, b) => (a[0] < b[0] ? -1 : 1))
      .map(([rule, stats]) => {
        const judged = stats.confirmed + stats.falsePositive;
        return { rule, stats: { ...stats }, precision: judged === 0 ? null : stats.confirmed / judged };
      });
  }
}
