import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../../src/config/index.js';
import { DoxguardError } from '../../../src/errors/index.js';
import { createLogger, logStartup, stageLogger, startupSummary } from '../../../src/log/index.js';

/** A destination that keeps every JSON line written. */
function capture(): { stream: Writable; lines: () => Record<string, unknown>[] } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      chunks.push(chunk.toString('utf8'));
      done();
    },
  });
  const lines = (): Record<string, unknown>[] =>
    chunks
      .join('')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  return { stream, lines };
}

const PHONE = '13812345678';

describe('createLogger', () => {
  it('writes one JSON object a line with a textual level, ISO time and the service', () => {
    const out = capture();
    const log = createLogger({ level: 'info' }, out.stream);
    log.info({ events: 3 }, 'batch done');
    log.debug('not shown at info');
    const [line, ...rest] = out.lines();
    expect(rest).toHaveLength(0);
    expect(line).toMatchObject({ level: 'info', service: 'doxguard', events: 3, msg: 'batch done' });
    expect(new Date(String(line!.time)).toISOString()).toBe(line!.time);
  });

  it('censors text-bearing fields at any depth, in arrays and in child bindings', () => {
    const out = capture();
    const log = createLogger({ level: 'trace' }, out.stream);
    const child = stageLogger(log, 'decode', { value: `call ${PHONE}` });
    child.warn(
      {
        text: `his phone is ${PHONE}`,
        record: { value: PHONE, nested: [{ snippet: '138****5678', raw: PHONE, ok: 'kept' }] },
        kafka: { sasl: { password: 'hunter2hunter2' } },
      },
      'dead letter',
    );
    const written = JSON.stringify(out.lines());
    expect(written).not.toContain(PHONE);
    expect(written).not.toContain('138****5678');
    expect(written).not.toContain('hunter2');
    const [line] = out.lines();
    expect(line).toMatchObject({
      stage: 'decode',
      value: '[redacted]',
      text: '[redacted]',
      record: { value: '[redacted]', nested: [{ snippet: '[redacted]', raw: '[redacted]', ok: 'kept' }] },
      kafka: { sasl: { password: '[redacted]' } },
    });
  });

  it('keeps the bindings of every ancestor in grandchildren, scrubbed', () => {
    const out = capture();
    const log = createLogger({ level: 'info' }, out.stream);
    stageLogger(log, 'source', { topic: 'doxguard.events' }).child({ partition: 2, text: PHONE }).info('assigned');
    const [line] = out.lines();
    expect(line).toMatchObject({ stage: 'source', topic: 'doxguard.events', partition: 2, text: '[redacted]' });
  });

  it('keeps an error code and message but censors its context fields', () => {
    const out = capture();
    const log = createLogger({ level: 'info' }, out.stream);
    const err = new DoxguardError('DG_ERR_SOURCE_READ', 'cannot read', { context: { file: 'a.ndjson', value: PHONE } });
    log.error({ err }, 'source failed');
    const [line] = out.lines();
    expect(line).toMatchObject({
      err: { code: 'DG_ERR_SOURCE_READ', message: 'cannot read', context: { file: 'a.ndjson', value: '[redacted]' } },
    });
    expect(JSON.stringify(line)).not.toContain(PHONE);
  });

  it('never writes a secret read from a file: a whole loaded config, TLS options and a secret-file error', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dg-log-secrets-'));
    const fingerprint = 'fingerprint-from-file-4c1d9e0a';
    const sasl = 'sasl-from-file-7b2e5f11';
    const pem =
      '-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg\n-----END PRIVATE KEY-----';
    writeFileSync(join(dir, 'fp'), `${fingerprint}\n`);
    writeFileSync(join(dir, 'pw'), sasl);
    const config = validateConfig({
      fingerprintSecretFile: join(dir, 'fp'),
      kafka: { sasl: { mechanism: 'scram-sha-512', username: 'u', passwordFile: join(dir, 'pw') } },
    });
    expect(config.fingerprintSecret).toBe(fingerprint);
    const out = capture();
    const log = createLogger({ level: 'trace' }, out.stream);
    log.info({ config }, 'loaded');
    log.info({ ssl: { privateKey: pem, passphrase: sasl, rejectUnauthorized: true } }, 'tls options');
    let readError: unknown;
    try {
      validateConfig({ fingerprintSecretFile: join(dir, 'missing') });
    } catch (e) {
      readError = e;
    }
    log.error({ err: readError }, 'config');
    const written = JSON.stringify(out.lines());
    for (const secret of [fingerprint, sasl, 'MIGHAgEAMBMGByqGSM49'])
      expect(written.includes(secret), `${secret} leaked`).toBe(false);
    expect(written).toContain('DG_ERR_CONFIG_READ');
    expect(written).toContain(join(dir, 'pw')); // paths are not secrets: they say where to look
  });

  it('is silent at level silent', () => {
    const out = capture();
    createLogger({ level: 'silent' }, out.stream).fatal('x');
    expect(out.lines()).toHaveLength(0);
  });
});

describe('startupSummary', () => {
  const parts = {
    command: 'run',
    version: '0.1.0',
    sources: ['kafka(doxguard.events,doxguard.feedback)'],
    sinks: ['kafka(doxguard.alerts,doxguard.interventions,doxguard.incidents,doxguard.dlq)'],
    detectors: ['cascade/velocity', 'pii/phone'],
    metrics: '0.0.0.0:9464',
    configFile: '/etc/doxguard/config.yaml',
  };

  it('names config, sources, sinks and never the secret or SASL password', () => {
    const config = validateConfig({
      mode: 'production',
      fingerprintSecret: 'a-very-secret-key-123',
      source: { kind: 'kafka' },
      output: { kind: 'kafka' },
      kafka: {
        brokers: ['a:9092', 'b:9092'],
        tls: { enabled: true },
        sasl: { mechanism: 'plain', username: 'u', password: 'p4ssw0rd!' },
      },
    });
    const s = startupSummary(config, parts);
    expect(s.line).not.toContain('\n');
    expect(s.line).toContain('mode=production');
    expect(s.line).toContain('config=/etc/doxguard/config.yaml');
    expect(s.line).toContain('sources=kafka(doxguard.events,doxguard.feedback)');
    expect(s.line).toContain('sinks=kafka(doxguard.alerts');
    expect(s.line).toContain('detectors=2');
    expect(s.line).toContain('kafka=2 broker(s) group=doxguard tls=on sasl=plain');
    expect(s.line).toContain('secret=set');
    const all = JSON.stringify(s);
    expect(all).not.toContain('a-very-secret-key-123');
    expect(all).not.toContain('p4ssw0rd!');
  });

  it('is logged as one info line with the facts as fields', () => {
    const out = capture();
    const config = validateConfig({});
    logStartup(createLogger({ level: 'info' }, out.stream), config, { ...parts, metrics: null, configFile: null });
    const lines = out.lines();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 'info',
      startup: { metrics: 'off', config: 'defaults', secretSource: 'generated' },
    });
    expect(String(lines[0]!.msg)).toMatch(/^doxguard 0\.1\.0 run mode=development config=defaults sources=kafka/);
    expect(String(lines[0]!.msg)).not.toContain('kafka=');
  });
});
