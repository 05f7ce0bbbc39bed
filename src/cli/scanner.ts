import type { Config } from '../config/index.js';
import { NO_SCANNER, type TextScanner } from '../enrich/index.js';

/** The PII scanner for a config (detectors/pii); none until disclosure detection is registered. */
export async function createScanner(_config: Readonly<Config>, _secret: string): Promise<TextScanner> {
  return NO_SCANNER;
}
