import { createHmac } from 'node:crypto';
import type { Finding } from '../contract/index.js';
import type { ScanInput } from './input.js';

/**
 * Who a post's disclosures are about, as far as doxguard attributes them
 * today: an account the post names (the platform's mentions; the first one
 * not marked as a public figure, else the first), else a real name the post
 * discloses, else the post's unnamed subject. Hashed with the fingerprint
 * secret; `via` says what the attribution rests on. The pipeline itself
 * still counts every finding of an incident towards its dossier; the field
 * stays as it is when attribution improves (issue 14, point 2).
 */
export interface ScanTarget {
  readonly via: 'mention' | 'name' | 'subject';
  /** keyed HMAC of the account id or name; null for an unnamed subject */
  readonly id: string | null;
}

export function attributeTarget(input: ScanInput, findings: readonly Finding[], secret: string): ScanTarget | null {
  if (findings.length === 0) return null;
  const mentions = input.mentions ?? [];
  const pointed = mentions.find((m) => m.publicFigure !== true) ?? mentions[0];
  if (pointed)
    return {
      via: 'mention',
      id: createHmac('sha256', secret).update('target\u0000account\u0000').update(pointed.accountId).digest('hex'),
    };
  const name = findings.find((f) => f.category === 'real_name');
  if (name) return { via: 'name', id: name.fingerprint };
  return { via: 'subject', id: null };
}
