/**
 * Sends fuzz cases at a door of the platform, a few at a time, bounded in count and in time, and
 * keeps what broke the rules: a 5xx, a 4xx that is not a problem with a `code`, no answer at all.
 */
import { problemCode, send } from '../http.ts';
import type { Caller, FuzzCase } from './cases.ts';

export interface Door {
  name: string;
  baseUrl: string;
  tokens: Record<Exclude<Caller, 'none'>, string>;
}

export interface Finding {
  door: string;
  rule: 'server-error' | 'not-a-problem' | 'no-answer';
  status: number;
  detail: string;
  request: string;
}

export interface FuzzReport {
  sent: number;
  byStatus: Record<string, number>;
  byFamily: Record<string, number>;
  byOperation: Record<string, number>;
  findings: Finding[];
  /** True when the time bound cut the run short. */
  cut: boolean;
}

export interface RunOptions {
  concurrency: number;
  deadline: number;
  timeoutMs?: number;
}

function describeRequest(door: Door, c: FuzzCase): string {
  const body =
    c.body === undefined ? '' : ` body(${c.body.length}B)=${JSON.stringify(c.body.slice(0, 160))}`;
  return `${door.name} ${c.method} ${c.path.slice(0, 200)} [${c.family}, ${c.caller}] headers=${JSON.stringify(c.headers).slice(0, 200)}${body}`;
}

async function sendCase(
  door: Door,
  c: FuzzCase,
  report: FuzzReport,
  timeoutMs: number,
): Promise<void> {
  const token = c.caller === 'none' ? undefined : door.tokens[c.caller];
  const request = describeRequest(door, c);
  try {
    const answer = await send({
      method: c.method,
      url: `${door.baseUrl}${c.path}`,
      headers: c.headers,
      body: c.body,
      token: 'authorization' in c.headers ? undefined : token,
      timeoutMs,
      fresh: c.fresh,
    });
    report.byStatus[answer.status] = (report.byStatus[answer.status] ?? 0) + 1;
    const detail = `${answer.status} ${answer.contentType} ${answer.text.slice(0, 300)}`;
    if (answer.status >= 500) {
      report.findings.push({
        door: door.name,
        rule: 'server-error',
        status: answer.status,
        detail,
        request,
      });
    } else if (answer.status >= 400 && !problemCode(answer)) {
      report.findings.push({
        door: door.name,
        rule: 'not-a-problem',
        status: answer.status,
        detail,
        request,
      });
    }
  } catch (error) {
    report.findings.push({
      door: door.name,
      rule: 'no-answer',
      status: 0,
      detail: (error as Error).message,
      request,
    });
  }
}

export function emptyReport(): FuzzReport {
  return { sent: 0, byStatus: {}, byFamily: {}, byOperation: {}, findings: [], cut: false };
}

/** Sends `cases` in order with `concurrency` workers; stops taking new ones at the deadline. */
export async function runCases(
  door: Door,
  cases: readonly FuzzCase[],
  options: RunOptions,
  report: FuzzReport = emptyReport(),
): Promise<FuzzReport> {
  let next = 0;
  const worker = async () => {
    while (next < cases.length) {
      if (Date.now() > options.deadline) {
        report.cut = true;
        return;
      }
      const c = cases[next++];
      report.sent++;
      report.byFamily[c.family] = (report.byFamily[c.family] ?? 0) + 1;
      report.byOperation[`${door.name} ${c.operation}`] =
        (report.byOperation[`${door.name} ${c.operation}`] ?? 0) + 1;
      await sendCase(door, c, report, options.timeoutMs ?? 20_000);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency) }, worker));
  return report;
}
