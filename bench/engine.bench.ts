/**
 * Engine benchmarks: how fast the simulation runs the work a lesson or a lecture asks of it.
 * Each `run` returns the number of faults the engine took, so the work cannot be optimised away.
 * The ratios that matter: keepStates off vs on (what time travel costs), and fork+CoW vs plain
 * anonymous faults.
 */
import { readFileSync } from 'node:fs';
import { loadScenario } from '../src/scenario/load.ts';
import { runScenario } from '../src/engine/index.ts';
import type { ScenarioDocument, Step } from '../src/scenario/types.ts';
import { defineBench } from './types.ts';

/** The app's first view: the lesson in lessons/refpage-manual-example.fl. */
const defaultScenario = loadScenario(
  readFileSync(new URL('../lessons/refpage-manual-example.fl', import.meta.url), 'utf8'),
  'refpage-manual-example.fl',
);

const RW = 'PROT_READ|PROT_WRITE';

function touchPages(n: number, extra: Step[] = []): ScenarioDocument {
  return {
    faultline: 1,
    machine: { frames: 1 << 20 },
    steps: [
      { do: 'mmap', length: `${n}*PAGE`, prot: RW, flags: 'MAP_PRIVATE|MAP_ANONYMOUS', as: 'p' },
      {
        do: 'repeat',
        count: n,
        as: 'i',
        steps: [{ do: 'store', addr: 'p + i*PAGE', bytes: '01' }],
      },
      ...extra,
    ],
  };
}

const faults = (out: ReturnType<typeof runScenario>): number => {
  if (out.error) throw new Error(out.error.message);
  return Object.values(out.stats.faults).reduce((a, b) => a + b, 0);
};

const ANON_10K = touchPages(10_000);
const FORK_COW = touchPages(2_000, [
  { do: 'fork', as: 'c' },
  {
    do: 'repeat',
    count: 2_000,
    as: 'i',
    steps: [{ do: 'store', proc: 'c', addr: 'p + i*PAGE', bytes: '02' }],
  },
]);
/** seed 002's benchmark, scaled down: 20 × (mmap 1000 pages, touch every page, munmap). */
function seed002(refpage: boolean): ScenarioDocument {
  const body: Step[] = refpage
    ? [
        { do: 'mmap', length: '1000*PAGE', prot: RW, flags: 'MAP_PRIVATE', fd: 'rfd', as: 'p' },
        {
          do: 'repeat',
          count: 1000,
          as: 'j',
          steps: [{ do: 'store', addr: 'p + j*PAGE', bytes: '00' }],
        },
      ]
    : [
        { do: 'mmap', length: '1000*PAGE', prot: RW, flags: 'MAP_PRIVATE|MAP_ANONYMOUS', as: 'p' },
        { do: 'store', addr: 'p', fill: 'aa', length: '1000*PAGE' },
        {
          do: 'repeat',
          count: 1000,
          as: 'j',
          steps: [{ do: 'store', addr: 'p + j*PAGE', bytes: '00' }],
        },
      ];
  return {
    faultline: 1,
    machine: { frames: 1 << 20 },
    steps: [
      ...(refpage ? [{ do: 'refpage_create', content: 'aa', size: 1, as: 'rfd' } as Step] : []),
      {
        do: 'repeat',
        count: 20,
        steps: [...body, { do: 'munmap', addr: 'p', length: '1000*PAGE' }],
      },
    ],
  };
}
const MEMSET = seed002(false);
const REFPAGE = seed002(true);

export default [
  defineBench({
    name: 'engine: default scenario (refpage, 128 KiB), every state kept',
    run: () => runScenario(defaultScenario).records.length,
  }),
  defineBench({
    name: 'engine: 10k anonymous write faults, every state kept',
    run: () => faults(runScenario(ANON_10K)),
  }),
  defineBench({
    name: 'engine: 10k anonymous write faults, keepStates off',
    run: () => faults(runScenario(ANON_10K, { keepStates: false })),
    baseline: 'engine: 10k anonymous write faults, every state kept',
  }),
  defineBench({
    name: 'engine: fork + 2k copy-on-write faults, keepStates off',
    run: () => faults(runScenario(FORK_COW, { keepStates: false })),
    baseline: 'engine: 10k anonymous write faults, keepStates off',
  }),
  defineBench({
    name: 'engine: seed 002 memset heap, 20 × 1000 pages, keepStates off',
    run: () => faults(runScenario(MEMSET, { keepStates: false })),
  }),
  defineBench({
    name: 'engine: seed 002 refpage heap, 20 × 1000 pages, keepStates off',
    run: () => faults(runScenario(REFPAGE, { keepStates: false })),
    baseline: 'engine: seed 002 memset heap, 20 × 1000 pages, keepStates off',
  }),
];
