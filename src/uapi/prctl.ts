/**
 * prctl(2) options and the tagged-address control bits, and the signal codes a fault reports.
 *
 * Values from linux/prctl.h and asm-generic/siginfo.h on this machine. The option list is every
 * top-level `PR_*` option of the header; faultline models PR_SET/GET_TAGGED_ADDR_CTRL (arm64 MTE),
 * and an engine returns EINVAL for the rest, but naming them keeps a scenario readable.
 */
import { flagTable } from './flag-table';

export const PR_OPTION = {
  PR_SET_PDEATHSIG: 1,
  PR_GET_PDEATHSIG: 2,
  PR_GET_DUMPABLE: 3,
  PR_SET_DUMPABLE: 4,
  PR_GET_UNALIGN: 5,
  PR_SET_UNALIGN: 6,
  PR_GET_KEEPCAPS: 7,
  PR_SET_KEEPCAPS: 8,
  PR_GET_FPEMU: 9,
  PR_SET_FPEMU: 10,
  PR_GET_FPEXC: 11,
  PR_SET_FPEXC: 12,
  PR_GET_TIMING: 13,
  PR_SET_TIMING: 14,
  PR_SET_NAME: 15,
  PR_GET_NAME: 16,
  PR_GET_ENDIAN: 19,
  PR_SET_ENDIAN: 20,
  PR_GET_SECCOMP: 21,
  PR_SET_SECCOMP: 22,
  PR_CAPBSET_READ: 23,
  PR_CAPBSET_DROP: 24,
  PR_GET_TSC: 25,
  PR_SET_TSC: 26,
  PR_GET_SECUREBITS: 27,
  PR_SET_SECUREBITS: 28,
  PR_SET_TIMERSLACK: 29,
  PR_GET_TIMERSLACK: 30,
  PR_TASK_PERF_EVENTS_DISABLE: 31,
  PR_TASK_PERF_EVENTS_ENABLE: 32,
  PR_MCE_KILL: 33,
  PR_MCE_KILL_GET: 34,
  PR_SET_MM: 35,
  PR_SET_CHILD_SUBREAPER: 36,
  PR_GET_CHILD_SUBREAPER: 37,
  PR_SET_NO_NEW_PRIVS: 38,
  PR_GET_NO_NEW_PRIVS: 39,
  PR_GET_TID_ADDRESS: 40,
  PR_SET_THP_DISABLE: 41,
  PR_GET_THP_DISABLE: 42,
  PR_MPX_ENABLE_MANAGEMENT: 43,
  PR_MPX_DISABLE_MANAGEMENT: 44,
  PR_SET_FP_MODE: 45,
  PR_GET_FP_MODE: 46,
  PR_CAP_AMBIENT: 47,
  PR_SVE_SET_VL: 50,
  PR_SVE_GET_VL: 51,
  PR_GET_SPECULATION_CTRL: 52,
  PR_SET_SPECULATION_CTRL: 53,
  PR_PAC_RESET_KEYS: 54,
  PR_SET_TAGGED_ADDR_CTRL: 55,
  PR_GET_TAGGED_ADDR_CTRL: 56,
  PR_SET_IO_FLUSHER: 57,
  PR_GET_IO_FLUSHER: 58,
  PR_SET_SYSCALL_USER_DISPATCH: 59,
  PR_PAC_SET_ENABLED_KEYS: 60,
  PR_PAC_GET_ENABLED_KEYS: 61,
  PR_SCHED_CORE: 62,
  PR_SME_SET_VL: 63,
  PR_SME_GET_VL: 64,
  PR_SET_PTRACER: 0x59616d61,
  PR_SET_VMA: 0x53564d41,
} as const;

/** The argument of PR_SET_TAGGED_ADDR_CTRL (arm64: Documentation/arch/arm64/memory-tagging-extension.rst). */
export const PR_TAGGED_ADDR = {
  PR_TAGGED_ADDR_ENABLE: 1 << 0,
  PR_MTE_TCF_NONE: 0,
  PR_MTE_TCF_SYNC: 1 << 1,
  PR_MTE_TCF_ASYNC: 1 << 2,
  PR_MTE_TCF_MASK: (1 << 1) | (1 << 2),
  /** The tag include mask: bit N+3 set lets IRG generate tag N. */
  PR_MTE_TAG_MASK: 0xffff << 3,
} as const;
export const PR_MTE_TAG_SHIFT = 3;
export const PR_MTE_TCF_SHIFT = 1;

export const PR_OPTION_TABLE = flagTable('PR_*', PR_OPTION, { enumerated: true });
export const PR_ARG_TABLE = flagTable('PR_TAGGED_ADDR_*|PR_MTE_*', PR_TAGGED_ADDR, {
  notPrinted: ['PR_MTE_TCF_MASK', 'PR_MTE_TAG_MASK'],
});

/** Signal numbers faultline delivers (the same on x86_64 and arm64). */
export const SIGNALS = { SIGBUS: 7, SIGSEGV: 11 } as const;

export const SEGV_CODE = {
  SEGV_MAPERR: 1,
  SEGV_ACCERR: 2,
  SEGV_BNDERR: 3,
  SEGV_PKUERR: 4,
  SEGV_ACCADI: 5,
  SEGV_ADIDERR: 6,
  SEGV_ADIPERR: 7,
  SEGV_MTEAERR: 8,
  SEGV_MTESERR: 9,
} as const;

export const BUS_CODE = {
  BUS_ADRALN: 1,
  BUS_ADRERR: 2,
  BUS_OBJERR: 3,
  BUS_MCEERR_AR: 4,
  BUS_MCEERR_AO: 5,
} as const;
