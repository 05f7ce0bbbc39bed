export { ConfigSchema, KafkaConfigSchema, type Config, type KafkaConfig } from './schema.js';
export {
  loadConfig,
  validateConfig,
  readConfigFile,
  envLayer,
  mergeLayers,
  formatIssues,
  DEFAULT_CONFIG_PATH,
  ENV_PREFIX,
  type LoadConfigOptions,
} from './load.js';
export { maskSecrets, readSecretFile, resolveSecretFiles, SECRET_FIELDS } from './secrets.js';
