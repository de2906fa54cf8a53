/** The seed workload the scaling and seek targets are measured on, and the one that warms up for it. */
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

/**
 * A different loop over the same system calls, run before a measurement so that V8 has compiled
 * the engine's code once (as any JavaScript program does on its first run): 2 MiB mappings, the
 * zero page read in 32 pages, 32 single-byte writes (read faults turned into write faults), a
 * memset of another 512 KiB with another pattern, an munmap: 97 steps an iteration.
 */
export function warmUpLoop(iterations: number): ScenarioDocument {
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
            length: '2M',
            prot: 'PROT_READ|PROT_WRITE',
            flags: 'MAP_PRIVATE|MAP_ANONYMOUS',
            as: 'q',
          },
          {
            do: 'repeat',
            count: 32,
            as: 'k',
            steps: [{ do: 'load', addr: 'q + k*PAGE*2' }],
          },
          {
            do: 'repeat',
            count: 32,
            as: 'k',
            steps: [{ do: 'store', addr: 'q + k*PAGE*2', bytes: '5a' }],
          },
          { do: 'store', addr: 'q + 1M', fill: '0f1e', length: '512K' },
          {
            do: 'repeat',
            count: 30,
            as: 'k',
            steps: [{ do: 'store', addr: 'q + 1M + k*PAGE', bytes: 'c3' }],
          },
          { do: 'munmap', addr: 'q', length: '2M' },
        ],
      },
    ],
  };
}
