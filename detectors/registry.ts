import { DoxguardError } from '../src/errors/index.js';
import { velocity } from './cascade/velocity.js';
import { reach } from './cascade/reach.js';
import { structure } from './cascade/structure.js';
import { crossPlatform } from './cascade/cross-platform.js';
import { forecast } from './cascade/forecast.js';
import { mobilisation } from './language/mobilisation.js';
import { malice } from './language/malice.js';
import { publicInterest } from './language/public-interest.js';
import { businessContact } from './language/business-contact.js';
import { dossier } from './pii/dossier.js';
import type { Detector } from '../src/contract/index.js';

/**
 * Every detector doxguard knows. Adding one is one import and one line here;
 * config `detectors.<name>` enables it and sets its options.
 */
export const DETECTORS: readonly Detector<never, never>[] = [
  velocity as unknown as Detector<never, never>,
  reach as unknown as Detector<never, never>,
  structure as unknown as Detector<never, never>,
  crossPlatform as unknown as Detector<never, never>,
  forecast as unknown as Detector<never, never>,
  mobilisation as unknown as Detector<never, never>,
  malice as unknown as Detector<never, never>,
  publicInterest as unknown as Detector<never, never>,
  businessContact as unknown as Detector<never, never>,
  dossier as unknown as Detector<never, never>,
];

/** A detector with its validated options, ready to run. */
export interface ActiveDetector {
  readonly detector: Detector<unknown, unknown>;
  readonly options: unknown;
}

/** Resolve config `detectors` against the registry; bad options fail with the zod path. */
export function activateDetectors(
  config: Readonly<Record<string, { enabled: boolean; options: Record<string, unknown> }>>,
  registry: readonly Detector<never, never>[] = DETECTORS,
): ActiveDetector[] {
  const byName = new Map<string, Detector<unknown, unknown>>();
  for (const d of registry) {
    if (byName.has(d.name))
      throw new DoxguardError('DG_ERR_DETECTOR_DUPLICATE', `two detectors are named ${d.name}`, {
        context: { name: d.name },
      });
    byName.set(d.name, d as unknown as Detector<unknown, unknown>);
  }
  const active: ActiveDetector[] = [];
  for (const name of Object.keys(config).sort()) {
    const entry = config[name]!;
    const detector = byName.get(name);
    if (!detector)
      throw new DoxguardError('DG_ERR_DETECTOR_UNKNOWN', `config names detector ${name}, which is not registered`, {
        context: { name, known: [...byName.keys()] },
      });
    if (!entry.enabled) continue;
    const parsed = detector.options.safeParse(entry.options);
    if (!parsed.success)
      throw new DoxguardError(
        'DG_ERR_DETECTOR_OPTIONS',
        `detectors.${name}.options: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`,
        {
          context: { name, paths: parsed.error.issues.map((i) => ['detectors', name, 'options', ...i.path].join('.')) },
        },
      );
    active.push({ detector, options: parsed.data });
  }
  return active;
}
