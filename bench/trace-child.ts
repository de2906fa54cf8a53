/**
 * One measurement of a trace in a fresh Node process (bench/scaling.ts starts it with --expose-gc):
 * builds the trace of seed 002's loop scaled to about STEPS executed steps, as the app keeps it, and
 * prints one JSON line: the time per step, the heap the trace retains per step after a full GC,
 * and (with --seek) the time of seeks to random steps and to the last step of every segment (the
 * longest replay). A fresh process per size keeps one size's garbage out of the next one's figures.
 *
 * usage: node --expose-gc --import tsx bench/trace-child.ts STEPS [--seek N] [--warm-up STEPS]
 * (bench/scaling.ts runs it bundled, as the CLI runs the engine)
 */
import { performance } from 'node:perf_hooks';
import { replayTo, traceScenario } from '../src/engine/trace.ts';
import { seedLoop, warmUpLoop } from './seed-loop.ts';

/** CPU time (user + system) of this process since `from`, in ms. */
function cpuMs(from: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(from);
  return (d.user + d.system) / 1000;
}

const gc = (globalThis as { gc?: () => void }).gc;

function heapAfterGc(): number {
  if (!gc) throw new Error('run with node --expose-gc');
  for (let i = 0; i < 3; i++) gc();
  return process.memoryUsage().heapUsed;
}

function main(): void {
  const args = process.argv.slice(2);
  const target = Number(args[0]);
  const seekIdx = args.indexOf('--seek');
  const seeks = seekIdx >= 0 ? Number(args[seekIdx + 1]) : 0;
  const warmIdx = args.indexOf('--warm-up');
  const warmUp = warmIdx >= 0 ? Number(args[warmIdx + 1]) : 0;
  if (warmUp > 0) {
    // V8 compiles the engine's code on its first use, once per process: run another scenario
    // first, then drop it, so that every size is timed with the code compiled alike.
    const w = traceScenario(warmUpLoop(Math.max(1, Math.round(warmUp / 97))));
    for (let s = 1; s <= w.steps; s += 97) replayTo(w, s);
  }
  const doc = seedLoop(Math.max(1, Math.round(target / 67)));
  const before = heapAfterGc();
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const trace = traceScenario(doc, { maxSteps: 2_000_000 });
  const runMs = performance.now() - t0;
  const runCpuMs = cpuMs(c0);
  if (trace.error) throw new Error(trace.error.message);
  const retained = heapAfterGc() - before;
  const out: Record<string, unknown> = {
    steps: trace.steps,
    runMs,
    runCpuMs,
    usPerStep: (runMs * 1000) / trace.steps,
    cpuUsPerStep: (runCpuMs * 1000) / trace.steps,
    bytesPerStep: retained / trace.steps,
    keyframes: trace.keyframes.length,
  };
  if (seeks > 0) {
    // Random steps (a fixed generator, so every run seeks the same ones), then the last step of
    // every segment: the longest replay there is.
    let x = 0x9e3779b9;
    const random = Array.from({ length: seeks }, () => {
      x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
      return 1 + (x % trace.steps);
    });
    const ends = trace.keyframes
      .slice(1)
      .map((k) => k.seq - 1)
      .filter((s) => s > 0);
    // Each seek timed by the clock and by this thread's CPU time (which a busy machine inflates less).
    const time = (seqs: number[]) => {
      const wall: number[] = [];
      const cpu: number[] = [];
      for (const s of seqs) {
        const t = performance.now();
        const c = process.cpuUsage();
        replayTo(trace, s);
        cpu.push(cpuMs(c));
        wall.push(performance.now() - t);
      }
      return { wall, cpu };
    };
    time(random.slice(0, 50)); // warm-up: the replay path compiled
    out.seekRandom = time(random);
    out.seekSegmentEnd = time(ends);
  }
  process.stdout.write(JSON.stringify(out) + '\n');
  void trace.finalState; // the trace stays reachable until here
}

main();
