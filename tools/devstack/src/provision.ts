import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { say } from './log.ts';
import { run } from './proc.ts';
import { paths } from './settings.ts';

/** The first of `candidates` found on PATH or as an absolute path. */
export function findExecutable(candidates: string[]): string | undefined {
  const dirs = (process.env.PATH ?? '').split(':').filter(Boolean);
  for (const candidate of candidates) {
    if (candidate.startsWith('/')) {
      if (existsSync(candidate)) return candidate;
      continue;
    }
    for (const dir of dirs) {
      if (existsSync(join(dir, candidate))) return join(dir, candidate);
    }
  }
  return undefined;
}

let aptUpdated = false;

/**
 * Installs Debian packages when a tool is missing. Only root can; anyone else gets told which
 * package to install, which is all a developer's laptop needs.
 */
export async function aptInstall(scope: string, packages: string[]): Promise<void> {
  if (process.getuid?.() !== 0) {
    throw new Error(
      `${scope}: please install the Debian packages ${packages.join(' ')} (needs root)`,
    );
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  if (!aptUpdated) {
    say(scope, 'apt-get update (first run only)…');
    await run('apt-get', ['update', '-qq'], { env, what: 'apt-get update' });
    aptUpdated = true;
  }
  say(scope, `apt-get install ${packages.join(' ')} (first run only)…`);
  await run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...packages], {
    env,
    what: `apt-get install ${packages.join(' ')}`,
  });
}

/** Finds a tool, installing its Debian package when it is missing. */
export async function requireTool(
  scope: string,
  candidates: string[],
  aptPackages: string[],
): Promise<string> {
  const found = findExecutable(candidates);
  if (found) return found;
  await aptInstall(scope, aptPackages);
  const installed = findExecutable(candidates);
  if (!installed)
    throw new Error(
      `${scope}: ${candidates[0]} still missing after installing ${aptPackages.join(' ')}`,
    );
  return installed;
}

function digest(files: string[]): string {
  const hash = createHash('sha256');
  for (const file of files) hash.update(readFileSync(file));
  return hash.digest('hex').slice(0, 12);
}

/**
 * Copies the runtime jars a pom declares into `.devstack/downloads/<name>-<pom digest>/lib`.
 * Maven's local repository caches the jars across clones, so a fresh clone on a warm machine
 * only copies files.
 */
export async function mavenRuntime(scope: string, name: string, pom: string): Promise<string> {
  const target = join(paths.downloads, `${name}-${digest([pom])}`);
  const lib = join(target, 'lib');
  if (existsSync(join(target, '.complete'))) return lib;
  const mvn = await requireTool(scope, ['mvn'], ['maven']);
  say(scope, `fetching ${name} jars through Maven (first run only)…`);
  const staging = `${target}.partial`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  await run(
    mvn,
    [
      '-q',
      '-B',
      '-f',
      pom,
      'dependency:copy-dependencies',
      `-DoutputDirectory=${join(staging, 'lib')}`,
    ],
    { what: `maven fetch of ${name}` },
  );
  writeFileSync(join(staging, '.complete'), new Date().toISOString());
  rmSync(target, { recursive: true, force: true });
  renameSync(staging, target);
  say(scope, `${readdirSync(lib).length} jars in ${target}`);
  return lib;
}

/**
 * Builds a Go main package into `.devstack/downloads/<name>-<source digest>/<name>`. Go's module
 * and build caches make a rebuild in a fresh clone quick.
 */
export async function goBuild(scope: string, name: string, moduleDir: string): Promise<string> {
  const sources = ['go.mod', 'go.sum', 'main.go'].map((file) => join(moduleDir, file));
  const target = join(paths.downloads, `${name}-${digest(sources)}`);
  const binary = join(target, name);
  if (existsSync(binary)) return binary;
  const go = findExecutable(['go', '/usr/local/go/bin/go']);
  if (!go)
    throw new Error(
      `${scope}: Go 1.22 or newer is needed to build ${name}; install it from go.dev`,
    );
  say(scope, `building ${name} with Go (first run only, a few minutes on 2 cores)…`);
  mkdirSync(target, { recursive: true });
  await run(go, ['build', '-trimpath', '-o', `${binary}.partial`, '.'], {
    cwd: moduleDir,
    // GOTOOLCHAIN=local: never download another Go toolchain; GOFLAGS: the go.sum is authoritative.
    env: { ...process.env, GOTOOLCHAIN: 'local', GOFLAGS: '-mod=readonly', CGO_ENABLED: '0' },
    what: `go build of ${name}`,
  });
  renameSync(`${binary}.partial`, binary);
  return binary;
}

/** Java 17 is what Cassandra 5 and Kafka 3.9 are tested on; prefer it over a newer default. */
export async function requireJava(scope: string, override: string): Promise<string> {
  if (override) return override;
  return requireTool(
    scope,
    [
      '/usr/lib/jvm/java-17-openjdk-amd64/bin/java',
      '/usr/lib/jvm/java-17-openjdk-arm64/bin/java',
      'java',
    ],
    ['openjdk-17-jre-headless'],
  );
}
