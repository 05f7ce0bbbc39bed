import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

import { createAndWait, INSECURE_TLS_WARNING } from '../../../src/kafka/index.js';
import { withTimeout } from '../../../src/util/timeout.js';
import { startProcessor, writeConfig, type Processor } from '../kafka/helpers/processor.js';
import { byId, runFileMode, scenario, toMessages } from '../kafka/helpers/scenario.js';
import { freePort, readAll, scratch, secureClient, secureKafka, secureTopics, SECURE, UNAVAILABLE } from './helpers.js';

const FINGERPRINT_SECRET = 'fp-secret-mounted-from-a-file-5f1c9a';

const running: Processor[] = [];
afterEach(() => {
  for (const p of running.splice(0)) p.kill('SIGKILL');
});
function start(configFile: string, env: Record<string, string> = {}): Processor {
  // KAFKA_BROKERS (doxguard's broker override) may name the plaintext test broker in this shell
  const p = startProcessor(['--config', configFile], { KAFKA_BROKERS: '', ...env });
  running.push(p);
  return p;
}

describe.skipIf(!SECURE)(`SASL_SSL / TLS against the secure deploy/kafka broker ${UNAVAILABLE}`, () => {
  const s = SECURE!;
  const password = (): string => readFileSync(s.passwordFile, 'utf8').trim();

  it('SASL/TLS end to end: SCRAM-SHA-512 over TLS with the CA configured and every secret from a file; no secret in logs, /metrics, /healthz, /readyz or the evidence log', async () => {
    const t = secureTopics('e2e');
    const sc = scenario({ seed: 19, backgroundCascades: 40, doxxing: 2, doxxingSize: 120, malformedRate: 0.01 });
    const kafka = secureClient(s, 'setup');
    const admin = kafka.admin();
    await admin.connect();
    await createAndWait(admin, [{ topic: t.input, numPartitions: 1, replicationFactor: 1 }]);
    await admin.disconnect();
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    const messages = toMessages(sc, 1).map((m) => ({ key: m.key ?? null, value: m.value, partition: 0 }));
    for (let i = 0; i < messages.length; i += 200)
      await producer.send({ topic: t.input, acks: -1, messages: messages.slice(i, i + 200) });
    await producer.disconnect();

    const dir = scratch();
    const fingerprintFile = dir.file('fingerprint-secret', `${FINGERPRINT_SECRET}\n`);
    const evidence = join(dir.dir, 'evidence.ndjson');
    const port = await freePort();
    const config = {
      mode: 'production',
      log: { level: 'info' },
      source: { kind: 'kafka' },
      output: { kind: 'kafka' },
      kafka: secureKafka(s, t),
      evidence: { path: evidence },
      metrics: { enabled: true, host: '127.0.0.1', port },
    };
    const p = start(writeConfig(config), { DOXGUARD_SECRET_FILE: fingerprintFile });

    const groupAdmin = kafka.admin();
    await groupAdmin.connect();
    try {
      const deadline = Date.now() + 120_000;
      for (;;) {
        // a fresh broker answers NOT_COORDINATOR (retriable) while it loads the group's coordinator
        const [topic] = await groupAdmin.fetchOffsets({ groupId: t.groupId, topics: [t.input] }).catch((e: unknown) => {
          if ((e as { retriable?: boolean }).retriable === true) return [];
          throw e;
        });
        if (topic?.partitions[0]?.offset === String(sc.lines.length)) break;
        if (Date.now() > deadline || p.child.exitCode !== null)
          throw new Error(`the processor did not commit the input:\n${p.stderr().slice(-3000)}`);
        await new Promise((r) => setTimeout(r, 300));
      }
    } finally {
      await groupAdmin.disconnect();
    }
    const served: string[] = [];
    for (const path of ['/metrics', '/healthz', '/readyz']) {
      const res = await fetch(`http://127.0.0.1:${port}${path}`);
      expect(res.status, path).toBe(200);
      served.push(await res.text());
    }
    p.kill('SIGTERM');
    expect(await withTimeout(p.exited, 30_000, 'SIGTERM'), p.stderr()).toEqual({ code: 0, signal: null });

    // the pipeline's outputs over SASL_SSL are exactly a file run's with the same secret
    const reference = runFileMode(sc, { fingerprintSecret: FINGERPRINT_SECRET, log: { level: 'silent' } });
    expect(reference.interventions.length).toBeGreaterThan(0);
    const got = {
      alerts: await readAll(s, t.alerts),
      interventions: await readAll(s, t.interventions),
      dlq: await readAll(s, t.dlq),
    };
    for (const channel of ['alerts', 'interventions'] as const)
      expect([...byId(got[channel])].sort(), channel).toEqual([...byId(reference[channel])].sort());
    // dead letters carry their source position (file line vs topic/partition/offset): compare the reasons
    const reasons = (rs: unknown[]): string[] => rs.map((r) => (r as { reason: string }).reason).sort();
    expect(reasons(got.dlq)).toEqual(reasons(reference.dlq));

    // secrets: not in the logs, the served endpoints, the evidence log or the outputs
    expect(p.stderr()).toMatch(/tls=on sasl=scram-sha-512/);
    expect(p.stderr()).toMatch(/secret=file/);
    expect(existsSync(evidence)).toBe(true);
    const everything = [p.stderr(), ...served, readFileSync(evidence, 'utf8'), JSON.stringify(got)].join('\n');
    for (const secret of [
      FINGERPRINT_SECRET,
      password(),
      readFileSync(join(s.caFile, '..', 'store-password'), 'utf8').trim(),
    ])
      expect(everything.includes(secret), 'a secret leaked').toBe(false);
  });

  /** Start a processor that must fail: exit 1 within the bound, the code and reason on stderr, no secret. */
  async function failsAtStart(
    kafkaOver: Record<string, unknown>,
    want: { code: string; reason: string },
  ): Promise<string> {
    const t = secureTopics('fail');
    const config = {
      log: { level: 'warn' },
      fingerprintSecret: FINGERPRINT_SECRET,
      source: { kind: 'kafka' },
      output: { kind: 'kafka' },
      kafka: secureKafka(s, t, kafkaOver),
      evidence: { enabled: false },
    };
    const began = Date.now();
    const p = start(writeConfig(config));
    const exit = await withTimeout(p.exited, 45_000, `the processor to give up (${want.reason})`);
    const elapsed = Date.now() - began;
    const err = p.stderr();
    expect(exit, err).toEqual({ code: 1, signal: null });
    expect(err).toContain(`doxguard: ${want.code}: `);
    expect(err).toContain(`(${want.reason})`);
    expect(elapsed, 'fails fast instead of retrying').toBeLessThan(30_000);
    expect(err.includes(password())).toBe(false);
    expect(err.includes(FINGERPRINT_SECRET)).toBe(false);
    return err;
  }

  it('SASL: a wrong password fails at start with DG_ERR_KAFKA_AUTH (sasl-rejected), exit 1, and is never printed', async () => {
    const dir = scratch();
    const wrong = 'not-the-password-8d1e0c';
    const err = await failsAtStart(
      { sasl: { mechanism: 'scram-sha-512', username: s.username, passwordFile: dir.file('pw', wrong) } },
      { code: 'DG_ERR_KAFKA_AUTH', reason: 'sasl-rejected' },
    );
    expect(err.includes(wrong)).toBe(false);
  });

  it('TLS: an unknown CA (the system CAs, not the broker CA) fails with DG_ERR_KAFKA_TLS (certificate-untrusted)', async () => {
    await failsAtStart({ tls: { enabled: true } }, { code: 'DG_ERR_KAFKA_TLS', reason: 'certificate-untrusted' });
  });

  it('TLS: a plaintext client on the TLS port fails with DG_ERR_KAFKA_TLS (plaintext-to-tls-listener)', async () => {
    await failsAtStart({ tls: { enabled: false } }, { code: 'DG_ERR_KAFKA_TLS', reason: 'plaintext-to-tls-listener' });
  });

  it('TLS: an expired broker certificate fails with DG_ERR_KAFKA_TLS (certificate-expired)', async () => {
    await failsAtStart({ brokers: [s.expiredBrokers] }, { code: 'DG_ERR_KAFKA_TLS', reason: 'certificate-expired' });
  });

  it('TLS: a certificate for another host fails with DG_ERR_KAFKA_TLS (certificate-host-mismatch)', async () => {
    await failsAtStart(
      { brokers: [s.wrongHostBrokers] },
      { code: 'DG_ERR_KAFKA_TLS', reason: 'certificate-host-mismatch' },
    );
  });

  it('TLS: a TLS client on the plaintext listener fails with DG_ERR_KAFKA_TLS (tls-to-plaintext-listener)', async () => {
    await failsAtStart(
      { brokers: [s.plaintextBrokers], sasl: null },
      { code: 'DG_ERR_KAFKA_TLS', reason: 'tls-to-plaintext-listener' },
    );
  });

  it('SASL: TLS without SASL credentials on the SASL_SSL listener fails with DG_ERR_KAFKA_AUTH (sasl-required)', async () => {
    await failsAtStart({ sasl: null }, { code: 'DG_ERR_KAFKA_AUTH', reason: 'sasl-required' });
  });

  it('TLS: verification is on by default; turning it off is refused in production and logged as an error at every start elsewhere', async () => {
    const t = secureTopics('insecure');
    const base = {
      fingerprintSecret: FINGERPRINT_SECRET,
      source: { kind: 'kafka' },
      output: { kind: 'kafka' },
      evidence: { enabled: false },
    };
    // production: a config error (exit 2) before any connection
    const refused = start(
      writeConfig({
        ...base,
        mode: 'production',
        kafka: secureKafka(s, t, { tls: { enabled: true, insecureSkipVerify: true } }),
      }),
    );
    const r = await withTimeout(refused.exited, 30_000, 'production refusal');
    expect(r, refused.stderr()).toEqual({ code: 2, signal: null });
    expect(refused.stderr()).toContain('kafka.tls.insecureSkipVerify: certificate verification cannot be turned off');

    // development: it connects to the wrong-host listener, but says so loudly
    const port = await freePort();
    const p = start(
      writeConfig({
        ...base,
        log: { level: 'info' },
        kafka: secureKafka(s, t, { brokers: [s.wrongHostBrokers], tls: { enabled: true, insecureSkipVerify: true } }),
        metrics: { enabled: true, host: '127.0.0.1', port },
      }),
    );
    const deadline = Date.now() + 90_000;
    for (;;) {
      const ready = await fetch(`http://127.0.0.1:${port}/readyz`).then(
        (res) => res.status === 200,
        () => false,
      );
      if (ready) break;
      if (Date.now() > deadline || p.child.exitCode !== null)
        throw new Error(`never ready with verification off:\n${p.stderr().slice(-3000)}`);
      await new Promise((res) => setTimeout(res, 300));
    }
    p.kill('SIGTERM');
    expect(await withTimeout(p.exited, 30_000, 'SIGTERM')).toEqual({ code: 0, signal: null });
    const lines = p
      .stderr()
      .split('\n')
      .filter((l) => l.includes(INSECURE_TLS_WARNING));
    expect(lines.length).toBeGreaterThan(0);
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 'error', setting: 'kafka.tls.insecureSkipVerify' });
    expect(p.stderr()).toContain('tls=UNVERIFIED');
  });
});
