import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { ConfigSchema, loadConfig } from '../../../src/config/index.js';

/** No Docker engine or cluster in CI: check what can be checked statically. */
const DEPLOY = join(import.meta.dirname, '../../../deploy');
const SECRETS = '/etc/doxguard/secrets';
const read = (p: string): string => readFileSync(join(DEPLOY, p), 'utf8');
type Obj = Record<string, unknown> & { kind?: string; metadata?: { name?: string } };
const get = (o: unknown, path: string): unknown =>
  path.split('.').reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], o);

const k8s: Obj[] = readdirSync(join(DEPLOY, 'k8s'))
  .filter((f) => f.endsWith('.yaml') && f !== 'kustomization.yaml')
  .flatMap((f) => parseAllDocuments(read(`k8s/${f}`)).map((d) => d.toJS() as Obj));
const byKind = (kind: string): Obj => {
  const found = k8s.filter((o) => o.kind === kind);
  expect(found, kind).toHaveLength(1);
  return found[0]!;
};

describe('deploy/k8s', () => {
  it('every manifest parses and the kustomization lists every file', () => {
    const kustomization = parse(read('k8s/kustomization.yaml')) as { resources: string[] };
    const files = readdirSync(join(DEPLOY, 'k8s')).filter((f) => f.endsWith('.yaml') && f !== 'kustomization.yaml');
    expect([...kustomization.resources].sort()).toEqual(files.sort());
    for (const o of k8s) {
      expect(o.apiVersion, o.kind).toBeTruthy();
      expect(o.metadata?.name, o.kind).toBeTruthy();
    }
  });

  it('the Deployment probes /healthz and /readyz on the metrics port and runs as non-root', () => {
    const dep = byKind('Deployment');
    const container = (get(dep, 'spec.template.spec.containers') as Obj[])[0]!;
    expect(get(container, 'livenessProbe.httpGet.path')).toBe('/healthz');
    expect(get(container, 'readinessProbe.httpGet.path')).toBe('/readyz');
    expect(get(container, 'livenessProbe.httpGet.port')).toBe('metrics');
    expect((container.ports as Obj[]).find((p) => p.name === 'metrics')?.containerPort).toBe(9464);
    expect(get(dep, 'spec.template.spec.securityContext.runAsNonRoot')).toBe(true);
    expect(get(container, 'securityContext.allowPrivilegeEscalation')).toBe(false);
    expect(get(container, 'securityContext.readOnlyRootFilesystem')).toBe(true);
    expect(get(dep, 'spec.template.metadata.annotations')).toMatchObject({
      'prometheus.io/scrape': 'true',
      'prometheus.io/port': '9464',
    });
    // secrets are files of the Secret, mounted read-only; no secret value in the environment
    const env = container.env as { name: string; value?: string; valueFrom?: { secretKeyRef?: unknown } }[];
    expect(env.filter((e) => e.valueFrom?.secretKeyRef)).toEqual([]);
    const volume = (get(dep, 'spec.template.spec.volumes') as Obj[]).find(
      (v) => get(v, 'secret.secretName') === byKind('Secret').metadata?.name,
    )!;
    expect(get(volume, 'secret.defaultMode')).toBe(0o440);
    const mount = (container.volumeMounts as Obj[]).find((m) => m.name === volume.name)!;
    expect(mount).toMatchObject({ mountPath: SECRETS, readOnly: true });
    const keys = Object.keys(get(byKind('Secret'), 'stringData') as object);
    expect(env.find((e) => e.name === 'DOXGUARD_SECRET_FILE')?.value).toBe(`${SECRETS}/fingerprint-secret`);
    expect(keys).toContain('fingerprint-secret');
    // graceful shutdown fits in the pod's grace period
    expect(get(dep, 'spec.template.spec.terminationGracePeriodSeconds') as number).toBeGreaterThan(15);
  });

  it('the Service and ServiceMonitor select the pods and scrape the named metrics port', () => {
    const labels = get(byKind('Deployment'), 'spec.template.metadata.labels') as Record<string, string>;
    const svc = byKind('Service');
    const mon = byKind('ServiceMonitor');
    for (const [k, v] of Object.entries(get(svc, 'spec.selector') as Record<string, string>)) expect(labels[k]).toBe(v);
    expect((get(svc, 'spec.ports') as Obj[])[0]).toMatchObject({ name: 'metrics', port: 9464, targetPort: 'metrics' });
    const svcLabels = svc.metadata as { labels: Record<string, string> };
    for (const [k, v] of Object.entries(get(mon, 'spec.selector.matchLabels') as Record<string, string>))
      expect(svcLabels.labels[k]).toBe(v);
    expect((get(mon, 'spec.endpoints') as Obj[])[0]).toMatchObject({ port: 'metrics', path: '/metrics' });
  });

  it('the ConfigMap holds a config doxguard accepts, serving metrics on all interfaces', () => {
    const parsed = ConfigSchema.parse(parse(get(byKind('ConfigMap'), 'data')!['config.yaml' as never] as string));
    // TLS verified against a CA, SCRAM, the password and CA as files of the mounted Secret
    expect(parsed.kafka.tls).toMatchObject({
      enabled: true,
      insecureSkipVerify: false,
      caFile: `${SECRETS}/kafka-ca.pem`,
    });
    expect(parsed.kafka.sasl).toMatchObject({ mechanism: 'scram-sha-512', password: null });
    const keys = Object.keys(get(byKind('Secret'), 'stringData') as object);
    for (const path of [parsed.kafka.tls.caFile!, parsed.kafka.sasl!.passwordFile!])
      expect(keys.map((k) => `${SECRETS}/${k}`)).toContain(path);
    const text = get(byKind('ConfigMap'), 'data')!['config.yaml' as never] as string;
    const dir = mkdtempSync(join(tmpdir(), 'doxguard-k8s-'));
    try {
      writeFileSync(join(dir, 'config.yaml'), text);
      // the secret files exist only in the pod: stand-ins for them here
      const sasl = join(dir, 'sasl-password');
      writeFileSync(sasl, 'stand-in');
      const config = loadConfig({
        file: join(dir, 'config.yaml'),
        env: { DOXGUARD_CONFIG__kafka__sasl__passwordFile: sasl },
      });
      expect(config.mode).toBe('production');
      expect(config.source.kind).toBe('kafka');
      expect(config.metrics).toMatchObject({ enabled: true, host: '0.0.0.0', port: 9464 });
      expect(config.fingerprintSecret).toBeNull();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a NetworkPolicy lets only the monitoring namespace reach the metrics port, and egress only to DNS and the brokers', () => {
    const policy = byKind('NetworkPolicy');
    const labels = get(byKind('Deployment'), 'spec.template.metadata.labels') as Record<string, string>;
    for (const [k, v] of Object.entries(get(policy, 'spec.podSelector.matchLabels') as Record<string, string>))
      expect(labels[k]).toBe(v);
    expect(get(policy, 'spec.policyTypes')).toEqual(['Ingress', 'Egress']);
    const ingress = get(policy, 'spec.ingress') as Obj[];
    expect(ingress).toHaveLength(1);
    expect(get(ingress[0], 'ports')).toEqual([{ port: 'metrics', protocol: 'TCP' }]);
    const brokerPort = Number(
      /:(\d+)'?\]?$/.exec(
        String(get(byKind('ConfigMap'), 'data')!['config.yaml' as never]).match(/brokers: \[.*\]/)![0],
      )![1],
    );
    const egressPorts = (get(policy, 'spec.egress') as Obj[]).flatMap((e) => (e.ports as Obj[]).map((p) => p.port));
    expect(egressPorts.sort()).toEqual([53, 53, brokerPort].sort());
  });

  it('ships no usable secret value', () => {
    for (const [key, value] of Object.entries(get(byKind('Secret'), 'stringData') as object))
      expect(value, key).toBe('');
  });
});

