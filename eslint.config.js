import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import boundaries from './lint/boundaries.js';

/** decode … policy and the detectors: pure functions of their input (no clock, no randomness, no I/O). */
const pureCore = [
  'src/graph/**',
  'src/incident/**',
  'src/risk/**',
  'src/policy/**',
  'src/decode/**',
  'src/enrich/**',
  'src/formats/**',
  'detectors/**',
];

/** Node modules that do I/O or schedule work: none of them in the core. */
const NODE_IO = ['fs', 'fs/promises', 'http', 'https', 'http2', 'child_process', 'dgram', 'worker_threads']
  .flatMap((m) => [m, `node:${m}`])
  .concat(['net', 'node:timers', 'node:timers/promises', 'node:readline']);

/**
 * The design's "never" arrows between stages (README "Architecture"), checked
 * on resolved paths by lint/boundaries.js; each error names its rule.
 * tests/unit/lint/boundaries.test.ts plants a violation of each and sees it fire.
 */
const NEVER = [
  {
    name: 'detectors-do-no-io',
    from: ['detectors'],
    to: ['src/source', 'src/sink', 'src/kafka', 'src/app', 'src/cli', 'src/metrics', 'src/evidence', 'src/replay'],
    message: 'a detector reads the contract and returns signals: no source, sink, Kafka, metrics or files',
  },
  {
    name: 'graph-knows-no-detector',
    from: ['src/graph'],
    to: ['detectors', 'src/incident', 'src/risk', 'src/policy', 'src/pipeline'],
    message: 'the propagation graph sits below incidents and detectors; it serves them the GraphView of src/contract',
  },
  {
    name: 'incident-state-knows-no-policy',
    from: ['src/incident'],
    to: ['src/policy', 'src/pipeline'],
    message: 'incident state is judged by risk and policy, never the other way round',
  },
  {
    name: 'decode-knows-no-graph',
    from: ['src/decode'],
    to: ['src/graph', 'src/enrich', 'src/incident', 'detectors'],
    message: 'decoding turns bytes into contract events and nothing more',
  },
  {
    name: 'policy-sends-nothing',
    from: ['src/policy'],
    to: ['src/sink', 'src/source', 'src/kafka', 'src/app', 'src/pipeline', 'src/metrics', 'src/evidence'],
    message: 'policy builds records and returns them; the pipeline sends them',
  },
  {
    name: 'contract-imports-nothing',
    from: ['src/contract'],
    to: ['src', 'detectors'],
    message: 'src/contract is the floor every stage stands on: it imports nothing else of the project',
  },
];

export default tseslint.config(
  { ignores: ['dist/**', 'dist-bench/**', 'node_modules/**', 'out/**', '.cache/**', 'bench/**/out/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', Buffer: 'readonly' } },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Stages meet through src/contract and each other's index.ts, along the design's arrows.
    files: ['src/**/*.ts', 'detectors/**/*.ts'],
    plugins: { doxguard: boundaries },
    rules: {
      'doxguard/never': ['error', NEVER],
      'doxguard/via-index': ['error', { lazy: ['src/source/kafka', 'src/sink/kafka', 'src/config/secrets'] }],
    },
  },
  {
    // Time and randomness are data: the pure core never reads a clock or rolls dice.
    files: pureCore,
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: 'pass event time in; core is clock-free' },
        { object: 'Math', property: 'random', message: 'pass a seeded rng in' },
        { object: 'performance', property: 'now', message: 'timing belongs in metrics, outside the core' },
      ],
      'no-restricted-globals': ['error', 'setTimeout', 'setInterval'],
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'kafkajs',
              message: 'the core does no I/O: Kafka lives in src/kafka, src/source/kafka, src/sink/kafka',
            },
            { name: 'ws', message: 'the core does no I/O: live streams live in src/source/live' },
            ...NODE_IO.map((name) => ({ name, message: 'the core does no I/O' })),
            // address parsing is pure; sockets are not
            { name: 'node:net', allowImportNames: ['isIP', 'isIPv4', 'isIPv6'], message: 'the core does no I/O' },
            {
              name: 'node:crypto',
              importNames: ['randomBytes', 'randomUUID', 'randomInt', 'getRandomValues'],
              message: 'pass a seeded rng in',
            },
          ],
        },
      ],
    },
  },
);
