export { ConfigSchema, KafkaConfigSchema, type Config, type KafkaConfig } from './schema.js';
export {
  loadConfig,
  validateConfig,
  readConfigFile,
  envLayer,
  mergeLayers,
  formatIssues,
  formatList,
  DEFAULT_CONFIG_PATH,
  ENV_PREFIX,
  unknownKeysOf,
  rejectUnknownKeys,
  type LoadConfigOptions,
} from './load.js';
export { maskSecrets, readSecretFile, resolveSecretFiles, SECRET_FIELDS } from './secrets/index.js';
export { unknownKeys, nearest, editDistance, describeUnknownKey, type UnknownKey } from './strict.js';
