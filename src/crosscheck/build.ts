/**
 * Compiling the generated C with the system compiler, cached by a hash of the source and flags:
 * `npm test` builds each corpus program once, then reuses the binary until the generator changes.
 */
import { createHash } from 'node:crypto';
import { execFile } from 'node:child_process';
import {
  accessSync,
  constants,
  existsSync,
  mkdirSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { X86_64 } from './x86_64/target';

const run = promisify(execFile);

/**
 * What `npm test` adds to a target's flags: every warning that points at a mistake, as an error.
 * Not for `faultline verify`: a student's newer compiler may warn about something new, and the
 * program should still run.
 */
export const WARNINGS_AS_ERRORS: readonly string[] = [
  '-Wall',
  '-Wextra',
  '-Werror',
  '-Wshadow',
  '-Wformat=2',
  '-Wundef',
  '-Wwrite-strings',
  '-Wstrict-prototypes',
  '-Wpointer-arith',
  '-Wcast-qual',
  '-Wnull-dereference',
];

export class CompileError extends Error {
  constructor(readonly output: string) {
    super(`the C compiler failed:\n${output}`);
    this.name = 'CompileError';
  }
}

function writable(dir: string): boolean {
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** node_modules/.cache/faultline when the checkout has node_modules, else the OS temp dir. */
export function cacheDir(): string {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
  const candidates = [
    join(root, 'node_modules', '.cache', 'faultline'),
    join(tmpdir(), 'faultline-cache'),
  ];
  for (const dir of candidates) {
    if (
      (dir.includes('node_modules') ? existsSync(join(root, 'node_modules')) : true) &&
      writable(dir)
    )
      return dir;
  }
  throw new Error('no writable cache directory for compiled cross-check programs');
}

/** The cache keeps the most recently used programs; every generator change makes new ones. */
const CACHE_MAX = 800;
const CACHE_KEEP = 500;

function prune(dir: string): void {
  try {
    const entries = readdirSync(dir)
      .filter((f) => f.startsWith('fl-'))
      .map((f) => {
        try {
          return { f, t: statSync(join(dir, f)).mtimeMs };
        } catch {
          return { f, t: 0 };
        }
      });
    if (entries.length <= CACHE_MAX) return;
    entries.sort((a, b) => a.t - b.t);
    for (const { f } of entries.slice(0, entries.length - CACHE_KEEP))
      rmSync(join(dir, f), { force: true });
  } catch {
    /* a cache that cannot be pruned is still a cache */
  }
}

/**
 * Compiles `source` with `cc flags` into `dir`, named by a hash of the flags and the source, or
 * reuses the binary already there (touching it so that pruning keeps it). Shared by the x86_64
 * cross-check and the arm64 runner. Throws CompileError.
 */
export async function compileCached(
  cc: string,
  flags: readonly string[],
  dir: string,
  source: string,
): Promise<{ path: string; built: boolean }> {
  const hash = createHash('sha256')
    .update(flags.join(' '))
    .update('\0')
    .update(source)
    .digest('hex')
    .slice(0, 24);
  mkdirSync(dir, { recursive: true });
  const binary = join(dir, `fl-${hash}`);
  if (existsSync(binary)) {
    const now = new Date();
    try {
      utimesSync(binary, now, now); // recently used: kept by pruning
    } catch {
      /* read-only cache: fine */
    }
    return { path: binary, built: false };
  }
  // unique temporaries: parallel test workers may build the same program at once
  const tmp = `${binary}.${process.pid}.${Math.random().toString(36).slice(2)}`;
  writeFileSync(`${tmp}.c`, source);
  try {
    await run(cc, [...flags, '-o', tmp, `${tmp}.c`], { maxBuffer: 4 << 20 });
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    throw new CompileError(e.stderr || e.message);
  } finally {
    rmSync(`${tmp}.c`, { force: true });
  }
  renameSync(tmp, binary);
  return { path: binary, built: true };
}

export interface BuildOptions {
  /** The compiler (default: $CC, else cc). */
  cc?: string;
  /** Add WARNINGS_AS_ERRORS (what `npm test` builds with). */
  warningsAsErrors?: boolean;
}

/** Compiles an x86_64 program (or finds it compiled) with this machine's compiler; its path. */
export async function buildC(source: string, opts: BuildOptions = {}): Promise<string> {
  const dir = cacheDir();
  const flags = [...X86_64.ccFlags, ...(opts.warningsAsErrors ? WARNINGS_AS_ERRORS : [])];
  const { path, built } = await compileCached(
    opts.cc ?? process.env.CC ?? 'cc',
    flags,
    dir,
    source,
  );
  if (built) prune(dir);
  return path;
}
