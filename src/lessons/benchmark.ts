/**
 * Pattern-initialising a heap: memset vs a reference page. The benchmark from the author's reply
 * on v4 (seed 002): N iterations of mmap, fill with 0xAA (memset, or map a reference page), touch
 * some pages, munmap, as a scenario of any shape. compare.ts runs both variants and reports the
 * ratios of their cost counters; the two lessons lessons/pattern-fill-{memset,refpage}.fl are this
 * scenario at LESSON_SHAPE, narrated (src/lessons/node/lessons.test.ts checks they cost the same).
 */
import type { ScenarioDocument, Step } from '../scenario/types';

export type FillVariant = 'memset' | 'refpage';

export interface BenchmarkShape {
  /** The benchmark's outer loop (seed 002: 1000). */
  iterations: number;
  /** The mapping's size in pages (seed 002: mmap_size 4096000, 1000 pages). */
  pages: number;
  /** Pages written per iteration, one byte each at the page's start (seed 002: touch_size / 4096). */
  touch: number;
}

/** The lessons' scale: small enough to step through and to keep as a golden trace. */
export const LESSON_SHAPE: BenchmarkShape = { iterations: 5, pages: 64, touch: 16 };

/**
 * The benchmark as a scenario. Each iteration ends with `rss` (what the iteration kept resident) and a
 * load of a byte the program did not write (the contents are the same either way; it reads a touched
 * page, so it adds no fault to either variant's counters), then munmap.
 */
export function patternFillDoc(variant: FillVariant, shape: BenchmarkShape): ScenarioDocument {
  const { iterations, pages, touch } = shape;
  const len = `${pages}*PAGE`;
  const setup: Step[] =
    variant === 'refpage'
      ? [{ do: 'refpage_create', content: 'aa', size: 1, as: 'rfd', expect: { ret: 3 } }]
      : [];
  const map: Step[] =
    variant === 'refpage'
      ? [
          {
            do: 'mmap',
            length: len,
            prot: 'PROT_READ|PROT_WRITE',
            flags: 'MAP_PRIVATE',
            fd: 'rfd',
            as: 'p',
            expect: { ret: 'p' },
          },
        ]
      : [
          {
            do: 'mmap',
            length: len,
            prot: 'PROT_READ|PROT_WRITE',
            flags: 'MAP_PRIVATE|MAP_ANONYMOUS',
            as: 'p',
            expect: { ret: 'p' },
          },
          { do: 'store', addr: 'p', fill: 'aa', length: len, note: 'memset(p, 0xaa, mmap_size)' },
        ];
  const resident = variant === 'refpage' ? touch : pages;
  return {
    faultline: 1,
    title:
      variant === 'refpage'
        ? `Pattern fill with a reference page: ${iterations} × (mmap ${pages} pages, touch ${touch}, munmap)`
        : `Pattern fill with memset: ${iterations} × (mmap ${pages} pages, memset, touch ${touch}, munmap)`,
    steps: [
      ...setup,
      {
        do: 'repeat',
        count: iterations,
        as: 'i',
        steps: [
          ...map,
          {
            do: 'repeat',
            count: touch,
            as: 'j',
            steps: [{ do: 'store', addr: 'p + j*PAGE', bytes: '00', note: 'p[j] = 0' }],
          },
          { do: 'rss', expect: { rss: { anon: resident, file: 0, shmem: 0 } } },
          { do: 'load', addr: 'p + 1', expect: { value: 'aa' } },
          { do: 'munmap', addr: 'p', length: len, expect: { ret: 0 } },
        ],
      },
      { do: 'rss', expect: { rss: { anon: 0, file: 0, shmem: 0 } } },
    ],
  };
}
