/**
 * The `faultline` command: run, check, c, verify (issue 3 and the foundation issue).
 * Exit codes: 0 the run finished and every expectation held; 1 an expectation failed (or verify
 * found a difference); 2 a malformed scenario, named where, never with a stack trace.
 */
import { readFileSync } from 'node:fs';
import { loadScenario } from '../scenario/load';
import {
  KERNEL_VERSIONS,
  ScenarioError,
  type KernelVersion,
  type LeafStep,
  type ScenarioDocument,
} from '../scenario/types';
import { printExpectField } from '../scenario/text-expect';
import { runScenario, startTrace, type RunOutput } from '../engine/index';
import { generateC, CrosscheckRefusal } from '../crosscheck/generate';
import { stepAt } from '../crosscheck/expectations';
import { formatDiffs } from '../crosscheck/compare';
import { describeRecord, summaryLines } from './describe';

export interface Io {
  out(text: string): void;
  err(text: string): void;
}

export const HELP = `faultline — see how Linux memory really works, step by step

usage:
  faultline run FILE [--json]   run a scenario on the simulated kernel; one line per executed step
                                (--json: the records of format section 5 as JSON lines, events included)
  faultline run FILE --summary  run it keeping every state reachable as the app does, and print
                                only the counters and one closing line (long runs, benchmarks)
  faultline run FILE --max-steps N   run up to N executed steps (default 1,000,000)
  faultline check FILE          validate a scenario without running it
  faultline c FILE              print a C program that performs the scenario on a real Linux kernel
  faultline verify FILE...      run each scenario on this machine's kernel and on the engine, and
                                report every field that differs
  faultline verify --kernel VERSION FILE...
                                the same on a kernel of that line (6.1, 6.6, 6.12, 6.18): this
                                machine's, or a Debian kernel under QEMU (scripts/x86-qemu-setup.sh,
                                scripts/mte-qemu-setup.sh), all scenarios in one boot; the engine
                                is modelled as that line
  faultline lessons [--json]    list the built-in lessons (lessons/*.fl): id, title, level, tags,
                                file, architecture, and counts of steps, narrated steps, questions
  faultline --help              this text

FILE is a scenario in JSON (.json) or the text form.
exit status: 0 finished and every expectation held, 1 an expectation failed (verify: a difference),
2 a malformed scenario or bad usage.
`;

class UsageError extends Error {}

function load(file: string): ScenarioDocument {
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch (err) {
    throw new UsageError(
      `cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
    );
  }
  return loadScenario(source, file);
}

const BUDGET_NOTE = '--max-steps N raises it';

function cmdRun(
  file: string,
  mode: 'lines' | 'json' | 'summary',
  maxSteps: number | undefined,
  io: Io,
): number {
  const doc = load(file);
  let run: Pick<RunOutput, 'records' | 'error' | 'failures'>;
  if (mode === 'summary') {
    // Kept as the app keeps a run for time travel (keyframes plus replay: every state reachable),
    // so that it costs what opening the scenario in the app costs.
    let records = 0;
    const b = startTrace(doc, { maxSteps, budgetNote: BUDGET_NOTE });
    while (!b.advance(1 << 16, (_seq, recs) => (records += recs.length)));
    const t = b.trace;
    for (const line of summaryLines({ ...t, records }, file)) io.out(line);
    run = { records: [], error: t.error, failures: t.failures };
  } else {
    run = runScenario(doc, { keepStates: false, maxSteps, budgetNote: BUDGET_NOTE });
    for (const r of run.records) {
      io.out(
        mode === 'json'
          ? JSON.stringify(r)
          : describeRecord(r, stepAt(doc, r.path) as LeafStep | undefined),
      );
    }
  }
  if (run.error) {
    const { where, message } = run.error;
    io.err(`${file}: ${!where || message.startsWith(where) ? message : `${where}: ${message}`}`);
    return 2;
  }
  for (const f of run.failures) {
    io.err(
      `${file}: #${f.seq} ${f.path}: expected ${printExpectField(f.field, f.expected)}, got ${printExpectField(f.field, f.actual)}`,
    );
  }
  return run.failures.length ? 1 : 0;
}

