import type { Lesson } from './types';

/** (j) A missing fault handled in user space: T1 blocks, main reads the message and UFFDIO_COPYs. */
export const uffdMissing: Lesson = {
  id: 'uffd-missing-fault',
  title: 'userfaultfd: a missing fault handled by a monitor',
  level: 'advanced',
  requires: 'userfaultfd',
  summary:
    'A thread touches a page that is not there yet and sleeps in the kernel; a monitor thread reads the fault from the userfaultfd, supplies the page with UFFDIO_COPY, and the thread resumes as if the page had always been there.',
  doc: {
    faultline: 1,
    title: 'userfaultfd: a missing fault handled by a monitor',
    notes:
      'userfaultfd lets a program handle its own page faults: live migration (QEMU post-copy), lazy ' +
      'restore (CRIU), garbage collectors. A range registered in MISSING mode faults into ' +
      'handle_userfault instead of getting a zero page: the faulting thread sleeps and a UFFD_EVENT_PAGEFAULT ' +
      'message is queued. A monitor reads the message and resolves the fault with an ioctl; UFFDIO_COPY ' +
      "allocates a page, copies the monitor's data into it, maps it (mfill_atomic_copy) and wakes the " +
      'sleeper (wake_userfault), which retries its access.',
    machine: { arch: 'x86_64', pageSize: 4096, mte: false, frames: 1024, kernel: '6.18' },
    steps: [
      {
        do: 'userfaultfd',
        flags: 'O_CLOEXEC|O_NONBLOCK',
        as: 'uffd',
        expect: { ret: 3 },
      },
      {
        do: 'ioctl',
        fd: 'uffd',
        request: 'UFFDIO_API',
        api: '0xAA',
        features: 'UFFD_FEATURE_THREAD_ID',
        expect: { ret: 0 },
      },
      {
        do: 'mmap',
        length: '4*PAGE',
        prot: 'PROT_READ|PROT_WRITE',
        flags: 'MAP_PRIVATE|MAP_ANONYMOUS',
        as: 'p',
        expect: { ret: 'p' },
      },
      {
        do: 'mmap',
        length: 'PAGE',
        prot: 'PROT_READ|PROT_WRITE',
        flags: 'MAP_PRIVATE|MAP_ANONYMOUS',
        as: 'buf',
        expect: { ret: 'buf' },
        note: "the monitor's staging buffer",
      },
      {
        do: 'store',
        addr: 'buf',
        fill: 'c0',
        length: 'PAGE',
        note: 'e.g. a page fetched from the source host',
      },
      {
        do: 'ioctl',
        fd: 'uffd',
        request: 'UFFDIO_REGISTER',
        start: 'p',
        len: '4*PAGE',
        mode: 'UFFDIO_REGISTER_MODE_MISSING',
        expect: { ret: 0 },
      },
      {
        do: 'load',
        thread: 'T1',
        addr: 'p + PAGE',
        expect: { blocked: true, resumed: true, value: 'c0' },
      },
      { do: 'pagemap', addr: 'p', length: '4*PAGE', expect: { pages: '....' } },
      {
        do: 'read',
        fd: 'uffd',
        expect: {
          msgs: [{ event: 'UFFD_EVENT_PAGEFAULT', flags: '0', address: 'p+0x1000', ptid: 'T1' }],
        },
      },
      {
        do: 'ioctl',
        fd: 'uffd',
        request: 'UFFDIO_COPY',
        dst: 'p + PAGE',
        src: 'buf',
        len: 'PAGE',
        mode: 0,
        copy: 0,
        expect: { ret: 0, out: { copy: 4096 } },
      },
      { do: 'pagemap', addr: 'p', length: '4*PAGE', expect: { pages: '.x..' } },
      {
        do: 'store',
        thread: 'T1',
        addr: 'p + PAGE',
        bytes: '01',
        note: 'no fault: the PTE is writable',
      },
      { do: 'load', addr: 'p + PAGE', length: 2, expect: { value: '01c0' } },
      { do: 'rss', expect: { rss: { anon: 2, file: 0, shmem: 0 } } },
    ],
  },
  narration: {
    0: "userfaultfd(2) returns a file descriptor for this process's userfaults. O_NONBLOCK makes read return EAGAIN instead of sleeping when no message is pending.",
    1: "UFFDIO_API is the handshake: the API version (0xAA) and the features wanted. UFFD_FEATURE_THREAD_ID adds the faulting thread's id to each message (the ptid field).",
    2: 'The range the monitor will fill on demand.',
    3: 'A buffer where the monitor prepares page contents…',
    4: '…here a whole page of 0xC0.',
    5: 'UFFDIO_REGISTER with MODE_MISSING: from now on a fault on a page of p that has no PTE goes to the monitor instead of being filled with zeroes. The VMA gets VM_UFFD_MISSING and a pointer to this userfaultfd context.',
    6: "Thread T1 reads p + PAGE. The fault reaches do_anonymous_page, which sees userfaultfd_missing(vma) and calls handle_userfault: a UFFD_EVENT_PAGEFAULT message is queued and T1 sleeps in the kernel (blocked). Its load is not finished; it will resume later, and this step's outcome is only known then.",
    7: 'Nothing has been mapped: the kernel did not map the zero page as it would without userfaultfd.',
    8: 'The monitor (main) reads one uffd_msg: a page fault at p + 0x1000, flags 0 (a read; a write would say UFFD_PAGEFAULT_FLAG_WRITE), raised by T1. The address is the start of the page (without UFFD_FEATURE_EXACT_ADDRESS the kernel masks it).',
    9: 'UFFDIO_COPY resolves the fault: mfill_atomic_copy allocates a frame, copies the page from buf (4 KiB copied), and maps it at p + PAGE with the PTE writable. copy = 4096 reports the bytes done. Without UFFDIO_COPY_MODE_DONTWAKE, userfaultfd_copy then wakes every thread waiting on that range (wake_userfault): T1 retries its load, which now finds the page, and completes with c0 (the resumed record).',
    10: 'One page mapped, private to this process.',
    11: 'T1 writes to the page it waited for: the PTE is present and writable, so there is no fault at all.',
    12: "The byte T1 wrote, then the monitor's data.",
    13: 'Two anonymous pages: buf and the page UFFDIO_COPY installed.',
  },
  questions: [
    {
      atStep: 7,
      prompt: 'T1 is asleep in handle_userfault. What does pagemap show for p now?',
      answerField: 'pages',
    },
  ],
};
