// The deployment artefacts are checked by the tools that read them: every Kustomize overlay is
// rendered by `kubectl kustomize` and each object validated against the Kubernetes schemas
// (kubernetes-models), unknown fields included; the compose file by `docker-compose config`; the
// systemd unit by `systemd-analyze verify` and its security score; the compose example's nginx files
// are docs/forward-auth.md's recipe (compared) and pass `nginx -t` as mounted.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { findSystemProgram } from './system-programs.ts';
import { nginxMainConf, recipe, substitute } from './forward-auth-recipes.ts';
import { checkKubernetesObject as check, type K8sObject } from './kubernetes-schemas.ts';

const ROOT = path.join(import.meta.dirname, '..');
const DEPLOY = path.join(ROOT, 'deploy');

const kubectl = findSystemProgram('kubectl', 'kubectl (preinstalled on this machine image; or from the Kubernetes apt repository)');

function render(overlay: string): K8sObject[] {
  const out = spawnSync(kubectl.path!, ['kustomize', path.join(DEPLOY, 'kubernetes', 'overlays', overlay)], { encoding: 'utf8' });
  assert.equal(out.status, 0, out.stderr);
  return parseAllDocuments(out.stdout).map((d) => d.toJS() as K8sObject).filter(Boolean);
}

function podSpecs(objects: K8sObject[]) {
  return objects.filter((o) => o.kind === 'Deployment' || o.kind === 'Job').map((o) => ({ name: `${o.kind}/${o.metadata.name}`, pod: o.spec.template.spec }));
}

describe('Kubernetes manifests', { skip: kubectl.skip }, () => {
  test('the validation fails on a misspelt field, a wrong type and a missing required field (it can fail)', async () => {
    const [deployment] = render('sqlite').filter((o) => o.kind === 'Deployment');
    assert.deepEqual(await check(deployment), []);
    const typo = structuredClone(deployment);
    typo.spec.template.spec.containers[0].readinesProbe = typo.spec.template.spec.containers[0].readinessProbe;
    assert.match((await check(typo)).join('\n'), /containers\/0\/readinesProbe is not a field/);
    const type = structuredClone(deployment);
    type.spec.replicas = 'one';
    assert.match((await check(type)).join('\n'), /\/spec\/replicas type/);
    const missing = structuredClone(deployment);
    delete missing.spec.selector;
    assert.match((await check(missing)).join('\n'), /required.*selector/);
  });

  for (const overlay of ['sqlite', 'postgres']) {
    test(`overlays/${overlay}: every object is valid, every pod is hardened and probed`, async () => {
      const objects = render(overlay);
      assert.ok(objects.length >= 4);
      const errors = (await Promise.all(objects.map(check))).flat();
      assert.deepEqual(errors, []);
      for (const { name, pod } of podSpecs(objects)) {
        assert.equal(pod.securityContext.runAsNonRoot, true, name);
        assert.equal(pod.securityContext.runAsUser, 10001, name);
        assert.equal(pod.securityContext.seccompProfile.type, 'RuntimeDefault', name);
        assert.equal(pod.automountServiceAccountToken, false, name);
        for (const c of [...(pod.initContainers ?? []), ...pod.containers]) {
          assert.equal(c.securityContext.readOnlyRootFilesystem, true, `${name} ${c.name}`);
          assert.equal(c.securityContext.allowPrivilegeEscalation, false, `${name} ${c.name}`);
          assert.deepEqual(c.securityContext.capabilities.drop, ['ALL'], `${name} ${c.name}`);
          assert.ok(c.resources.requests.memory && c.resources.limits.memory, `${name} ${c.name}: memory request and limit`);
          assert.ok(c.volumeMounts.some((m: { mountPath: string }) => m.mountPath === '/tmp'), `${name} ${c.name}: a writable /tmp`);
        }
      }
      const deployment = objects.find((o) => o.kind === 'Deployment')!;
      const server = deployment.spec.template.spec.containers[0];
      assert.equal(server.readinessProbe.httpGet.path, '/readyz');
      assert.equal(server.livenessProbe.httpGet.path, '/healthz');
      const env = Object.fromEntries(server.env.map((e: { name: string; value?: string }) => [e.name, e.value]));
      // Metrics on their own port and Service, never on the public one.
      assert.equal(env.WARDEN_METRICS_PORT, '9090');
      const services = objects.filter((o) => o.kind === 'Service');
      const publicService = services.find((s) => s.metadata.name === 'warden')!;
      assert.deepEqual(publicService.spec.ports.map((p: { targetPort: string }) => p.targetPort), ['http']);
      assert.deepEqual(services.find((s) => s.metadata.name === 'warden-metrics')!.spec.ports.map((p: { targetPort: string }) => p.targetPort), ['metrics']);
      if (overlay === 'sqlite') {
        assert.equal(deployment.spec.replicas, 1);
        assert.equal(deployment.spec.strategy.type, 'Recreate');
        assert.equal(deployment.spec.template.spec.volumes.find((v: { name: string }) => v.name === 'data').persistentVolumeClaim.claimName, 'warden-data');
        assert.ok(objects.some((o) => o.kind === 'PersistentVolumeClaim' && o.metadata.name === 'warden-data'));
        assert.equal(env.WARDEN_MIGRATE, undefined, 'one replica migrates at start');
      } else {
        assert.ok(deployment.spec.replicas >= 2);
        assert.equal(env.WARDEN_MIGRATE, 'off', 'the replicas never migrate: the Job does');
        assert.equal(env.WARDEN_DATABASE_URL_FILE, '/run/secrets/warden-database/url');
        assert.equal(deployment.spec.template.spec.volumes.find((v: { name: string }) => v.name === 'database-url').secret.secretName, 'warden-database');
        assert.match(deployment.spec.template.spec.initContainers[0].command.join(' '), /warden migrate --check/);
        const job = objects.find((o) => o.kind === 'Job')!;
        assert.deepEqual(job.spec.template.spec.containers[0].command, ['warden', 'migrate']);
        const pdb = objects.find((o) => o.kind === 'PodDisruptionBudget')!;
        assert.deepEqual(pdb.spec.selector.matchLabels, deployment.spec.selector.matchLabels);
      }
    });
  }
});

