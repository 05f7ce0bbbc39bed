import { loadConfig, mergeLayers, type Config } from '../../src/config/index.js';

/** The fingerprint secret of every bench/core run: the same keyed hashes, so the same output digests. */
export const BENCH_SECRET = 'bench-secret-0123456789abcdef';

/**
 * The config `doxguard run` builds for a bench/core run: the default pipeline over one file, files out, logs off.
 * `more`: settings under test, merged over these.
 */
export function benchConfig(
  file: string,
  out: string,
  workers: number,
  partitions: number,
  more: Record<string, unknown> = {},
): Config {
  return loadConfig({
    env: {},
    // merged as config layers are (objects key by key): `{"output":{"incidentMinLevel":"warning"}}` keeps the files
    overrides: mergeLayers(
      {
        fingerprintSecret: BENCH_SECRET,
        source: { kind: 'file', files: [file] },
        log: { level: 'silent' },
        output: { kind: 'files', dir: out },
        pipeline: { workers, partitions },
      },
      more,
    ),
  });
}
