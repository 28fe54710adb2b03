import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
// `yaml` comes with the toolchain (vite, graphql-codegen): a reader for these files, not a dependency of the server.
import { parseAllDocuments, parse } from 'yaml';
import { loadConfig } from '../../server/config.js';
import { ROOT } from '../processes.js';

const K8S = path.join(ROOT, 'deploy', 'k8s');
const OVERLAYS = ['staging', 'production'];

interface Resource {
  kind: string;
  metadata: { name: string };
  spec?: Record<string, unknown>;
}
interface Kustomization {
  resources?: string[];
  replicas?: { name: string; count: number }[];
  images?: { name: string; newName?: string; newTag?: string }[];
  configMapGenerator?: { name: string; literals?: string[]; behavior?: string }[];
  secretGenerator?: { name: string; envs?: string[] }[];
  patches?: { target: { kind: string; name: string }; patch: string }[];
}

/**
 * A small reading of a kustomize tree (what these manifests use: resources, replicas, images,
 * configMapGenerator literals with merge, secretGenerator envs, JSON6902 `replace` patches): enough to
 * check them where kubectl is not installed. `kubectl kustomize` stays the reference where it is.
 */
function render(dir: string): { resources: Resource[]; config: Record<string, string>; secrets: Record<string, string> } {
  const k = parse(readFileSync(path.join(dir, 'kustomization.yaml'), 'utf8')) as Kustomization;
  const resources: Resource[] = [];
  const config: Record<string, string> = {};
  const secrets: Record<string, string> = {};
  for (const entry of k.resources ?? []) {
    const target = path.join(dir, entry);
    if (existsSync(path.join(target, 'kustomization.yaml'))) {
      const sub = render(target);
      resources.push(...sub.resources);
      Object.assign(config, sub.config);
      Object.assign(secrets, sub.secrets);
    } else {
      for (const doc of parseAllDocuments(readFileSync(target, 'utf8'))) resources.push(doc.toJS() as Resource);
    }
  }
  for (const generator of k.configMapGenerator ?? []) {
    for (const literal of generator.literals ?? []) {
      const at = literal.indexOf('=');
      config[literal.slice(0, at)] = literal.slice(at + 1);
    }
  }
  for (const generator of k.secretGenerator ?? []) {
    // The committed example stands for the operator's secrets.env.
    for (const file of generator.envs ?? []) Object.assign(secrets, envFile(path.join(dir, `${file}.example`)));
  }
  for (const r of k.replicas ?? []) {
    const found = resources.find((res) => res.kind === 'Deployment' && res.metadata.name === r.name);
    if (!found) throw new Error(`replicas: no Deployment ${r.name}`);
    found.spec!.replicas = r.count;
  }
  for (const patch of k.patches ?? []) {
    const found = resources.find((res) => res.kind === patch.target.kind && res.metadata.name === patch.target.name);
    if (!found) throw new Error(`patch: no ${patch.target.kind} ${patch.target.name}`);
    for (const op of parse(patch.patch) as { op: string; path: string; value: unknown }[]) {
      if (op.op !== 'replace' || op.path !== '/metadata/name') throw new Error(`unsupported patch ${op.op} ${op.path}`);
      found.metadata.name = String(op.value);
    }
  }
  for (const image of k.images ?? []) {
    for (const container of containers(resources)) {
      if (container.image === image.name) container.image = `${image.newName ?? image.name}:${image.newTag ?? 'latest'}`;
    }
  }
  return { resources, config, secrets };
}

function envFile(file: string): Record<string, string> {
  const lines = readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() && !l.startsWith('#'));
  return Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
}

interface Container {
  image: string;
  command?: string[];
  readinessProbe?: { httpGet: { path: string } };
  livenessProbe?: { httpGet: { path: string } };
  envFrom?: unknown[];
}

function podSpec(resource: Resource): { containers: Container[]; securityContext?: { runAsNonRoot?: boolean } } {
  return (resource.spec as { template: { spec: ReturnType<typeof podSpec> } }).template.spec;
}

function containers(resources: Resource[]): Container[] {
  return resources.filter((r) => r.kind === 'Deployment' || r.kind === 'Job').flatMap((r) => podSpec(r).containers);
}

