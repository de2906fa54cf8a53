/** What a bench/*.bench.ts file exports (default export: one benchmark or an array of them). */
export interface Benchmark<Ctx = unknown> {
  name: string;
  /** Runs once before warm-up; its value is passed to every `run`. A throw skips the benchmark. */
  setup?: () => Ctx | Promise<Ctx>;
  /** The measured operation. Return something derived from the work so it is not optimised away. */
  run: (ctx: Ctx) => unknown;
  /** Name of another benchmark: the report prints this one's median as a ratio of that one's. */
  baseline?: string;
}

/** Lets a bench file declare a benchmark with its context type inferred. */
export function defineBench<Ctx>(b: Benchmark<Ctx>): Benchmark<Ctx> {
  return b;
}
