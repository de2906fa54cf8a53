import type { ScenarioDocument } from '../scenario/types';

/**
 * The app's default scenario: the refpage_create(2) manual page's example (seed 000): a 128 KiB
 * private mapping of a reference page whose every byte reads as 0xAA.
 */
export const defaultScenario: ScenarioDocument = {
  faultline: 1,
  title: 'Pattern-initialised heap with a reference page',
  notes:
    'The refpage_create(2) manual page example: a 128 KiB mapping that reads as 0xAA everywhere. ' +
    'Reads map the one reference page; the first write to a page copies it (by memset, since the pattern is one byte).',
  machine: { arch: 'x86_64', pageSize: 4096, mte: false, frames: 262144 },
  steps: [
    { do: 'refpage_create', content: 'aa', size: 1, as: 'rfd', expect: { ret: 3 } },
    {
      do: 'mmap',
      length: '128K',
      prot: 'PROT_READ|PROT_WRITE',
      flags: 'MAP_PRIVATE',
      fd: 'rfd',
      as: 'p',
      expect: { ret: 'p' },
    },
    { do: 'load', addr: 'p', expect: { value: 'aa' } },
    { do: 'load', addr: 'p + 128K - 1', expect: { value: 'aa' } },
    { do: 'store', addr: 'p + 0x2000', bytes: '00' },
    { do: 'load', addr: 'p + 0x2001', expect: { value: 'aa' } },
    {
      do: 'pagemap',
      addr: 'p',
      length: '32*PAGE',
      expect: { pages: 'r.x............................r' },
    },
    { do: 'rss', expect: { rss: { anon: 1, file: 0, shmem: 0 } } },
  ],
};
