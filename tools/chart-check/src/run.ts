/**
 * Child processes and the check report. Every check prints one `ok:` or `FAILED:` line as it
 * ends; the last line is `N passed, N failed`, the line CI reads.
 */
import { execFile } from 'node:child_process';

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a program to completion and never throws: the caller decides what a failure means. */
export function run(
  file: string,
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string } = {},
): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = execFile(
      file,
      args,
      { cwd: options.cwd, env: options.env ?? process.env, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({
          code,
          stdout: String(stdout),
          stderr: String(stderr || (error && !stderr ? error.message : '')),
        });
      },
    );
    if (options.input !== undefined) child.stdin?.end(options.input);
  });
}

/** The last lines of a tool's output, enough to see why it failed without flooding the log. */
export function tail(text: string, lines = 15): string {
  return text
    .trim()
    .split('\n')
    .slice(-lines)
    .map((l) => `    ${l}`)
    .join('\n');
}

export class Report {
  passed = 0;
  failed = 0;

  ok(name: string): void {
    this.passed += 1;
    console.log(`ok: ${name}`);
  }

  fail(name: string, why: string): void {
    this.failed += 1;
    console.log(`FAILED: ${name}\n${why}`);
  }

  /** One check from a list of problems: none is ok, any is a failure listing them. */
  expectNone(name: string, problems: readonly string[]): void {
    if (problems.length === 0) this.ok(name);
    else this.fail(name, problems.map((p) => `    - ${p}`).join('\n'));
  }

  /** Runs a check body; a thrown error is that check's failure, not the end of the run. */
  async check(
    name: string,
    body: () => Promise<readonly string[]> | readonly string[],
  ): Promise<void> {
    try {
      this.expectNone(name, await body());
    } catch (error) {
      this.fail(name, `    ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
