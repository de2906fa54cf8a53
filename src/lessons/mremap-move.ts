import type { Lesson } from './types';

/** (h) mremap moves page table entries, not pages (move_vma → move_page_tables). */
export const mremapMove: Lesson = {
  id: 'mremap-move',
  title: 'mremap moves pages without copying them',
  level: 'intermediate',
  summary:
    'Growing a mapping that cannot grow in place moves it: mremap moves the page table entries to the new address, and the frames, with their data, stay where they are.',
  doc: {
    faultline: 1,
    title: 'mremap moves pages without copying them',
    notes:
      'realloc of a large block ends in mremap(MREMAP_MAYMOVE). When the VMA cannot grow where it is, ' +
      'move_vma creates a VMA at a new address and move_page_tables moves the PTEs into it: the same ' +
      'frames, now mapped at other addresses. No page is allocated or copied, and the old range is ' +
      'unmapped. With MREMAP_DONTUNMAP the old range stays mapped, but empty.',
    steps: [
      {
        do: 'mmap',
        length: '5*PAGE',
        prot: 'PROT_READ|PROT_WRITE',
        flags: 'MAP_PRIVATE|MAP_ANONYMOUS',
        as: 'p',
        expect: { ret: 'p' },
      },
      {
        do: 'mprotect',
        addr: 'p + 4*PAGE',
        length: 'PAGE',
        prot: 'PROT_NONE',
        expect: { ret: 0 },
        note: 'a guard page right after the block',
      },
      { do: 'store', addr: 'p', bytes: '01' },
      { do: 'store', addr: 'p + PAGE', bytes: '02' },
      { do: 'load', addr: 'p + 2*PAGE', expect: { value: '00' } },
      { do: 'pagemap', addr: 'p', length: '4*PAGE', expect: { pages: 'xxz.' } },
      {
        do: 'mremap',
        old_address: 'p',
        old_size: '4*PAGE',
        new_size: '8*PAGE',
        flags: 'MREMAP_MAYMOVE',
        as: 'q',
        expect: { ret: 'q' },
      },
      { do: 'pagemap', addr: 'q', length: '8*PAGE', expect: { pages: 'xxz.....' } },
      { do: 'load', addr: 'q + PAGE', expect: { value: '02' } },
      { do: 'load', addr: 'p', expect: { signal: 'SIGSEGV', si_code: 'SEGV_MAPERR' } },
      { do: 'rss', expect: { rss: { anon: 2, file: 0, shmem: 0 } } },
      { do: 'store', addr: 'q + 6*PAGE', bytes: '07', note: 'the grown part is fresh memory' },
      {
        do: 'mremap',
        old_address: 'q',
        old_size: '8*PAGE',
        new_size: '8*PAGE',
        flags: 'MREMAP_MAYMOVE|MREMAP_DONTUNMAP',
        as: 'r',
        expect: { ret: 'r' },
      },
      { do: 'pagemap', addr: 'q', length: '8*PAGE', expect: { pages: '........' } },
      { do: 'pagemap', addr: 'r', length: '8*PAGE', expect: { pages: 'xxz...x.' } },
      { do: 'load', addr: 'r', expect: { value: '01' } },
      { do: 'load', addr: 'q', expect: { value: '00' } },
    ],
  },
  narration: {
    0: 'Five pages…',
    1: '…of which the last becomes a PROT_NONE guard page. mprotect splits the VMA in two (__split_vma), so the first four pages cannot grow upward in place.',
    2: 'Two private pages with data…',
    4: '…and one page that maps the zero page.',
    6: 'realloc-style growth: mremap to twice the size, MREMAP_MAYMOVE. The guard page is in the way, so do_mremap calls move_vma: a new VMA of 8 pages elsewhere, then move_page_tables moves every PTE of the old range into it. The frames are the same frames; only their addresses changed. The old VMA is removed.',
    7: 'The same three PTEs, now at q: two private pages and the zero page. The new four pages are untouched.',
    8: 'The data is there, and this load did not even fault: the PTE was moved, present and writable. Compare the Counters: no frame was allocated and no byte copied by the move. A user-space realloc that copied 16 KiB would have faulted in four new pages and written all of them.',
    9: 'The old address is gone: do_user_addr_fault finds no VMA, never reaches handle_mm_fault, and bad_area_nosemaphore sends SIGSEGV with SEGV_MAPERR.',
    10: 'Still two resident pages: the move did not change what is resident.',
    11: 'The grown part behaves like any fresh anonymous memory: a write fault allocates a zeroed page.',
    12: 'MREMAP_DONTUNMAP (Linux 5.7) moves the pages as before but leaves the old VMA in place. It was made for userfaultfd-based garbage collectors and checkpointing: the old range stays valid and empty, so the next touch there faults (and, when registered with userfaultfd, reaches the monitor).',
    13: 'The old range is mapped but has no pages.',
    14: 'Every page moved, including the one written after the first move.',
    16: 'Reading the old range now faults like untouched memory: the zero page.',
  },
  questions: [
    {
      atStep: 7,
      prompt:
        'mremap moved the mapping to q. What does pagemap show for the eight pages of q: were the pages brought along?',
      answerField: 'pages',
    },
  ],
};
