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
 * Every detector doxguard knows. Adding one is its file plus its line here:
 * config enables it by default (detectorDefaults below) and `detectors.<name>`
 * overrides its options, whose defaults are its own zod schema's.
 */
export const DETECTORS: readonly Detector<unknown, unknown>[] = [
  velocity,
  reach,
  structure,
  crossPlatform,
  forecast,
  mobilisation,
  malice,
  publicInterest,
  businessContact,
  dossier,
];

/**
 * Config's `detectors` default: every registered detector enabled, its
 * `shipped` options taken from its own schema's defaults (the rest default
 * inside the schema when the detector is activated).
 */
export function detectorDefaults(
  registry: readonly Detector<unknown, unknown>[] = DETECTORS,
): Record<string, { enabled: boolean; options: Record<string, unknown> }> {
  return Object.fromEntries(
    registry.map((d) => {
      const defaults = d.options.parse({}) as Record<string, unknown>;
      const options = Object.fromEntries((d.shipped ?? []).map((k) => [k, defaults[k]]));
      return [d.name, { enabled: true, options }];
    }),
  );
}

/** A detector with its validated options, ready to run. */
export interface ActiveDetector {
  readonly detector: Detector<unknown, unknown>;
  readonly options: unknown;
}

/** Resolve config `detectors` against the registry; bad options fail with the zod path. */
export function activateDetectors(
  config: Readonly<Record<string, { enabled: boolean; options: Record<string, unknown> }>>,
  registry: readonly Detector<unknown, unknown>[] = DETECTORS,
): ActiveDetector[] {
  const byName = new Map<string, Detector<unknown, unknown>>();
  for (const d of registry) {
    if (byName.has(d.name))
      throw new DoxguardError('DG_ERR_DETECTOR_DUPLICATE', `two detectors are named ${d.name}`, {
        context: { name: d.name },
      });
    byName.set(d.name, d);
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
