/**
 * The x86_64 target: this machine's kernel (Linux 6.18), run directly. Besides the calls every
 * target runs it has userfaultfd (the syscall, its ioctls, read and poll of its messages) and rss;
 * MTE needs an arm64 kernel, and refpage_create no kernel has.
 */
import { CALLS } from '../../scenario/calls';
import { usesTag } from '../../scenario/expr';
import { UFFD_FLAGS_TABLE } from '../../scenario/flags';
import type { ScenarioDocument, Step } from '../../scenario/types';
import { leafSteps, MTE_REASON, REFPAGE_REASON } from '../refuse';
import { uffdNameTablesC } from '../tables';
import type { Call, Target } from '../target';
import { emitIoctl } from './emit-ioctl';

function mentionsMte(step: Step): boolean {
  // prctl here is PR_SET_TAGGED_ADDR_CTRL, the only option the format has
  if (step.do === 'prctl' || (Object.hasOwn(CALLS, step.do) && CALLS[step.do]!.arch === 'arm64'))
    return true;
  const prot = (step as { prot?: unknown }).prot;
  if (typeof prot === 'string' && /\bPROT_MTE\b/.test(prot)) return true;
  return Object.values(step).some((v) => usesTag(v));
}

/** Why this scenario cannot run on this machine's kernel, or null when it can. */
export function x86RefusalReason(doc: ScenarioDocument): string | null {
  const steps = [...leafSteps(doc.steps ?? [])];
  if (steps.some((s) => s.do === 'refpage_create')) return REFPAGE_REASON;
  if (doc.machine?.mte || steps.some(mentionsMte)) return MTE_REASON;
  const pageSize = doc.machine?.pageSize ?? 4096;
  if (pageSize !== 4096)
    return `the scenario's pages are ${pageSize} bytes; this x86_64 kernel's are 4096`;
  return null;
}

export const X86_64: Target = {
  arch: 'x86_64',
  headers: ['x86_64/target.h', 'x86_64/uffd.h'],
  sources: ['x86_64/uffd.c', 'x86_64/arch.c'],
  // -fwrapv: scenario arithmetic wraps like the engine's.
  ccFlags: ['-O1', '-std=gnu11', '-pthread', '-fwrapv'],
  howToRun: [
    'Build: cc -O1 -std=gnu11 -pthread -fwrapv prog.c -o prog   (run as root, or with',
    'vm.unprivileged_userfaultfd=1, for userfaultfd).',
  ],
  refusal: x86RefusalReason,
  refuseCall: (call: Call) => (call === 'refpage_create' ? REFPAGE_REASON : MTE_REASON),
  steps: {
    rss: () => 'do_rss();',
    userfaultfd: (f) =>
      f.sysInt(`syscall(SYS_userfaultfd, (int)${f.flags('flags', UFFD_FLAGS_TABLE)})`),
    ioctl: emitIoctl,
    read: (f) => `do_read((int)${f.int('fd')}, ${f.int('count', '1')});`,
    poll: (f) => `do_poll((int)${f.int('fd')}, ${f.int('timeout', '0')});`,
  },
  tag: { refuse: MTE_REASON },
  tables: uffdNameTablesC,
};
