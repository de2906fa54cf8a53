import type { Lesson } from './types';

/** (l) An MTE tag mismatch: SYNC stops the access, ASYNC lets it happen and reports it later. */
export const mteSyncAsync: Lesson = {
  id: 'mte-sync-async',
  title: 'arm64 MTE: a tag mismatch in SYNC and ASYNC mode',
  level: 'advanced',
  requires: 'mte',
  summary:
    'A one-past-the-end store through a tagged pointer: in SYNC mode it faults before writing (SEGV_MTESERR), in ASYNC mode the byte is written and SIGSEGV (SEGV_MTEAERR) arrives afterwards, without an address.',
  doc: {
    faultline: 1,
    title: 'arm64 MTE: a tag mismatch in SYNC and ASYNC mode',
    notes:
      'The Memory Tagging Extension gives every 16-byte granule of PROT_MTE memory a 4-bit allocation tag, ' +
      'and every pointer a logical tag in bits 59:56. Each load and store compares the two. An allocator ' +
      'tags a block and returns a pointer with the same tag; an access past the end reaches a granule with ' +
      "another tag. What happens then is the thread's choice (prctl PR_SET_TAGGED_ADDR_CTRL): SYNC faults " +
      'precisely, before the access (do_tag_check_fault); ASYNC only sets a flag in TFSRE0_EL1, which the kernel ' +
      'finds at its next entry (check_mte_async_tcf) and turns into a signal on the way back to user space, after the access.',
    machine: { arch: 'arm64', pageSize: 4096, mte: true, frames: 1024 },
    steps: [
      {
        do: 'prctl',
        option: 'PR_SET_TAGGED_ADDR_CTRL',
        arg: 'PR_TAGGED_ADDR_ENABLE|PR_MTE_TCF_SYNC|0x7fff0',
        expect: { ret: 0 },
      },
      {
        do: 'mmap',
        length: 'PAGE',
        prot: 'PROT_READ|PROT_WRITE|PROT_MTE',
        flags: 'MAP_PRIVATE|MAP_ANONYMOUS',
        as: 'p',
        expect: { ret: 'p' },
      },
      { do: 'stg', addr: 'tag(p, 3)', length: 32, note: 'malloc(32) tags its block with tag 3' },
      { do: 'ldg', addr: 'p', expect: { value: '3' } },
      { do: 'ldg', addr: 'p + 32', expect: { value: '0' } },
      { do: 'store', addr: 'tag(p, 3) + 31', bytes: '41', note: 'the last byte of the block' },
      {
        do: 'store',
        addr: 'tag(p, 3) + 32',
        bytes: '42',
        note: 'one past the end',
        expect: { signal: 'SIGSEGV', si_code: 'SEGV_MTESERR' },
      },
      { do: 'load', addr: 'p + 32', expect: { value: '00' } },
      {
        do: 'prctl',
        option: 'PR_SET_TAGGED_ADDR_CTRL',
        arg: 'PR_TAGGED_ADDR_ENABLE|PR_MTE_TCF_ASYNC|0x7fff0',
        expect: { ret: 0 },
      },
      {
        do: 'store',
        addr: 'tag(p, 3) + 32',
        bytes: '42',
        note: 'the same bug, in ASYNC mode',
        expect: { signal: 'SIGSEGV', si_code: 'SEGV_MTEAERR' },
      },
      { do: 'load', addr: 'p + 32', expect: { value: '42' } },
      { do: 'load', addr: 'tag(p, 3) + 30', length: 2, expect: { value: '0041' } },
    ],
  },
  narration: {
    0: 'prctl(PR_SET_TAGGED_ADDR_CTRL): accept tagged pointers in syscalls (PR_TAGGED_ADDR_ENABLE), check tags synchronously (PR_MTE_TCF_SYNC), and let IRG pick any tag but 0 (the include mask 0xfffe, shifted by PR_MTE_TAG_SHIFT). The mode is per thread.',
    1: 'A PROT_MTE mapping: its pages are tagged memory. Fresh pages start with every granule at tag 0, and mmap returns a pointer with tag 0.',
    2: "The allocator tags the 32-byte block: STG sets the allocation tag of the two granules to the pointer's tag, 3 (an allocator would pick the tag with IRG). The first touch faults the page in (do_anonymous_page), and its tags are cleared to 0 first (mte_zero_clear_page_tags).",
    3: "LDG reads a granule's tag: 3…",
    4: '…and the granule after the block still has tag 0.',
    5: 'A store to the last byte of the block through the tag-3 pointer: pointer tag 3, granule tag 3, the check passes.',
    6: 'One byte past the end: pointer tag 3, granule tag 0. In SYNC mode the CPU raises a tag check fault before the store is performed; do_mem_abort → do_tag_check_fault sends SIGSEGV with si_code SEGV_MTESERR and the faulting address. A debugger would stop on the exact instruction.',
    7: 'Read with an untagged pointer (tag 0 matches the granule): the byte is still 00. The bad store never happened.',
    8: 'Switch this thread to ASYNC mode, the cheaper one: the CPU does not wait for the tag check before going on.',
    9: "The same bug. In ASYNC mode the CPU does not stop: the store completes and the mismatch only sets TFSRE0_EL1.TF0. At its next entry the kernel's check_mte_async_tcf sees the bit and only sets TIF_MTE_ASYNC_FAULT; the signal, SIGSEGV with SEGV_MTEAERR, is sent on the way back to user space (arch_exit_to_user_mode_work). Its si_addr is 0: the signal says a mismatch happened, not where. faultline enters the kernel after every step, so the signal is reported on this step.",
    10: 'The overflowing byte is in memory: ASYNC mode detects, it does not prevent.',
    11: 'The block itself was never affected.',
  },
  questions: [
    {
      atStep: 7,
      prompt: 'The SYNC store one past the end was caught. Did the byte 42 reach memory?',
      answerField: 'value',
    },
    {
      atStep: 10,
      prompt:
        'The ASYNC store one past the end was caught too. Did the byte 42 reach memory this time?',
      answerField: 'value',
    },
  ],
};
