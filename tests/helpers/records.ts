import { SCHEMAS, type DeadLetterRecord } from '../../src/contract/index.js';

/** A dead-letter record numbered `i` (its id and Kafka offset), carrying `value`: output records for sink tests. */
export const deadLetterAt = (i: number, value: string): DeadLetterRecord => ({
  schema: SCHEMAS.deadLetter,
  id: `dl_${i}`,
  reason: 'DG_DLQ_NOT_JSON',
  message: 'not JSON',
  position: { kind: 'kafka', topic: 't', partition: 0, offset: String(i) },
  key: null,
  value,
  valueEncoding: 'utf8',
  eventTime: null,
});
