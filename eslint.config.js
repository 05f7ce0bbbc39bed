import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const pureCore = [
  'src/graph/**',
  'src/incident/**',
  'src/risk/**',
  'src/policy/**',
  'src/decode/**',
  'src/enrich/**',
  'detectors/**',
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'out/**', '.cache/**', 'bench/**/out/**', 'coverage/**'] },
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
      'no-restricted-imports': ['error', { paths: ['kafkajs', 'node:fs', 'fs'] }],
    },
  },
);
