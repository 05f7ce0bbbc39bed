import { describe, expect, it } from 'vitest';
import { DoxguardError, fromWireError, toWireError } from '../../../src/errors/index.js';

describe('errors across threads (toWireError, fromWireError)', () => {
  it('a DoxguardError comes back with its code, message, context and its cause’s name and message', () => {
    const cause = Object.assign(new Error('NOT_ENOUGH_REPLICAS'), { name: 'KafkaJSProtocolError' });
    const sent = new DoxguardError('DG_ERR_SINK_WRITE', 'the broker did not acknowledge', {
      context: { sink: 'kafka:a' },
      cause,
    });
    const wire = structuredClone(toWireError(sent));
    const back = fromWireError(wire, 'DG_ERR_WORKER_CRASHED');
    expect(back).toBeInstanceOf(DoxguardError);
    expect(back).toMatchObject({ code: 'DG_ERR_SINK_WRITE', message: sent.message, context: { sink: 'kafka:a' } });
    expect(back.cause).toMatchObject({ name: 'KafkaJSProtocolError', message: 'NOT_ENOUGH_REPLICAS' });
  });

  it('anything else, or a code the catalogue does not know, takes the fallback code and keeps its message', () => {
    expect(fromWireError(toWireError(new TypeError('boom')), 'DG_ERR_WORKER_CRASHED')).toMatchObject({
      code: 'DG_ERR_WORKER_CRASHED',
      message: 'boom',
      context: {},
    });
    expect(fromWireError(toWireError('a string'), 'DG_ERR_SINK_CONNECT')).toMatchObject({
      code: 'DG_ERR_SINK_CONNECT',
      message: 'a string',
    });
    const unknown = { code: 'DG_ERR_NOT_A_CODE', message: 'm', context: {}, cause: null };
    expect(fromWireError(unknown, 'DG_ERR_WORKER_CRASHED').code).toBe('DG_ERR_WORKER_CRASHED');
    expect(fromWireError(unknown, 'DG_ERR_WORKER_CRASHED').cause).toBeUndefined();
  });
});
