/**
 * Why a record was dead-lettered. Stable codes: consumers and the
 * `doxguard_dead_letters_total{reason}` metric switch on them.
 */
export const DLQ_REASONS = {
  DG_DLQ_EMPTY: 'empty value or tombstone',
  DG_DLQ_TOO_LARGE: 'record larger than the size limit',
  DG_DLQ_INVALID_UTF8: 'value is not valid UTF-8',
  DG_DLQ_NOT_JSON: 'value is not JSON',
  DG_DLQ_NOT_OBJECT: 'value is JSON but not an object',
  DG_DLQ_UNKNOWN_TYPE: 'unknown record type',
  DG_DLQ_SCHEMA: 'a field is missing, of the wrong type or over a limit',
  DG_DLQ_NO_PARENT: 'a repost, quote or reply without a parentId',
  DG_DLQ_BAD_TIME: 'event time cannot be parsed',
  DG_DLQ_FORMAT: 'not a message of the configured source.format, or without a field its mapping needs',
} as const;
export type DlqReason = keyof typeof DLQ_REASONS;
