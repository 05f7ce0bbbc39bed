import { createHmac } from 'node:crypto';
import type { Finding } from '../contract/index.js';
import type { ScanInput } from './input.js';

/**
 * Whom a post's disclosures are about. Each finding carries its attribution
 * (detectors/pii/attribution.ts: `target`, `self` or `unattributed`); for the
 * findings about a target, the person is the account the post points at (the
 * platform's mentions: the first not marked a public figure, else the first),
 * else a real name the post discloses, else the post's unnamed subject.
 * `self`: everything disclosed is the poster's own or an organisation's
 * contact given to be used; `nobody`: the post names nobody the findings are
 * about. Account ids and names are keyed hashes under the fingerprint secret.
 */
export interface ScanTarget {
  readonly via: 'mention' | 'name' | 'subject' | 'self' | 'nobody';
  /** keyed HMAC of the account id or name; null otherwise */
  readonly id: string | null;
}

export function attributeTarget(input: ScanInput, findings: readonly Finding[], secret: string): ScanTarget | null {
  if (findings.length === 0) return null;
  const about = findings.filter((f) => f.about === 'target');
  if (about.length === 0) return { via: findings.some((f) => f.about === 'self') ? 'self' : 'nobody', id: null };
  const mentions = input.mentions ?? [];
  const pointed = mentions.find((m) => m.publicFigure !== true) ?? mentions[0];
  if (pointed)
    return {
      via: 'mention',
      id: createHmac('sha256', secret).update('target\u0000account\u0000').update(pointed.accountId).digest('hex'),
    };
  const name = about.find((f) => f.category === 'real_name');
  if (name) return { via: 'name', id: name.fingerprint };
  return { via: 'subject', id: null };
}