const compose = findSystemProgram('docker-compose', 'docker-compose');

describe('deploy/compose.yaml', { skip: compose.skip }, () => {
  const run = (env: Record<string, string>, ...args: string[]) =>
    spawnSync(compose.path!, ['-f', path.join(DEPLOY, 'compose.yaml'), ...args], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: os.tmpdir(), ...env } });

  test('is valid with its secret set, migrations first, the nginx example only in its profile', () => {
    const out = run({ POSTGRES_PASSWORD: 'secret-for-the-test' }, 'config');
    assert.equal(out.status, 0, out.stderr);
    assert.match(out.stdout, /condition: service_completed_successfully/);
    assert.match(out.stdout, /WARDEN_MIGRATE: 'off'|WARDEN_MIGRATE: "off"|WARDEN_MIGRATE: off/);
    assert.equal(run({ POSTGRES_PASSWORD: 'x' }, 'config', '--services').stdout.trim().split('\n').sort().join(','), 'migrate,nginx,postgres,warden');
    const services = (parseAllDocuments(out.stdout)[0].toJS() as { services: Record<string, { profiles?: string[] }> }).services;
    assert.deepEqual(services.nginx.profiles, ['forward-auth']);
    assert.equal(services.warden.profiles, undefined);
  });

  test('refuses to start without the secret, naming it', () => {
    const out = run({}, 'config');
    assert.notEqual(out.status, 0);
    assert.match(out.stderr, /set POSTGRES_PASSWORD/);
  });
});

const nginx = findSystemProgram('nginx', 'nginx-light', [process.env.NGINX_BIN, '/usr/sbin/nginx', '/usr/local/sbin/nginx']);

