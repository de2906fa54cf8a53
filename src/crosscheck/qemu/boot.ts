/**
 * Running many cross-check programs in ONE boot of a stock Debian kernel under QEMU (TCG), for
 * every kernel the cross-check cannot run directly: arm64 with MTE (arm64/qemu.ts) and x86_64 of
 * other lines (x86_64/qemu.ts). Every program goes into one initramfs, /init (init.c) runs them in
 * turn, and each program's records come back between `@@BEGIN name` and `@@END name …` markers,
 * each record line starting with the target's RECORD_PREFIX: on a serial port of their own where
 * the machine has a second one (x86_64: ttyS1, into a file), so that no kernel message printed
 * meanwhile (an MCE line for a poisoned page, a soft-lockup warning from a starved emulator) can
 * split a record; else on the console, among the kernel's messages.
 */
import { spawn } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { KernelError, KernelRecord, KernelRun } from '../kernel-run';
import { newcArchive, type CpioEntry } from './cpio';

/** A guest to boot: how to start QEMU with an initramfs, and its /init. */
export interface QemuVm {
  qemu: string;
  /**
   * QEMU's arguments for this initramfs (the kernel, the console, the machine), and for the
   * record port's file when the guest has one.
   */
  args(initrd: string, records: string | null): string[];
  /** The guest's device for the record port (x86_64: ttyS1 is 4:65), or null: the console. */
  recordPort: { major: number; minor: number } | null;
  /** The guest's /init: qemu/init.c compiled static for its architecture. */
  init: string;
  /** Where the initramfs is written while QEMU runs. */
  workDir: string;
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

/** Runs `job` over `items` with at most `limit` at once, keeping their order. */
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

/** Removes cached binaries in `dir` unused for `days` (every scenario edit leaves one behind). */
export function pruneBuildCache(dir: string, days = 14): void {
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

/**
 * Boots once with every program in the initramfs. `programs` are (name, binary) in run order;
 * names must be unique file names.
 */
export async function bootPrograms(
  vm: QemuVm,
  programs: readonly { name: string; binary: string }[],
  opts: { timeoutMs?: number } = {},
): Promise<BootRun> {
  const entries: CpioEntry[] = [
    { kind: 'dir', name: 'dev' },
    { kind: 'chardev', name: 'dev/console', major: 5, minor: 1 },
    { kind: 'dir', name: 'proc' },
    { kind: 'dir', name: 'sys' },
    { kind: 'dir', name: 'tmp', mode: 0o1777 },
    { kind: 'dir', name: 'progs' },
    { kind: 'file', name: 'init', data: readFileSync(vm.init), mode: 0o755 },
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
  // init.c writes everything it and the programs print to /dev/records when it exists.
  if (vm.recordPort) entries.push({ kind: 'chardev', name: 'dev/records', ...vm.recordPort });
  mkdirSync(vm.workDir, { recursive: true });
  const stem = join(vm.workDir, `boot-${process.pid}-${Math.random().toString(36).slice(2)}`);
  const initrd = `${stem}.cpio.gz`;
  const records = vm.recordPort ? `${stem}.records` : null;
  writeFileSync(initrd, gzipSync(newcArchive(entries), { level: 1 }));
  // Generous: on a machine shared by many, an emulated CPU gets a small share of a real one.
  const timeoutMs = opts.timeoutMs ?? Math.min(1_800_000, 240_000 + programs.length * 15_000);
  const started = Date.now();
  try {
    const { stdout, timedOut } = await runQemu(vm.qemu, vm.args(initrd, records), timeoutMs);
    const recorded = records && existsSync(records) ? readFileSync(records, 'utf8') : '';
    const parsed = parseConsole(records ? recorded : stdout);
    const console = records ? `${stdout}\n--- the record port ---\n${recorded}` : stdout;
    return { ...parsed, seconds: (Date.now() - started) / 1000, console, timedOut };
  } finally {
    rmSync(initrd, { force: true });
    if (records) rmSync(records, { force: true });
  }
}

function runQemu(
  qemu: string,
  args: string[],
  timeoutMs: number,
): Promise<{ stdout: string; timedOut: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn(qemu, args, { stdio: ['ignore', 'pipe', 'pipe'] });
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