function cmdCheck(file: string, io: Io): number {
  const doc = load(file);
  io.out(`${file}: ok (${doc.steps.length} step${doc.steps.length === 1 ? '' : 's'})`);
  return 0;
}

function cmdC(file: string, io: Io): number {
  const doc = load(file);
  try {
    io.out(generateC(doc).replace(/\n$/, ''));
    return 0;
  } catch (err) {
    if (err instanceof CrosscheckRefusal) {
      io.err(`${file}: cannot run on a real kernel: ${err.reason}`);
      return 1;
    }
    throw err;
  }
}

async function cmdLessons(json: boolean, io: Io): Promise<number> {
  // imported here: reading lessons/ needs node:fs and the repository, the other commands do not
  const { readBuiltinLessons } = await import('../lessons/node/files');
  const { lessonListing } = await import('../lessons/catalog');
  const lessons = readBuiltinLessons();
  if (json) {
    io.out(JSON.stringify(lessons.map(lessonListing), null, 2));
    return 0;
  }
  const rows = lessons.map((l) => [
    l.id,
    l.level,
    l.arch,
    `${l.counts.steps}/${l.counts.narrated}/${l.counts.questions}`,
    l.tags.join(','),
    l.path,
    l.title,
  ]);
  const head = ['id', 'level', 'arch', 'steps/said/asked', 'tags', 'file', 'title'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) =>
    r
      .map((c, i) => (i < r.length - 1 ? c.padEnd(widths[i]!) : c))
      .join('  ')
      .trimEnd();
  io.out(line(head));
  for (const r of rows) io.out(line(r));
  io.out(`${lessons.length} lessons`);
  return 0;
}

async function cmdVerify(files: string[], io: Io): Promise<number> {
  // imported here: verify needs node:child_process and a C compiler, the other commands do not
  const { verifyDocument } = await import('../crosscheck/verify');
  let worst = 0;
  for (const file of files) {
    let doc: ScenarioDocument;
    try {
      doc = load(file);
    } catch (err) {
      if (err instanceof ScenarioError) {
        io.err(`${file}: ${err.message}`);
        worst = Math.max(worst, 2);
        continue;
      }
      throw err;
    }
    const v = await verifyDocument(doc);
    for (const line of v.kernel?.stderr.split('\n') ?? [])
      if (line.trim()) io.err(`${file}: kernel run: ${line}`);
    if (v.status === 'refused') {
      io.out(`${file}: refused: ${v.reason}`);
    } else if (v.status === 'unavailable') {
      io.err(`${file}: SKIPPED, NOT VERIFIED: ${v.reason}`);
    } else if (v.status === 'match') {
      io.out(`${file}: the engine matches the kernel (${v.kernel?.records.length ?? 0} records)`);
    } else {
      io.out(
        `${file}: ${v.diffs.length} difference${v.diffs.length === 1 ? '' : 's'} between the engine and the kernel`,
      );
      for (const line of formatDiffs(v.diffs)) io.out(`  ${line}`);
      worst = Math.max(worst, 1);
    }
  }
  return worst;
}

/** `--max-steps N` or `--max-steps=N`, taken out of argv. */
function maxStepsOf(argv: string[]): number | undefined {
  const i = argv.findIndex((a) => a === '--max-steps' || a.startsWith('--max-steps='));
  if (i < 0) return undefined;
  const [flag] = argv.splice(i, 1) as [string];
  const text = flag.includes('=') ? flag.slice(flag.indexOf('=') + 1) : argv.splice(i, 1)[0];
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n < 1)
    throw new UsageError(`--max-steps takes a positive number of steps, got ${text ?? 'nothing'}`);
  return n;
}

