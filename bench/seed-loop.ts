/** The seed workload the scaling and seek targets are measured on. */
import type { ScenarioDocument } from '../src/scenario/types.ts';

/** seed 002's loop (mmap 1 MiB, memset, touch 64 pages, munmap: 67 steps) `iterations` times. */
export function seedLoop(iterations: number): ScenarioDocument {
  return {
    faultline: 1,
    machine: { frames: 262144 },
    steps: [
      {
        do: 'repeat',
        count: iterations,
        steps: [
          {
            do: 'mmap',
            length: '1M',
            prot: 'PROT_READ|PROT_WRITE',
            flags: 'MAP_PRIVATE|MAP_ANONYMOUS',
            as: 'p',
          },
          { do: 'store', addr: 'p', fill: 'aa', length: '1M' },
          {
            do: 'repeat',
            count: 64,
            as: 'j',
            steps: [{ do: 'store', addr: 'p + j*PAGE', bytes: '00' }],
          },
          { do: 'munmap', addr: 'p', length: '1M' },
        ],
      },
    ],
  };
}
