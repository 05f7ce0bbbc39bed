/**
 * Kafka plumbing shared by the Kafka source (src/source/kafka) and sink
 * (src/sink/kafka): the one client factory, topic creation and the error
 * mapping. Loaded only when Kafka is configured, so file mode never loads kafkajs.
 */
export { createKafkaClient } from './client.js';
export { ensureTopics, createAndWait, type TopicSpec } from './topics.js';
export { kafkaError, isRebalanceError } from './errors.js';
export { preflightKafka } from './preflight.js';
export { awaitGroupCoordinator } from './coordinator.js';
export { classifyKafkaError, diagnoseKafkaError, SECURITY_REASONS, type SecurityReason } from './diagnose.js';
export { INSECURE_TLS_WARNING } from './security.js';
