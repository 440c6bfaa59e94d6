// docs/workload-identity.md's recipes, read out of the page as printed (the fenced block between
// `<!-- recipe:NAME -->` and `<!-- /recipe -->`), and run where they can run here, against a real
// `warden serve` on each database, with OpenID issuers on loopback shaped like GitHub's, GitLab's, a
// Kubernetes cluster's and Entra ID's (test/oidc-issuers.ts). The only changes are a reader's: the
// placeholder https://warden.example.com becomes the test server's address and, for the Airflow task,
// the token file's path (the one the manifest mounts) a temporary file.
// - GitHub Actions: each `run:` step through bash as a runner runs it, with the runner's environment
//   (ACTIONS_ID_TOKEN_REQUEST_URL/_TOKEN at an endpoint answering as GitHub's, GITHUB_ENV between steps).
// - GitLab CI: the `script:` lines through bash in one shell, the `id_tokens:` variable set to a
//   GitLab-shaped JWT with its `aud`; `apk add` (Alpine's package manager) is not run.
// - Kubernetes: the manifest against the Kubernetes schemas, as printed and as `kubectl kustomize`
//   renders it offline (`kubectl create|apply --dry-run=client` need an API server).
// - The Airflow task: compiled whole by python3, then run without Airflow (its import and the @dag
//   wrapper left out; the module and each @task's body run) under `python3 -I -S`: standard library only.
// - Azure Data Factory: cannot run here; its JSON is checked and the requests its two activities
//   describe are sent, an Entra-ID-shaped JWT standing in for the managed identity's.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { describeEachDatabase } from './support.ts';
import { startServe, type Serve } from './cli-support.ts';
import { findSystemProgram } from './system-programs.ts';
import { recipe, substitute } from './forward-auth-recipes.ts';
import { checkKubernetesObject, type K8sObject } from './kubernetes-schemas.ts';
import { AZURE, startGithubIdTokenEndpoint, startIssuer, type TestIssuer } from './oidc-issuers.ts';
import { bootstrapAdmin } from '../src/users/bootstrap.ts';
import { systemClock } from '../src/scheduler/clock.ts';

const PAGE = path.join(import.meta.dirname, '..', 'docs', 'workload-identity.md');
/** The address every recipe assumes for Warden (the page's placeholder). */
const EXAMPLE_URL = 'https://warden.example.com';
const EXCHANGE = 'urn:ietf:params:oauth:grant-type:token-exchange';
const K8S_UID = '5f1d2c3e-aaaa-4bbb-8ccc-0123456789ab';

/** A recipe as the page prints it now (read at each use: the test runs the current text). */
const printed = (name: string) => recipe(name, fs.readFileSync(PAGE, 'utf8'));

const bash = findSystemProgram('bash', 'bash');
const curl = findSystemProgram('curl', 'curl');
const jq = findSystemProgram('jq', 'jq');
const python3 = findSystemProgram('python3', 'python3');
const kubectl = findSystemProgram('kubectl', 'kubectl (preinstalled on this machine image; or from the Kubernetes apt repository)');
const shellTools = bash.skip || curl.skip || jq.skip;

function tmpdir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'warden-recipe-'));
}

interface Ran {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * A program run to its end without blocking this process (the loopback issuers and GitHub's ID token
 * endpoint answer from here while it runs); killed after 30 s.
 */
function run(program: string, args: string[], options: { cwd?: string; env: Record<string, string> }): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}

/** A script file through bash, with only `env` (plus PATH): what a CI runner does with a step. */
function runBash(dir: string, name: string, script: string, args: string[], env: Record<string, string>): Promise<Ran> {
  const file = path.join(dir, `${name}.sh`);
  fs.writeFileSync(file, script);
  return run(bash.path!, [...args, file], { cwd: dir, env: { PATH: process.env.PATH ?? '', HOME: dir, ...env } });
}

