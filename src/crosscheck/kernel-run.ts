/**
 * Running a compiled cross-check program: a timeout that kills its whole process group (a
 * scenario's processes must never outlive it, and a hang must not hang verify), then its JSON
 * lines parsed into records and, if it stopped on a scenario error, that error.
 */
import { spawn } from 'node:child_process';
import type { StepResult } from '../engine/result';

/** A record as the kernel shows it: every field of StepResult but `events`. */
export type KernelRecord = Omit<StepResult, 'events'>;

export interface KernelError {
  seq: number;
  path: string;
  message: string;
}

export interface KernelRun {
  records: KernelRecord[];
  error: KernelError | null;
  exitCode: number | null;
  /**
   * How the program ended: `exit=0`, `exit=3` (after a scenario error), `signal=SIGSEGV`, or
   * `timed out after N ms`.
   */
  ended: string;
  timedOut: boolean;
  stderr: string;
}

export const DEFAULT_TIMEOUT_MS = 30_000;

export function parseKernelOutput(stdout: string): {
  records: KernelRecord[];
  error: KernelError | null;
} {
  const records: KernelRecord[] = [];
  let error: KernelError | null = null;
  for (const line of stdout.split('\n')) {
    if (!line.trim()) continue;
    const obj = JSON.parse(line) as KernelRecord & { error?: KernelError };
    if (obj.error) error = obj.error;
    else records.push(obj);
  }
  return { records, error };
}

export function runKernelProgram(
  binary: string,
  timeoutMs = DEFAULT_TIMEOUT_MS,
): Promise<KernelRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, [], { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    const killGroup = (): void => {
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup();
    }, timeoutMs);
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      killGroup(); // anything the scenario left behind
      try {
        const parsed = parseKernelOutput(stdout);
        const ended = timedOut
          ? `timed out after ${timeoutMs} ms`
          : code !== null
            ? `exit=${code}`
            : `signal=${signal ?? '?'}`;
        resolve({ ...parsed, exitCode: code, ended, timedOut, stderr });
      } catch (err) {
        reject(
          new Error(
            `unreadable output from the kernel run: ${(err as Error).message}\n${stdout.slice(0, 2000)}`,
          ),
        );
      }
    });
  });
}