describe('deploy/nginx (the compose forward-auth example)', () => {
  /** A deploy file without its leading comment lines. */
  const body = (name: string) => fs.readFileSync(path.join(DEPLOY, 'nginx', name), 'utf8').replace(/^(#[^\n]*\n)+/, '');

  test('is docs/forward-auth.md\'s nginx recipe as printed, with only Warden\'s address changed', () => {
    assert.equal(body('warden.conf'), substitute(recipe('nginx'), [['127.0.0.1:8080', 'warden:8080']]), 'deploy/nginx/warden.conf drifted from the recipe: regenerate it from docs/forward-auth.md');
    assert.equal(body('warden-auth.conf'), recipe('nginx-snippet'), 'deploy/nginx/warden-auth.conf drifted from the recipe\'s snippet');
  });

  test('passes nginx -t with the three files where compose mounts them', { skip: nginx.skip }, () => {
    // compose mounts warden.conf and stand-in-app.conf into conf.d and the snippet at
    // /etc/nginx/snippets/; here they sit in a temporary directory, and `warden` (a compose service
    // name) is an address nginx can resolve without compose's DNS.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'warden-deploy-nginx-'));
    try {
      const snippet = path.join(dir, 'warden-auth.conf');
      fs.copyFileSync(path.join(DEPLOY, 'nginx', 'warden-auth.conf'), snippet);
      fs.writeFileSync(path.join(dir, 'default.conf'), substitute(fs.readFileSync(path.join(DEPLOY, 'nginx', 'warden.conf'), 'utf8'), [['warden:8080', '127.0.0.1:8080'], ['/etc/nginx/snippets/warden-auth.conf', snippet], ['listen 80;', 'listen 127.0.0.1:1;']]));
      fs.writeFileSync(path.join(dir, 'stand-in-app.conf'), fs.readFileSync(path.join(DEPLOY, 'nginx', 'stand-in-app.conf'), 'utf8'));
      const conf = path.join(dir, 'nginx.conf');
      fs.writeFileSync(conf, nginxMainConf(dir, `  include ${dir}/default.conf;\n  include ${dir}/stand-in-app.conf;`));
      const out = spawnSync(nginx.path!, ['-t', '-p', dir, '-c', conf, '-e', path.join(dir, 'error.log')], { encoding: 'utf8' });
      assert.equal(out.status, 0, out.stderr);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

const analyze = findSystemProgram('systemd-analyze', 'systemd');

describe('deploy/warden.service', { skip: analyze.skip }, () => {
  test('systemd-analyze verify accepts it', () => {
    // verify also checks that ExecStart's program exists: a copy of the unit whose ExecStart names
    // an executable stand-in for the documented install (/opt/warden/node_modules/.bin/warden).
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'warden-unit-'));
    try {
      const program = path.join(dir, 'warden');
      fs.copyFileSync(path.join(ROOT, 'bin', 'warden.js'), program);
      fs.chmodSync(program, 0o755);
      const unit = fs.readFileSync(path.join(DEPLOY, 'warden.service'), 'utf8');
      assert.match(unit, /^ExecStart=\/opt\/warden\/node_modules\/\.bin\/warden serve$/m);
      fs.writeFileSync(path.join(dir, 'warden.service'), unit.replace(/^ExecStart=\S+/m, `ExecStart=${program}`));
      const out = spawnSync(analyze.path!, ['verify', path.join(dir, 'warden.service')], { encoding: 'utf8' });
      assert.equal(out.status, 0, out.stdout + out.stderr);
      assert.equal(out.stderr.trim(), '', out.stderr);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('systemd-analyze security rates its exposure at most 2.0, without MemoryDenyWriteExecute (V8 needs it off)', () => {
    const unit = fs.readFileSync(path.join(DEPLOY, 'warden.service'), 'utf8');
    assert.doesNotMatch(unit, /^MemoryDenyWriteExecute=yes/m);
    assert.match(unit, /^DynamicUser=yes$/m);
    assert.match(unit, /^StateDirectory=warden$/m);
    const out = spawnSync(analyze.path!, ['security', '--offline=yes', path.join(DEPLOY, 'warden.service')], { encoding: 'utf8' });
    const score = /Overall exposure level for warden\.service: (\d+\.\d+)/.exec(out.stdout);
    assert.ok(score, out.stdout + out.stderr);
    assert.ok(Number(score[1]) <= 2.0, `exposure ${score[1]}`);
  });
});