/** The Kubernetes recipe's objects, and where its pod finds the projected token. */
function kubernetesRecipe(text = printed('kubernetes')) {
  const objects = parseAllDocuments(text).map((d) => d.toJS() as K8sObject).filter(Boolean);
  const pod = objects.find((o) => o.kind === 'Pod');
  assert.ok(pod, 'the manifest has a Pod');
  const volume = pod.spec.volumes?.find((v: { projected?: unknown }) => v.projected);
  assert.ok(volume, 'the pod has a projected volume');
  const source = volume.projected.sources.find((s: { serviceAccountToken?: unknown }) => s.serviceAccountToken)?.serviceAccountToken;
  assert.ok(source, 'the projected volume has a serviceAccountToken source');
  const container = pod.spec.containers[0];
  const mount = container.volumeMounts?.find((m: { name: string }) => m.name === volume.name);
  assert.ok(mount, 'the container mounts the projected volume');
  return {
    objects, pod, source, container,
    namespace: pod.metadata.namespace!,
    serviceAccount: pod.spec.serviceAccountName as string,
    tokenPath: `${mount.mountPath}/${source.path}`,
  };
}

describe('workload identity recipes as printed: their structure', () => {
  test('GitHub Actions: the workflow may ask for an ID token, and its steps exchange then call', () => {
    const workflow = parse(printed('github-actions'));
    assert.equal(workflow.permissions['id-token'], 'write', 'permissions: id-token: write');
    const jobs = Object.values(workflow.jobs) as { env: Record<string, string>; steps: { run?: string }[] }[];
    assert.equal(jobs.length, 1);
    const [job] = jobs;
    assert.equal(job.env.WARDEN_URL, EXAMPLE_URL);
    assert.equal(job.steps.length, 2);
    assert.ok(job.steps.every((s) => typeof s.run === 'string'), 'every step is a run: step');
    assert.match(job.steps[0].run!, /\$ACTIONS_ID_TOKEN_REQUEST_URL&audience=warden/);
    assert.match(job.steps[0].run!, /\/api\/oauth\/token/);
    assert.match(job.steps[0].run!, /GITHUB_ENV/);
  });

  test('GitLab CI: an id_tokens variable with an audience, used by the script', () => {
    const ci = parse(printed('gitlab-ci'));
    const job = ci.sync;
    const [[name, spec]] = Object.entries(job.id_tokens as Record<string, { aud: string }>);
    assert.equal(spec.aud, 'warden');
    assert.ok((job.script as string[]).some((line) => line.includes(`subject_token=$${name}`)), 'the script exchanges the id_tokens variable');
    assert.match(job.rules[0].if, /CI_COMMIT_BRANCH == "main"/);
  });

  test('Kubernetes: the manifest is valid (schemas, unknown fields included) and projects a token with Warden\'s audience', async () => {
    const k = kubernetesRecipe();
    for (const object of k.objects) assert.deepEqual(await checkKubernetesObject(object), [], `${object.kind} is valid`);
    assert.equal(k.source.audience, 'warden');
    assert.ok(k.source.expirationSeconds >= 600, 'Kubernetes refuses expirationSeconds below 600');
    const account = k.objects.find((o) => o.kind === 'ServiceAccount');
    assert.equal(account?.metadata.name, k.serviceAccount, 'the pod runs as the manifest\'s service account');
    assert.equal(account?.metadata.namespace, k.namespace);
    assert.ok(k.container.volumeMounts.find((m: { mountPath: string }) => k.tokenPath.startsWith(m.mountPath)).readOnly);
    assert.ok(printed('airflow').includes(`"${k.tokenPath}"`), `the Airflow task reads the file the pod mounts (${k.tokenPath})`);
  });

  test('Kubernetes: kubectl reads the manifest offline (kustomize), and what it renders is valid', { skip: kubectl.skip }, async () => {
    // `kubectl create|apply --dry-run=client` still asks an API server for its resource types (there
    // is no cluster here); `kubectl kustomize` parses and renders the objects offline.
    const dir = tmpdir();
    try {
      fs.writeFileSync(path.join(dir, 'airflow.yaml'), printed('kubernetes'));
      fs.writeFileSync(path.join(dir, 'kustomization.yaml'), 'resources:\n  - airflow.yaml\n');
      const out = spawnSync(kubectl.path!, ['kustomize', dir], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: dir, KUBECONFIG: path.join(dir, 'none') } });
      assert.equal(out.status, 0, out.stderr);
      const rendered = parseAllDocuments(out.stdout).map((d) => d.toJS() as K8sObject).filter(Boolean);
      assert.deepEqual(rendered.map((o) => `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`), ['ServiceAccount/etl/airflow', 'Pod/etl/airflow-worker']);
      for (const object of rendered) assert.deepEqual(await checkKubernetesObject(object), [], `${object.kind} as kubectl renders it`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('Azure Data Factory: the first activity exchanges its managed identity\'s token, the second uses the answer', () => {
    const pipeline = JSON.parse(printed('azure-data-factory'));
    const [exchange, call] = pipeline.properties.activities;
    assert.equal(exchange.type, 'WebActivity');
    assert.equal(exchange.typeProperties.method, 'POST');
    assert.equal(exchange.typeProperties.url, `${EXAMPLE_URL}/api/oauth/token`);
    assert.equal(exchange.typeProperties.headers['Content-Type'], 'application/x-www-form-urlencoded');
    const form = new URLSearchParams(exchange.typeProperties.body);
    assert.equal(form.get('grant_type'), EXCHANGE);
    assert.equal(form.get('subject_token_type'), 'urn:ietf:params:oauth:token-type:jwt');
    assert.equal(form.get('subject_token'), null, 'the subject token comes from the MSI authentication header');
    assert.deepEqual(exchange.typeProperties.authentication, { type: 'MSI', resource: 'api://warden' });
    assert.equal(exchange.secureOutput, true, 'the Warden token is not kept in the run\'s log');
    assert.equal(call.typeProperties.url, `${EXAMPLE_URL}/api/users/me`);
    assert.deepEqual(call.dependsOn, [{ activity: exchange.name, dependencyConditions: ['Succeeded'] }]);
    assert.equal(call.secureInput, true);
  });
});

describeEachDatabase('workload identity recipes, run against warden serve', (dialect) => {
  let serve: Serve;
  let admin: string;
  let gh: TestIssuer;
  let gl: TestIssuer;
  let k8s: TestIssuer;
  let az: TestIssuer;
  const users: Record<string, { id: number; user_id: string }> = {};
  const dirs: string[] = [];

  const api = async (method: string, p: string, body?: unknown) => {
    const res = await fetch(`${serve.url}${p}`, { method, headers: { authorization: `Bearer ${admin}`, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
    const text = await res.text();
    assert.ok(res.ok, `${method} ${p}: ${res.status} ${text}`);
    return JSON.parse(text);
  };
  /** A service user trusting one workload identity, as the recipe's paragraph describes it. */
  const trusting = async (key: string, name: string, trust: Record<string, unknown>) => {
    const user = await api('POST', '/api/users', { name, role: 'member' });
    await api('POST', `/api/users/${user.id}/workload-identities`, { name: key, audience: 'warden', ...trust });
    users[key] = { id: user.id, user_id: user.user_id };
  };
  const dir = () => {
    const d = tmpdir();
    dirs.push(d);
    return d;
  };
  const withServer = (text: string) => substitute(text, [[EXAMPLE_URL, serve.url]]);

  before(async () => {
    serve = await startServe(dialect, { WARDEN_OUTBOUND_ALLOW_NETWORKS: '127.0.0.1' });
    admin = (await bootstrapAdmin(serve.db.db, null)).token;
    gh = await startIssuer('github', systemClock);
    gl = await startIssuer('gitlab', systemClock);
    k8s = await startIssuer('kubernetes', systemClock, { path: '/k8s' });
    az = await startIssuer('azure', systemClock, { path: `/${AZURE.tenant}/v2.0` });
    await trusting('github', 'ETL on GitHub', { issuer: gh.issuer, subject: 'repo:acme/etl:ref:refs/heads/main', claims: { repository_id: '123456' } });
    await trusting('gitlab', 'ETL on GitLab', { issuer: gl.issuer, subject: 'project_path:acme/etl:ref_type:branch:ref:main', claims: { project_id: '4711' } });
    const k = kubernetesRecipe();
    await trusting('kubernetes', 'Airflow', { issuer: k8s.issuer, audience: k.source.audience, subject: `system:serviceaccount:${k.namespace}:${k.serviceAccount}`, claims: { 'kubernetes.io.serviceaccount.uid': K8S_UID } });
    await trusting('azure', 'Data Factory', { issuer: az.issuer, audience: 'api://warden', subject: AZURE.objectId, claims: { tid: AZURE.tenant } });
  });
  after(async () => {
    await serve?.stop();
    for (const issuer of [gh, gl, k8s, az]) await issuer?.close();
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });

  /**
   * The workflow's job run step by step as a GitHub-hosted runner does: `bash -e {0}` (with
   * `shell: bash`, `bash --noprofile --norc -eo pipefail {0}`), the job's env, the ID token request
   * variables, and GITHUB_ENV (a fresh file per step, read into the environment of the next).
   */
  async function runWorkflow(jobClaims: Record<string, unknown> = {}): Promise<{ steps: Ran[]; asked: (string | null)[] }> {
    const workflow = parse(withServer(printed('github-actions')));
    const [job] = Object.values(workflow.jobs) as { env?: Record<string, string>; steps: { run: string; shell?: string; env?: Record<string, string> }[] }[];
    const defaultShell = workflow.defaults?.run?.shell as string | undefined;
    const endpoint = await startGithubIdTokenEndpoint(gh, jobClaims);
    const d = dir();
    let env: Record<string, string> = {
      CI: 'true', GITHUB_ACTIONS: 'true', GITHUB_REPOSITORY: 'acme/etl', GITHUB_REF: 'refs/heads/main',
      ACTIONS_ID_TOKEN_REQUEST_URL: endpoint.url, ACTIONS_ID_TOKEN_REQUEST_TOKEN: endpoint.requestToken, ...job.env,
    };
    const steps: Ran[] = [];
    try {
      for (const [i, step] of job.steps.entries()) {
        const githubEnv = path.join(d, `github_env_${i}`);
        fs.writeFileSync(githubEnv, '');
        const shell = step.shell ?? defaultShell;
        assert.ok(shell === undefined || shell === 'bash', `step ${i} runs in ${shell}`);
        const args = shell === 'bash' ? ['--noprofile', '--norc', '-eo', 'pipefail'] : ['-e'];
        const ran = await runBash(d, `step${i}`, step.run, args, { ...env, ...step.env, GITHUB_ENV: githubEnv });
        steps.push(ran);
        if (ran.status !== 0) break; // a failed step ends the job
        for (const line of fs.readFileSync(githubEnv, 'utf8').split('\n').filter(Boolean)) {
          const eq = line.indexOf('=');
          assert.ok(eq > 0, `GITHUB_ENV line without =: ${line.slice(0, 20)}`);
          env = { ...env, [line.slice(0, eq)]: line.slice(eq + 1) };
        }
      }
      return { steps, asked: endpoint.asked };
    } finally {
      await endpoint.close();
    }
  }

  test('GitHub Actions: the workflow\'s steps get an ID token for audience warden, exchange it and call Warden as the service user', { skip: shellTools }, async () => {
    const { steps, asked } = await runWorkflow();
    assert.equal(steps.length, 2);
    assert.equal(steps[0].status, 0, steps[0].stderr);
    assert.deepEqual(asked, ['warden'], 'one ID token, asked for audience warden');
    assert.match(steps[0].stdout, /^::add-mask::wdn_svc_\w+$/m, 'the Warden token is masked in the log');
    assert.equal(steps[1].status, 0, steps[1].stderr);
    assert.equal(JSON.parse(steps[1].stdout).user_id, users.github.user_id);
  });

  test('GitHub Actions: a job the trust does not cover fails at the exchange step', { skip: shellTools }, async () => {
    const { steps } = await runWorkflow({ repository_id: '999999' });
    assert.equal(steps.length, 1, 'the job stops at the exchange');
    assert.notEqual(steps[0].status, 0);
    assert.match(steps[0].stderr, /error: 400|returned error/);
  });

  /** The job's script as the runner runs it: its lines one after the other in one shell, stopping at the first failure. */
  async function runGitlabJob(jobClaims: Record<string, unknown> = {}): Promise<Ran> {
    const job = parse(withServer(printed('gitlab-ci'))).sync as { id_tokens: Record<string, { aud: string }>; variables: Record<string, string>; script: string[] };
    const [[variable, { aud }]] = Object.entries(job.id_tokens);
    assert.ok(job.script.every((line) => typeof line === 'string'), 'every script line is a string (GitLab refuses anything else)');
    const lines = job.script.filter((line) => {
      const install = /^apk add --no-cache (.+)$/.exec(line);
      if (!install) return true;
      // Alpine's package manager: not run here; what it installs must be here instead.
      for (const pkg of install[1].split(/\s+/)) assert.ok({ curl, jq }[pkg as 'curl' | 'jq']?.path, `${pkg} is installed here`);
      return false;
    });
    assert.equal(lines.length, job.script.length - 1, 'one apk line left out, nothing else');
    const env = { CI: 'true', GITLAB_CI: 'true', CI_COMMIT_BRANCH: 'main', CI_PROJECT_PATH: 'acme/etl', ...job.variables, [variable]: await gl.sign({ ...jobClaims, aud }) };
    return runBash(dir(), 'script', lines.join('\n'), ['--noprofile', '--norc', '-e'], env);
  }

  test('GitLab CI: the script exchanges the id_tokens variable and calls Warden as the service user', { skip: shellTools }, async () => {
    const ran = await runGitlabJob();
    assert.equal(ran.status, 0, ran.stderr);
    assert.equal(JSON.parse(ran.stdout).user_id, users.gitlab.user_id);
  });

  test('GitLab CI: a job the trust does not cover fails at the exchange, before the call', { skip: shellTools }, async () => {
    const ran = await runGitlabJob({ project_id: '999' });
    assert.notEqual(ran.status, 0);
    assert.match(ran.stderr, /error: 400|returned error/);
    assert.equal(ran.stdout, '', 'the call never ran');
  });

  test('Kubernetes + Airflow: the task exchanges the projected token file (standard library only) and prints the service user; the same file again is refused', { skip: python3.skip }, async () => {
    const k = kubernetesRecipe(withServer(printed('kubernetes')));
    const d = dir();
    const tokenFile = path.join(d, 'token');
    // What the kubelet writes into the projected volume for this pod.
    fs.writeFileSync(tokenFile, `${await k8s.sign({
      aud: [k.source.audience], sub: `system:serviceaccount:${k.namespace}:${k.serviceAccount}`,
      'kubernetes.io': { namespace: k.namespace, serviceaccount: { name: k.serviceAccount, uid: K8S_UID }, pod: { name: k.pod.metadata.name, uid: 'p-1' } },
    })}\n`);
    const dag = path.join(d, 'warden_sync.py');
    fs.writeFileSync(dag, substitute(printed('airflow'), [[k.tokenPath, tokenFile]]));
    const compiled = spawnSync(python3.path!, ['-m', 'py_compile', dag], { encoding: 'utf8' });
    assert.equal(compiled.status, 0, compiled.stderr);
    const wardenUrl = k.container.env.find((e: { name: string }) => e.name === 'WARDEN_URL').value;
    assert.equal(wardenUrl, serve.url, 'the pod\'s WARDEN_URL');
    const task = () => run(python3.path!, ['-I', '-S', '-c', WITHOUT_AIRFLOW, dag], { env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? d, WARDEN_URL: wardenUrl } });
    const first = await task();
    assert.equal(first.status, 0, first.stderr);
    assert.equal(first.stdout.trim(), users.kubernetes.user_id);
    const again = await task();
    assert.notEqual(again.status, 0);
    assert.match(again.stderr, /RuntimeError: Warden refused the exchange: .*invalid_grant.*exchanged already/);
    assert.ok(!again.stderr.includes(fs.readFileSync(tokenFile, 'utf8').trim()), 'the refusal does not print the token');
  });

  test('Azure Data Factory: the requests of its two activities exchange an Entra-ID-shaped token and call Warden as the service user', async () => {
    const [exchange, call] = JSON.parse(withServer(printed('azure-data-factory'))).properties.activities;
    // The Web activity's MSI authentication: a token for `resource`, sent as Authorization: Bearer.
    const msi = await az.sign({ aud: exchange.typeProperties.authentication.resource });
    const res = await fetch(exchange.typeProperties.url, { method: exchange.typeProperties.method, headers: { ...exchange.typeProperties.headers, authorization: `Bearer ${msi}` }, body: exchange.typeProperties.body });
    const output = (await res.json()) as Record<string, unknown>;
    assert.equal(res.status, 200, JSON.stringify(output));
    // The one expression form the second activity uses: @{activity('NAME').output.FIELD}.
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(call.typeProperties.headers as Record<string, string>)) {
      headers[name] = value.replace(/@\{activity\('([^']+)'\)\.output\.(\w+)\}/g, (_m, activity: string, field: string) => {
        assert.equal(activity, exchange.name);
        assert.equal(typeof output[field], 'string', `the exchange's answer has ${field}`);
        return output[field] as string;
      });
    }
    const me = await fetch(call.typeProperties.url, { method: call.typeProperties.method, headers });
    assert.equal(me.status, 200);
    assert.equal(((await me.json()) as { user_id: string }).user_id, users.azure.user_id);
  });
});

/**
 * Runs a DAG file without Airflow: its `airflow` imports and the `@dag` function (and its call) are
 * left out, each `@task` inside is defined undecorated at module level and called in order. Fails if
 * the file has no @dag with a @task.
 */
const WITHOUT_AIRFLOW = `
import ast, sys
path = sys.argv[1]
tree = ast.parse(open(path).read(), path)

def named(decorator, name):
    target = decorator.func if isinstance(decorator, ast.Call) else decorator
    return (isinstance(target, ast.Name) and target.id == name) or (isinstance(target, ast.Attribute) and target.attr == name)

def is_airflow(node):
    if isinstance(node, ast.ImportFrom):
        return (node.module or '').split('.')[0] == 'airflow'
    return isinstance(node, ast.Import) and any(a.name.split('.')[0] == 'airflow' for a in node.names)

kept, tasks, dags = [], [], set()
for node in tree.body:
    if is_airflow(node):
        continue
    if isinstance(node, ast.FunctionDef) and any(named(d, 'dag') for d in node.decorator_list):
        dags.add(node.name)
        for inner in node.body:
            if isinstance(inner, ast.FunctionDef) and any(named(d, 'task') for d in inner.decorator_list):
                inner.decorator_list = []
                tasks.append(inner)
        continue
    if isinstance(node, ast.Expr) and isinstance(node.value, ast.Call) and isinstance(node.value.func, ast.Name) and node.value.func.id in dags:
        continue
    kept.append(node)
if not dags or not tasks:
    sys.exit('no @dag function with a @task in ' + path)
calls = [ast.Expr(ast.Call(ast.Name(t.name, ast.Load()), [], [])) for t in tasks]
module = ast.fix_missing_locations(ast.Module(kept + tasks + calls, []))
exec(compile(module, path, 'exec'), {'__name__': '__main__'})
`;
