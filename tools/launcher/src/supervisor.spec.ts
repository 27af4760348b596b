import { describe, expect, it } from 'vitest';
import type { ServiceSpec } from './services.ts';
import { Supervisor, type Crash } from './supervisor.ts';

/** A "service" that says why it fails, the last words without a newline, then exits. */
function dying(script: string): ServiceSpec {
  return { name: 'order', port: 0, managementPort: 0, args: ['-e', script], env: {} };
}

describe('Supervisor', () => {
  it('reports a process that exits on its own with its last lines, the unterminated one too', async () => {
    const printed: string[] = [];
    let crash: Crash | undefined;
    const reported = new Promise<void>((resolve) => {
      const supervisor = new Supervisor(
        { line: (text) => printed.push(text) },
        (c) => {
          crash = c;
          resolve();
        },
        false,
      );
      supervisor.start(
        dying(
          "console.log('RedisModule dependencies initialized');" +
            "process.stderr.write('Error: the real reason\\n  caused by: its cause');" +
            'process.exitCode = 3;',
        ),
      );
    });
    await reported;
    expect(crash).toMatchObject({ name: 'order', code: 3, signal: null });
    expect(crash?.lastLines).toEqual(
      expect.arrayContaining([
        'RedisModule dependencies initialized',
        'Error: the real reason',
        '  caused by: its cause',
      ]),
    );
    // The unterminated last line is printed before the crash notice, not lost after it.
    expect(printed.slice(-2)[0]).toMatch(/^\[order\] +caused by: its cause$/);
    expect(printed.at(-1)).toMatch(/\[order\].*exited unexpectedly \(code 3\)/);
  });
});
