import type { Lesson } from './types';

/** (a) Reading fresh anonymous memory maps the shared zero page; writing gives a private page. */
export const zeroPage: Lesson = {
  id: 'zero-page',
  title: 'The zero page: read, then write',
  level: 'intro',
  summary:
    'Reading untouched anonymous memory maps one shared page of zeroes; only a write gives the process a page of its own.',
  doc: {
    faultline: 1,
    title: 'The zero page: read, then write',
    notes:
      'mmap gives address space, not memory. A first read of an anonymous page maps the shared zero page ' +
      'read-only (do_anonymous_page); a first write allocates a zeroed page. A write to a page that was ' +
      'read first is a copy-on-write from the zero page (do_wp_page → wp_page_copy), which allocates a ' +
      'zeroed page instead of copying 4 KiB of zeroes.',
    steps: [
      {
        do: 'mmap',
        length: '4*PAGE',
        prot: 'PROT_READ|PROT_WRITE',
        flags: 'MAP_PRIVATE|MAP_ANONYMOUS',
        as: 'p',
        expect: { ret: 'p' },
      },
      { do: 'pagemap', addr: 'p', length: '4*PAGE', expect: { pages: '....' } },
      { do: 'load', addr: 'p', expect: { value: '00' } },
      { do: 'load', addr: 'p + PAGE + 100', expect: { value: '00' } },
      { do: 'pagemap', addr: 'p', length: '4*PAGE', expect: { pages: 'zz..' } },
      { do: 'rss', expect: { rss: { anon: 0, file: 0, shmem: 0 } } },
      { do: 'store', addr: 'p', bytes: '2a', note: 'write to a page that was read first' },
      { do: 'store', addr: 'p + 2*PAGE', bytes: '2b', note: 'write to a page never touched' },
      { do: 'store', addr: 'p + 1', bytes: '2c', note: 'the PTE is writable now: no fault' },
      { do: 'load', addr: 'p', length: 3, expect: { value: '2a2c00' } },
      { do: 'pagemap', addr: 'p', length: '4*PAGE', expect: { pages: 'xzx.' } },
      { do: 'rss', expect: { rss: { anon: 2, file: 0, shmem: 0 } } },
    ],
  },
  narration: {
    0: 'mmap only creates a VMA (mmap_region): a range of addresses with permissions. No page table entry and no frame exist yet; the kernel fills them in lazily, on the first access to each page.',
    1: 'pagemap shows "." for every page: nothing is mapped. The Physical frames view has nothing new either.',
    2: 'The first read faults (handle_mm_fault → do_anonymous_page). The fault is a read, so the kernel does not allocate anything: it maps the shared zero page read-only. Every process that reads untouched anonymous memory shares this one frame.',
    3: 'A second page, read anywhere inside it, gets the same zero page. Faults work on whole pages: the offset 100 does not matter.',
    4: 'Two pages are mapped ("z"), both to the same frame, the zero page.',
    5: 'RSS counts the resident pages the process maps (a page shared with other processes counts in each of them). The zero page is not counted: it is special (vm_normal_page returns NULL for it). Reading 8 KiB allocated no page of data; the only memory it took is the page-table page holding the two PTEs, which RSS does not count (and faultline does not draw).',
    6: 'Writing to a page that maps the zero page is a write-protect fault: do_wp_page → wp_page_copy. It is copy-on-write, but the kernel knows the source is the zero page, so it allocates an already-zeroed page (method "zero") instead of copying 4 KiB of zeroes, then maps it writable.',
    7: 'Writing to a page that was never touched goes straight to do_anonymous_page with a write fault: a zeroed page is allocated and mapped writable, with no zero-page step in between.',
    8: 'The PTE is now present and writable, so this store completes in user mode: no fault, no event. Faults happen once per page, not once per access.',
    9: 'The bytes written are there; the rest of the page is zero, as fresh anonymous memory must be.',
    10: 'Page 0 and page 2 are "x": each maps a frame of its own, mapped once. Page 1 still maps the zero page; page 3 was never touched.',
    11: 'Two pages are resident: only the pages written. The Counters view shows two faults that mapped the zero page and 8 KiB zeroed for the two new frames.',
  },
  questions: [
    {
      atStep: 5,
      prompt: 'The process has read two pages. How many pages does it have resident (RSS)?',
      answerField: 'rss',
    },
    {
      atStep: 10,
      prompt: 'After the writes, what does pagemap show for the four pages?',
      answerField: 'pages',
    },
  ],
};
