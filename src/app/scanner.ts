import { createPiiScanner } from '../../detectors/index.js';
import type { Config } from '../config/index.js';
import type { TextScanner } from '../contract/index.js';

/** The PII scanner for a config: the recognizers of detectors/pii, keyed by the fingerprint secret. */
export async function createScanner(config: Readonly<Config>, secret: string): Promise<TextScanner> {
  return createPiiScanner(config.pii, secret);
}