async function cmdVerifyKernel(files: string[], line: KernelVersion, io: Io): Promise<number> {
  const { loadInputs, formatKernelReport } = await import('../crosscheck/report');
  const { verifyOnLine } = await import('../crosscheck/kernels');
  const { inputs, broken } = loadInputs(files);
  for (const b of broken) io.err(`${b.file}: ${b.reason}`);
  let worst = broken.length ? 2 : 0;
  for (const report of await verifyOnLine(inputs, line)) {
    for (const l of formatKernelReport(report)) io.out(l);
    if (report.unavailable) io.err(`NOT VERIFIED on ${report.label}: ${report.unavailable}`);
    if (report.scenarios.some((s) => s.status === 'differ' || s.status === 'error'))
      worst = Math.max(worst, 1);
  }
  return worst;
}

/** `--kernel VERSION` or `--kernel=VERSION`, taken out of argv. */
function takeKernel(argv: readonly string[]): { rest: string[]; kernel?: string } {
  const rest: string[] = [];
  let kernel: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--kernel') {
      kernel = argv[++i] ?? '';
    } else if (a.startsWith('--kernel=')) {
      kernel = a.slice('--kernel='.length);
    } else rest.push(a);
  }
  return { rest, kernel };
}

export async function main(argv: readonly string[], io: Io): Promise<number> {
  const { rest, kernel } = takeKernel(argv);
  let maxSteps: number | undefined;
  try {
    maxSteps = maxStepsOf(rest);
  } catch (err) {
    io.err(`faultline: ${(err as Error).message}\n(faultline --help lists the commands)`);
    return 2;
  }
  const args = rest.filter((a) => !a.startsWith('--'));
  const flags = new Set(rest.filter((a) => a.startsWith('--')));
  const [cmd, ...files] = args;
  try {
    if (flags.has('--help') || cmd === 'help') {
      io.out(HELP.trimEnd());
      return 0;
    }
    const known = new Set(['--json', '--summary', '--help']);
    const unknown = [...flags].filter((f) => !known.has(f));
    if (unknown.length) throw new UsageError(`unknown option ${unknown[0]}`);
    for (const f of ['--json', '--summary'])
      if (flags.has(f) && cmd !== 'run' && !(f === '--json' && cmd === 'lessons'))
        throw new UsageError(`${f} goes with run${f === '--json' ? ' or lessons' : ''}`);
    if (maxSteps !== undefined && cmd !== 'run') throw new UsageError('--max-steps goes with run');
    if (flags.has('--json') && flags.has('--summary'))
      throw new UsageError('--json and --summary are alternatives');
    if (kernel !== undefined && cmd !== 'verify') throw new UsageError('--kernel goes with verify');
    if (kernel !== undefined && !(KERNEL_VERSIONS as readonly string[]).includes(kernel))
      throw new UsageError(
        `--kernel ${JSON.stringify(kernel)}: faultline models Linux ${KERNEL_VERSIONS.join(', ')}`,
      );
    const one = (): string => {
      if (files.length !== 1) throw new UsageError(`${cmd} takes one FILE`);
      return files[0]!;
    };
    switch (cmd) {
      case 'run':
        return cmdRun(
          one(),
          flags.has('--json') ? 'json' : flags.has('--summary') ? 'summary' : 'lines',
          maxSteps,
          io,
        );
      case 'check':
        return cmdCheck(one(), io);
      case 'c':
        return cmdC(one(), io);
      case 'lessons':
        if (files.length) throw new UsageError('lessons takes no FILE');
        return await cmdLessons(flags.has('--json'), io);
      case 'verify':
        if (!files.length) throw new UsageError('verify takes one or more FILEs');
        return kernel
          ? await cmdVerifyKernel(files, kernel as KernelVersion, io)
          : await cmdVerify(files, io);
      case undefined:
        throw new UsageError('no command');
      default:
        throw new UsageError(`unknown command ${JSON.stringify(cmd)}`);
    }
  } catch (err) {
    if (err instanceof ScenarioError) {
      io.err(`${files[0] ?? ''}: ${err.message}`);
      return 2;
    }
    if (err instanceof UsageError) {
      io.err(`faultline: ${err.message}\n(faultline --help lists the commands)`);
      return 2;
    }
    // a bug of ours, not bad input: still one line, unless asked for the trace
    io.err(`faultline: internal error: ${(err as Error).message}`);
    if (process.env.FAULTLINE_DEBUG) io.err(String((err as Error).stack));
    return 70;
  }
}