describe.each(OVERLAYS)('Kubernetes overlay %s', (overlay) => {
  const { resources, config, secrets } = render(path.join(K8S, 'overlays', overlay));
  const deployment = resources.find((r) => r.kind === 'Deployment')!;
  const job = resources.find((r) => r.kind === 'Job')!;

  it('should run several non-root replicas with readiness on /readyz and liveness on /healthz, behind a Service', () => {
    expect(deployment.spec!.replicas).toBeGreaterThanOrEqual(2);
    const pod = podSpec(deployment);
    expect(pod.securityContext?.runAsNonRoot).toBe(true);
    const [container] = pod.containers;
    expect(container.readinessProbe?.httpGet.path).toBe('/readyz');
    expect(container.livenessProbe?.httpGet.path).toBe('/healthz');
    expect(resources.some((r) => r.kind === 'Service')).toBe(true);
    expect((deployment.spec!.strategy as { rollingUpdate: { maxUnavailable: number } }).rollingUpdate.maxUnavailable).toBe(0);
  });

  it('should pin an image of a registry, the same for the pods and the migration job', () => {
    const images = new Set(containers(resources).map((c) => c.image));
    expect(images.size).toBe(1);
    expect([...images][0]).toMatch(/^[a-z0-9.-]+\/[a-z0-9/-]+:\d+\.\d+\.\d+$/);
  });

  it('should migrate once per release: a Job named after the release, running the migration script', () => {
    const [tag] = [...new Set(containers(resources).map((c) => c.image.split(':')[1]))];
    expect(job.metadata.name).toBe(`helpdesk-migrate-${tag.replace(/\./g, '-')}`);
    expect(podSpec(job).containers[0].command).toEqual(['node', 'dist/server/db/migrate-cli.js']);
  });

  it('should hold settings and secrets the server accepts in production, each one it knows', () => {
    const env = { ...config, ...secrets };
    const loaded = loadConfig(env);
    expect(loaded).toMatchObject({ production: true, authMode: 'oidc' });
    expect(loaded.publicUrl).toMatch(/^https:\/\//);
    expect(loaded.files.s3?.bucket).toBeTruthy();
    expect(loaded.live.redisUrl).toMatch(/^redis:/);
    expect(loaded.metricsToken).toBeTruthy();
    // Every name is one the server reads: a typo would be ignored silently otherwise.
    const configSource = readFileSync(path.join(ROOT, 'server', 'config.ts'), 'utf8');
    for (const name of Object.keys(env)) expect(configSource, name).toMatch(new RegExp(`\\b${name}\\b`));
  });
});

describe('kubectl kustomize', () => {
  const kubectl = (() => {
    try {
      execFileSync('kubectl', ['version', '--client'], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  })();

  // Where kubectl is installed (our machines: kustomize v5 in kubectl 1.32), the reference renderer agrees.
  it.skipIf(!kubectl).each(OVERLAYS)('should render the %s overlay as our reading does', (overlay) => {
    const copy = mkdtempSync(path.join(os.tmpdir(), 'helpdesk-k8s-'));
    try {
      cpSync(K8S, copy, { recursive: true });
      const dir = path.join(copy, 'overlays', overlay);
      cpSync(path.join(dir, 'secrets.env.example'), path.join(dir, 'secrets.env'));
      const rendered = parseAllDocuments(execFileSync('kubectl', ['kustomize', dir], { encoding: 'utf8' })).map(
        (d) => d.toJS() as Resource,
      );
      const ours = render(path.join(K8S, 'overlays', overlay)).resources;
      expect(
        rendered
          .map((r) => `${r.kind}/${r.metadata.name}`)
          .filter((n) => !/^(ConfigMap|Secret)\//.test(n))
          .sort(),
      ).toEqual(ours.map((r) => `${r.kind}/${r.metadata.name}`).sort());
      const deployment = rendered.find((r) => r.kind === 'Deployment')!;
      expect(deployment.spec!.replicas).toBe(
        render(path.join(K8S, 'overlays', overlay)).resources.find((r) => r.kind === 'Deployment')!.spec!.replicas,
      );
      expect(containers(rendered).map((c) => c.image)).toEqual(containers(ours).map((c) => c.image));
      // The generated config and secret carry a content hash, and the pods point at those very names.
      const names = rendered.filter((r) => r.kind === 'ConfigMap' || r.kind === 'Secret').map((r) => r.metadata.name);
      expect(names).toEqual(
        expect.arrayContaining([expect.stringMatching(/^helpdesk-config-/), expect.stringMatching(/^helpdesk-secrets-/)]),
      );
      expect(JSON.stringify(podSpec(deployment).containers[0].envFrom)).toContain(names.find((n) => n.startsWith('helpdesk-secrets-')));
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });
});

describe('compose.yaml', () => {
  it('should run the image, PostgreSQL and a mail catcher, the app waiting for a healthy database', () => {
    const compose = parse(readFileSync(path.join(ROOT, 'compose.yaml'), 'utf8')) as {
      services: Record<
        string,
        { build?: string; image?: string; depends_on?: Record<string, { condition: string }>; environment?: Record<string, string> }
      >;
    };
    expect(Object.keys(compose.services).sort()).toEqual(['app', 'mailcatcher', 'postgres']);
    expect(compose.services.app.build).toBe('.');
    expect(compose.services.app.depends_on?.postgres.condition).toBe('service_healthy');
    expect(compose.services.app.environment?.DATABASE_URL).toMatch(/@postgres:5432\//);
    expect(() => loadConfig(compose.services.app.environment)).not.toThrow();
  });
});

describe('Dockerfile', () => {
  const dockerfile = readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8');
  const stages = dockerfile.split(/^FROM /m).slice(1);

  it('should build in stages and ship only production dependencies, the build and the portlet, as a non-root user with a healthcheck on /readyz', () => {
    expect(stages.length).toBeGreaterThanOrEqual(3);
    const last = stages[stages.length - 1];
    expect(last).toMatch(/^USER node$/m);
    expect(last).toMatch(/COPY --from=deps \/app\/node_modules/);
    expect(dockerfile).toMatch(/npm ci --omit=dev/);
    expect(last).toMatch(/COPY --from=build \/app\/portlet\/dist/);
    expect(last).toMatch(/^HEALTHCHECK .*dist\/server\/healthcheck\.js/m);
    expect(readFileSync(path.join(ROOT, 'server', 'healthcheck.ts'), 'utf8')).toContain('/readyz');
  });
});
