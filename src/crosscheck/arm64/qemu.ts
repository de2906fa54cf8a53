/**
 * Building the arm64 programs and running them all in ONE boot of a stock Debian arm64 kernel
 * under QEMU with emulated MTE (docs/reference/refpage-mte.md section C): every program goes into
 * one initramfs, /init runs them in turn, and each program's records come back on the serial
 * console between `@@BEGIN name` and `@@END name …` markers.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { cFile } from '#crosscheck/c-files';
import type { KernelError, KernelRecord, KernelRun } from '../kernel-run';
import type { Arm64Setup } from './setup';
import { compileCached, CompileError, WARNINGS_AS_ERRORS } from '../build';
import { newcArchive, type CpioEntry } from './cpio';
import { ARM64 } from './target';

export class Arm64CompileError extends Error {
  constructor(readonly output: string) {
    super(`the aarch64 C compiler failed:\n${output}`);
    this.name = 'Arm64CompileError';
  }
}

/**
 * Compiles (or finds compiled, by a hash of source and flags) a static aarch64 program, with
 * WARNINGS_AS_ERRORS when asked (`npm test`).
 */
export async function compileArm64(
  setup: Pick<Arm64Setup, 'cc' | 'cacheDir'>,
  source: string,
  opts: { warningsAsErrors?: boolean } = {},
): Promise<string> {
  const flags = [...ARM64.ccFlags, ...(opts.warningsAsErrors ? WARNINGS_AS_ERRORS : [])];
  try {
    const { path } = await compileCached(setup.cc, flags, join(setup.cacheDir, 'build'), source);
    return path;
  } catch (err) {
    if (err instanceof CompileError) throw new Arm64CompileError(err.output);
    throw err;
  }
}

/** Removes cached binaries unused for `days` (every scenario edit leaves an old one behind). */
export function pruneBuildCache(setup: Arm64Setup, days = 14): void {
  const dir = join(setup.cacheDir, 'build');
  const cutoff = Date.now() - days * 86_400_000;
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const path = join(dir, name);
    try {
      if (statSync(path).mtimeMs < cutoff) rmSync(path, { force: true });
    } catch {
      /* raced with another run */
    }
  }
}

/** Runs `jobs` with at most `limit` at once, keeping their order. */
export async function pool<T, R>(
  items: readonly T[],
  limit: number,
  job: (t: T) => Promise<R>,
): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await job(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return out;
}

export function compileLimit(): number {
  return Math.max(1, cpus().length);
}

/** A program's run in the guest, as /init reported it (`ended`: `missing` when the boot ended first). */
export interface ProgramRun extends KernelRun {
  name: string;
  ms: number | null;
}

/** init.c's limit on one program. */
const PROGRAM_TIMEOUT_MS = 30_000;

export interface BootRun {
  programs: Map<string, ProgramRun>;
  /** Wall-clock seconds from starting QEMU to its exit. */
  seconds: number;
  /** The whole console, for a report when something went wrong. */
  console: string;
  booted: boolean;
  done: boolean;
  timedOut: boolean;
}

/** Parses the console: records between the markers, everything else ignored. */
export function parseConsole(text: string): {
  programs: Map<string, ProgramRun>;
  booted: boolean;
  done: boolean;
} {
  const programs = new Map<string, ProgramRun>();
  let cur: ProgramRun | null = null;
  let booted = false;
  let done = false;
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\r$/, '');
    const rec = line.indexOf('@@R ');
    if (rec >= 0 && cur) {
      try {
        const obj = JSON.parse(line.slice(rec + 4)) as KernelRecord & { error?: KernelError };
        if (obj.error) cur.error = obj.error;
        else cur.records.push(obj);
      } catch {
        cur.error ??= {
          seq: 0,
          path: '',
          message: `unreadable record on the console: ${line.slice(rec, rec + 200)}`,
        };
      }
      continue;
    }
    if (line.startsWith('@@BOOTED')) booted = true;
    else if (line.startsWith('@@DONE')) done = true;
    else if (line.startsWith('@@BEGIN ')) {
      cur = {
        name: line.slice(8).trim(),
        records: [],
        error: null,
        exitCode: null,
        ended: 'missing',
        timedOut: false,
        stderr: '',
        ms: null,
      };
      programs.set(cur.name, cur);
    } else if (line.startsWith('@@END ') && cur) {
      const parts = line.slice(6).trim().split(/\s+/);
      const status = parts[1] ?? 'unknown';
      cur.timedOut = status === 'timeout';
      cur.ended = cur.timedOut ? `timed out after ${PROGRAM_TIMEOUT_MS} ms` : status;
      cur.exitCode = status.startsWith('exit=') ? Number(status.slice(5)) : null;
      const ms = parts.find((p) => p.startsWith('ms='));
      cur.ms = ms ? Number(ms.slice(3)) : null;
      cur = null;
    }
  }
  return { programs, booted, done };
}