describe('deploy/docker-compose.yml', () => {
  const compose = parse(read('docker-compose.yml')) as { services: Record<string, Obj> };

  it('runs Apache Kafka, doxguard, Prometheus and Grafana', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['doxguard', 'grafana', 'kafka', 'prometheus']);
    expect(String(compose.services.kafka!.image)).toMatch(/^apache\/kafka:/);
    const pom = readFileSync(join(DEPLOY, 'kafka/pom.xml'), 'utf8').match(/<kafka.version>(.+)<\/kafka.version>/)?.[1];
    expect(String(compose.services.kafka!.image)).toContain(`:-${pom}}`);
  });

  it('builds doxguard from deploy/Dockerfile and points it at the broker and metrics port Prometheus scrapes', () => {
    const dox = compose.services.doxguard!;
    expect(dox.build).toEqual({ context: '..', dockerfile: 'deploy/Dockerfile' });
    const env = dox.environment as Record<string, string>;
    expect(env.KAFKA_BROKERS).toBe('kafka:19092');
    expect(String(get(compose.services.kafka, 'environment.KAFKA_ADVERTISED_LISTENERS'))).toContain('kafka:19092');
    const prom = parse(read('prometheus/prometheus.yml')) as {
      scrape_configs: { job_name: string; static_configs: { targets: string[] }[] }[];
      rule_files: string[];
    };
    const job = prom.scrape_configs.find((j) => j.job_name === 'doxguard')!;
    expect(job.static_configs[0]!.targets).toEqual([`doxguard:${env.DOXGUARD_CONFIG__metrics__port}`]);
    expect(env.DOXGUARD_CONFIG__metrics__host).toBe('0.0.0.0');
    const promVolumes = compose.services.prometheus!.volumes as string[];
    for (const rule of prom.rule_files)
      expect(
        promVolumes.some((v) => v.endsWith(`/etc/prometheus/${rule}:ro`)),
        rule,
      ).toBe(true);
  });

  it('provisions the Prometheus data source and the dashboard into Grafana', () => {
    const volumes = compose.services.grafana!.volumes as string[];
    const provider = parse(read('grafana/provisioning/dashboards/doxguard.yml')) as {
      providers: { options: { path: string } }[];
    };
    const dashboardMount = volumes.find((v) => v.startsWith('./grafana/dashboard.json:'))!;
    expect(dashboardMount.split(':')[1]!.startsWith(provider.providers[0]!.options.path + '/')).toBe(true);
    expect(volumes).toContain('./grafana/provisioning:/etc/grafana/provisioning:ro');
    const ds = parse(read('grafana/provisioning/datasources/prometheus.yml')) as {
      datasources: { type: string; url: string }[];
    };
    expect(ds.datasources[0]).toMatchObject({ type: 'prometheus', url: 'http://prometheus:9090' });
  });
});

describe('deploy/Dockerfile', () => {
  const docker = read('Dockerfile');
  it('is multi-stage, runs as a non-root user and exposes the metrics port', () => {
    expect(docker.match(/^FROM /gm)!.length).toBeGreaterThanOrEqual(2);
    const user = docker.match(/^USER (\S+)/m)?.[1];
    expect(user).toBeDefined();
    expect(user).not.toMatch(/^(root|0)(:|$)/);
    expect(docker).toMatch(/^EXPOSE 9464$/m);
    expect(docker).toMatch(/npm ci --omit=dev/);
  });

  it('copies everything the CLI needs at run time', () => {
    const copied = [...docker.matchAll(/^COPY (?:--\S+ )*(\S+) (\S+)$/gm)].map((m) => m[1]!);
    for (const path of ['/src/dist', 'bin', 'config', 'package.json', '/src/node_modules'])
      expect(copied, path).toContain(path);
    const ignore = read('Dockerfile.dockerignore');
    for (const path of ['src', 'detectors', 'bin', 'config', 'package-lock.json']) expect(ignore).toContain(`!${path}`);
  });
});
