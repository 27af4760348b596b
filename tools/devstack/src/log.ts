const started = Date.now();

function elapsed(): string {
  return `${((Date.now() - started) / 1000).toFixed(1)}s`.padStart(7);
}

/** Progress lines on stderr, so that stdout stays parseable (`status --json`). */
export function say(scope: string, message: string): void {
  process.stderr.write(`[devstack ${elapsed()}] ${scope.padEnd(9)} ${message}\n`);
}

export function fail(message: string): never {
  process.stderr.write(`[devstack] error: ${message}\n`);
  process.exit(1);
}
