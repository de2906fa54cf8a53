/**
 * The kernel configuration faultline models, where an outcome depends on it: boot parameters,
 * sysctls and sysfs settings that change what a fault, an mmap or a userfaultfd does. Stated here
 * once; the explanation view shows this list and docs/kernel-config.md says the same (a test
 * checks that they agree). The cross-check's machines run this configuration: this machine's
 * Linux 6.18 has init_on_alloc off, transparent_hugepage "madvise", overcommit_memory 0, and runs
 * its programs as root.
 */

export interface ConfigSetting {
  /** The setting as an administrator spells it. */
  name: string;
  /** The value faultline models. */
  modelled: string;
  /** What that means for the outcomes faultline shows. */
  means: string;
  /** What another value would change. */
  otherwise: string;
}

export const MODELLED_CONFIG: readonly ConfigSetting[] = [
  {
    name: 'init_on_alloc',
    modelled: '0 (CONFIG_INIT_ON_ALLOC_DEFAULT_ON not set)',
    means:
      'a page is zeroed when its allocation asks for it (__GFP_ZERO): an anonymous fault zeroes its page once, and a reference-page fault (the v5 patch allocates with __GFP_NOZERO) fills its page without zeroing it first',
    otherwise:
      'with init_on_alloc=1 every page is zeroed as it is allocated, so a reference-page fault zeroes, then fills',
  },
  {
    name: 'transparent_hugepage',
    modelled: 'no huge pages ("never", or "madvise" without MADV_HUGEPAGE)',
    means: 'every fault maps one base page (4 KiB on x86_64)',
    otherwise:
      'with "always", a fault in an aligned 2 MiB range of anonymous memory may map a huge page: 2 MiB zeroed at once, and a read may map the huge zero page',
  },
  {
    name: 'vm.overcommit_memory',
    modelled: '0 (OVERCOMMIT_GUESS, the default)',
    means:
      'mmap refuses only a single request larger than RAM plus swap (__vm_enough_memory); memory is taken page by page at fault time, and the OOM killer settles the bill',
    otherwise:
      '1 (OVERCOMMIT_ALWAYS) never refuses; 2 (OVERCOMMIT_NEVER) refuses a mapping past the commit limit at mmap time, so the OOM killer is rarely needed',
  },
  {
    name: 'vm.unprivileged_userfaultfd',
    modelled:
      'any caller may handle kernel faults (root, as the cross-check runs, or the sysctl at 1)',
    means: 'userfaultfd(2) never fails with EPERM',
    otherwise:
      'at 0, the default, a process without CAP_SYS_PTRACE gets EPERM unless it passes UFFD_USER_MODE_ONLY (userfaultfd_syscall_allowed)',
  },
  {
    name: 'mte_tcf_preferred (arm64)',
    modelled: '"async", the default of every CPU, unless a scenario sets it',
    means:
      'a thread that allows both SYNC and ASYNC tag checks (prctl) runs them ASYNC (mte_update_sctlr_user)',
    otherwise: '"sync" or "asymm" make such a thread check synchronously, or asymmetrically',
  },
];
