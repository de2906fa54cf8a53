import { describe, expect, it } from 'vitest';
import type { ScenarioDocument, Step } from '../scenario/types';
import { ScenarioError } from '../scenario/types';
import { generateC, CrosscheckRefusal } from './generate';
import { MTE_REASON, REFPAGE_REASON } from './refuse';
import { x86RefusalReason as refusalReason } from './x86_64/target';
import { planScenario } from './plan';

const doc = (steps: unknown[], machine?: object): ScenarioDocument =>
  ({ faultline: 1, steps: steps as Step[], ...(machine ? { machine } : {}) }) as ScenarioDocument;

const MMAP = {
  do: 'mmap',
  length: '2*PAGE',
  prot: 'PROT_READ|PROT_WRITE',
  flags: 'MAP_PRIVATE|MAP_ANONYMOUS',
  as: 'p',
};

describe('generateC', () => {
  it('emits the step as C over the bound names, with symbolic flags', () => {
    const c = generateC(doc([MMAP, { do: 'load', addr: 'p + 0x1000', length: 2 }]));
    expect(c).toContain(
      'mmap((void *)(uintptr_t)0, (size_t)(2LL * PAGE), (int)(PROT_READ | PROT_WRITE)',
    );
    expect(c).toContain('do_load((unsigned long long)(v_p + 4096LL), 2LL);');
    expect(c).toContain('#define v_p V[0]');
    expect(c).toContain('"steps/1"');
  });

  it('guards every flag name it uses with the uAPI value, for older headers', () => {
    const c = generateC(
      doc([
        { do: 'userfaultfd', flags: 'O_CLOEXEC', as: 'u' },
        {
          do: 'ioctl',
          fd: 'u',
          request: 'UFFDIO_API',
          api: 170,
          features: 'UFFD_FEATURE_MOVE|UFFD_FEATURE_POISON',
        },
      ]),
    );
    expect(c).toContain('#ifndef UFFD_FEATURE_MOVE\n#define UFFD_FEATURE_MOVE 0x10000ULL\n#endif');
    expect(c).toContain('a.features = (UFFD_FEATURE_MOVE | UFFD_FEATURE_POISON);');
    expect(c).toMatch(/put_mask\("", "features"/);
  });

  it('turns a preset ioctls mask into its number (the names are ioctl requests in C)', () => {
    const c = generateC(
      doc([
        { do: 'userfaultfd', as: 'u' },
        { do: 'ioctl', fd: 'u', request: 'UFFDIO_API', api: 170, ioctls: 'UFFDIO_API|UFFDIO_COPY' },
      ]),
    );
    expect(c).toContain('a.ioctls = 0x8000000000000008ULL;');
  });

  it('makes repeats loops in the driver, with the index bound', () => {
    const c = generateC(
      doc([
        MMAP,
        {
          do: 'repeat',
          count: 3,
          as: 'i',
          steps: [{ do: 'store', addr: 'p + i*PAGE', bytes: '01' }],
        },
      ]),
    );
    expect(c).toMatch(
      /for \(long long k0 = 0; k0 < n0; k0\+\+\) \{\n\s+set_loop_var\(1, k0\);\n\s+S\(1\);/,
    );
  });

  it('names an unbound name where it is used', () => {
    expect(() => generateC(doc([{ do: 'load', addr: 'q' }]))).toThrow(ScenarioError);
    expect(() => generateC(doc([{ do: 'load', addr: 'q' }]))).toThrow(
      /steps\[0\]\.addr: unbound name "q"/,
    );
  });

  it('refuses what no kernel here can run, with the reason', () => {
    expect(refusalReason(doc([{ do: 'refpage_create', content: 'aa', size: 1, as: 'r' }]))).toBe(
      REFPAGE_REASON,
    );
    expect(refusalReason(doc([{ do: 'repeat', count: 1, steps: [{ do: 'stg', addr: 0 }] }]))).toBe(
      MTE_REASON,
    );
    expect(refusalReason(doc([{ ...MMAP, prot: 'PROT_READ|PROT_MTE' }]))).toBe(MTE_REASON);
    expect(refusalReason(doc([{ do: 'load', addr: 'tag(0x1000, 3)' }]))).toBe(MTE_REASON);
    expect(refusalReason(doc([MMAP], { arch: 'arm64', pageSize: 16384 }))).toMatch(/16384/);
    expect(refusalReason(doc([MMAP]))).toBeNull();
    expect(() => generateC(doc([{ do: 'refpage_create', content: 'aa', size: 1 }]))).toThrow(
      CrosscheckRefusal,
    );
  });

  it('refuses a fork inside a repeat, whose children would share a name', () => {
    expect(() =>
      generateC(doc([{ do: 'repeat', count: 2, steps: [{ do: 'fork', as: 'c' }] }])),
    ).toThrow(/inside a repeat/);
  });
});

describe('planScenario', () => {
  it('gives each (process, thread) a slot, and each process a main slot first', () => {
    const plan = planScenario(
      doc([
        MMAP,
        { do: 'fork', as: 'child' },
        { do: 'load', addr: 'p', proc: 'child', thread: 'T' },
        { do: 'load', addr: 'p', thread: 'T' },
      ]),
    );
    expect(plan.slots).toEqual([
      { proc: 'main', thread: 'main', procMain: 0 },
      { proc: 'child', thread: 'main', procMain: 1 },
      { proc: 'child', thread: 'T', procMain: 1 },
      { proc: 'main', thread: 'T', procMain: 0 },
    ]);
    expect(plan.forkChild.get(1)).toBe(1);
    expect(plan.names).toEqual([{ name: 'p', isAddr: true, cVar: 'v_p' }]);
    expect(plan.leaves.map((l) => l.path)).toEqual(['steps/0', 'steps/1', 'steps/2', 'steps/3']);
  });
});