/** The QEMU command line of docs/reference/refpage-mte.md section C. */
export function qemuArgs(setup: Arm64Setup, initrd: string): string[] {
  return [
    '-machine',
    'virt,mte=on',
    // pauth-impdef: QEMU's fast pointer-authentication algorithm; the same CPU features as plain
    // `max`, but TCG boots the kernel in about half the time.
    '-cpu',
    'max,pauth-impdef=on',
    '-smp',
    '1',
    '-m',
    '512M',
    '-accel',
    'tcg',
    '-nographic',
    '-no-reboot',
    '-nic',
    'none',
    '-monitor',
    'none',
    '-serial',
    'stdio',
    '-kernel',
    setup.kernel,
    '-initrd',
    initrd,
    '-append',
    'console=ttyAMA0 panic=-1 quiet rdinit=/init',
  ];
}

/**
 * Boots once with every program in the initramfs. `programs` are (name, binary) in run order;
 * names must be unique file names.
 */
export async function bootPrograms(
  setup: Arm64Setup,
  programs: readonly { name: string; binary: string }[],
  opts: { timeoutMs?: number } = {},
): Promise<BootRun> {
  const init = await compileArm64(setup, cFile('arm64/init.c'));
  const entries: CpioEntry[] = [
    { kind: 'dir', name: 'dev' },
    { kind: 'chardev', name: 'dev/console', major: 5, minor: 1 },
    { kind: 'dir', name: 'proc' },
    { kind: 'dir', name: 'sys' },
    { kind: 'dir', name: 'tmp', mode: 0o1777 },
    { kind: 'dir', name: 'progs' },
    { kind: 'file', name: 'init', data: readFileSync(init), mode: 0o755 },
    {
      kind: 'file',
      name: 'progs/list',
      data: new TextEncoder().encode(programs.map((p) => p.name).join('\n') + '\n'),
    },
  ];
  for (const p of programs)
    entries.push({
      kind: 'file',
      name: `progs/${p.name}`,
      data: readFileSync(p.binary),
      mode: 0o755,
    });
  const dir = join(setup.cacheDir, 'boot');
  mkdirSync(dir, { recursive: true });
  const initrd = join(dir, `initrd-${process.pid}-${Math.random().toString(36).slice(2)}.cpio.gz`);
  writeFileSync(initrd, gzipSync(newcArchive(entries), { level: 1 }));
  const timeoutMs = opts.timeoutMs ?? Math.min(600_000, 90_000 + programs.length * 10_000);
  const started = Date.now();
  try {
    const { stdout, timedOut } = await runQemu(setup, qemuArgs(setup, initrd), timeoutMs);
    const parsed = parseConsole(stdout);
    return { ...parsed, seconds: (Date.now() - started) / 1000, console: stdout, timedOut };
  } finally {
    rmSync(initrd, { force: true });
  }
}

function runQemu(
  setup: Arm64Setup,
  args: string[],
  timeoutMs: number,
): Promise<{ stdout: string; timedOut: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn(setup.qemu, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', () => {
      clearTimeout(timer);
      resolve({ stdout, timedOut });
    });
  });
}
