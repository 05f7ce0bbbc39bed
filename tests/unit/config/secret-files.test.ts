import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, maskSecrets, validateConfig } from '../../../src/config/index.js';
import { isDoxguardError } from '../../../src/errors/index.js';

const tmp = mkdtempSync(join(tmpdir(), 'dg-secret-files-'));
const secretFile = (name: string, text: string): string => {
  const p = join(tmp, name);
  writeFileSync(p, text, { mode: 0o600 });
  return p;
};
const FINGERPRINT = 'fp-secret-from-a-file-0123456789';
const PASSWORD = 'sasl-password-from-a-file-9876';

function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  return expect.unreachable('no error');
}

describe('secrets from files', () => {
  it('reads the fingerprint secret and the SASL password from config paths, dropping one trailing newline', () => {
    const cfg = validateConfig({
      fingerprintSecretFile: secretFile('fp', `${FINGERPRINT}\n`),
      kafka: { sasl: { mechanism: 'scram-sha-512', username: 'u', passwordFile: secretFile('pw', `${PASSWORD}\r\n`) } },
    });
    expect(cfg.fingerprintSecret).toBe(FINGERPRINT);
    expect(cfg.kafka.sasl?.password).toBe(PASSWORD);
  });

  it('reads *_FILE environment variables (Kubernetes / Docker secrets)', () => {
    const cfg = loadConfig({
      env: {
        DOXGUARD_SECRET_FILE: secretFile('fp2', FINGERPRINT),
        DOXGUARD_CONFIG__kafka__sasl: '{mechanism: scram-sha-512, username: doxguard}',
        DOXGUARD_CONFIG__kafka__sasl__password_FILE: secretFile('pw2', PASSWORD),
      },
    });
    expect(cfg.fingerprintSecret).toBe(FINGERPRINT);
    expect(cfg.fingerprintSecretFile).toContain('fp2');
    expect(cfg.kafka.sasl).toMatchObject({ mechanism: 'scram-sha-512', username: 'doxguard', password: PASSWORD });
  });

  it('a missing, unreadable, empty or short secret file is a coded error naming the field and path, never the content', () => {
    const missing = thrown(() => validateConfig({ fingerprintSecretFile: join(tmp, 'nope') }));
    expect(isDoxguardError(missing, 'DG_ERR_CONFIG_READ')).toBe(true);
    expect(String((missing as Error).message)).toMatch(/fingerprintSecretFile .*nope.*ENOENT/);

    const empty = thrown(() => validateConfig({ fingerprintSecretFile: secretFile('empty', '\n') }));
    expect(isDoxguardError(empty, 'DG_ERR_CONFIG_INVALID')).toBe(true);

    const short = thrown(() => validateConfig({ fingerprintSecretFile: secretFile('short', 'tooShort-42') }));
    expect(isDoxguardError(short, 'DG_ERR_CONFIG_INVALID')).toBe(true);
    expect(JSON.stringify(short) + String((short as Error).message)).not.toContain('tooShort-42');

    if (process.getuid?.() !== 0) {
      const locked = secretFile('locked', FINGERPRINT);
      chmodSync(locked, 0o000);
      expect(
        isDoxguardError(
          thrown(() => validateConfig({ fingerprintSecretFile: locked })),
          'DG_ERR_CONFIG_READ',
        ),
      ).toBe(true);
    }
  });

  it('a value and a file for the same secret is refused', () => {
    const both = thrown(() =>
      validateConfig({ fingerprintSecret: FINGERPRINT, fingerprintSecretFile: secretFile('fp3', FINGERPRINT) }),
    );
    expect(isDoxguardError(both, 'DG_ERR_CONFIG_INVALID')).toBe(true);
    const sasl = thrown(() =>
      validateConfig({
        kafka: {
          sasl: { mechanism: 'plain', username: 'u', password: 'x', passwordFile: secretFile('pw3', PASSWORD) },
        },
      }),
    );
    expect(isDoxguardError(sasl, 'DG_ERR_CONFIG_INVALID')).toBe(true);
    expect(
      isDoxguardError(thrown(() => validateConfig({ kafka: { sasl: { mechanism: 'plain', username: 'u' } } }))),
    ).toBe(true);
  });

  it('maskSecrets hides every secret value for printing', () => {
    const cfg = validateConfig({
      fingerprintSecretFile: secretFile('fp4', FINGERPRINT),
      kafka: { sasl: { mechanism: 'scram-sha-256', username: 'u', passwordFile: secretFile('pw4', PASSWORD) } },
    });
    const printed = JSON.stringify(maskSecrets(cfg));
    expect(printed).not.toContain(FINGERPRINT);
    expect(printed).not.toContain(PASSWORD);
    expect(maskSecrets(cfg)).toMatchObject({ fingerprintSecret: '***', kafka: { sasl: { password: '***' } } });
  });
});

describe('production refuses what a security review would', () => {
  it('certificate verification off', () => {
    const e = thrown(() =>
      validateConfig({ mode: 'production', kafka: { tls: { enabled: true, insecureSkipVerify: true } } }),
    );
    expect(isDoxguardError(e, 'DG_ERR_CONFIG_INVALID')).toBe(true);
    expect((e as Error).message).toContain('kafka.tls.insecureSkipVerify');
    // allowed (and loud at start) outside production
    expect(
      validateConfig({ kafka: { tls: { enabled: true, insecureSkipVerify: true } } }).kafka.tls.insecureSkipVerify,
    ).toBe(true);
  });

  it('SASL PLAIN without TLS', () => {
    const sasl = { mechanism: 'plain', username: 'u', password: 'p' };
    const e = thrown(() => validateConfig({ mode: 'production', kafka: { sasl } }));
    expect(isDoxguardError(e, 'DG_ERR_CONFIG_INVALID')).toBe(true);
    expect((e as Error).message).toContain('kafka.sasl.mechanism');
    expect(JSON.stringify(e) + (e as Error).message).not.toContain('"p"');
    expect(validateConfig({ mode: 'production', kafka: { sasl, tls: { enabled: true } } }).kafka.sasl?.username).toBe(
      'u',
    );
  });

  it('a client certificate without its key', () => {
    expect(
      isDoxguardError(
        thrown(() => validateConfig({ kafka: { tls: { enabled: true, certFile: '/c.pem' } } })),
        'DG_ERR_CONFIG_INVALID',
      ),
    ).toBe(true);
  });
});
