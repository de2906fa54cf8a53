import type { Lesson } from './types';

/** (c) fork leaves out page tables the child can rebuild by faulting (vma_needs_copy). */
export const forkSkips: Lesson = {
  id: 'fork-skips-copy',
  title: "fork doesn't copy what it needn't",
  level: 'intermediate',
  summary:
    'fork copies the page tables only of VMAs that hold private pages; a zero-page-only VMA and a shared memfd mapping reach the child empty, and the child faults the same pages back in.',
  doc: {
    faultline: 1,
    title: "fork doesn't copy what it needn't",
    notes:
      'copy_page_range starts by asking vma_needs_copy: does this VMA have an anon_vma (has it ever had a ' +
      'private page)? If not, the child can rebuild every PTE by faulting, with the same result, so fork ' +
      'skips the copy. Two such VMAs here: an anonymous one that was only ever read (its PTEs map the zero ' +
      'page) and a MAP_SHARED memfd mapping (its pages live in the page cache). A third VMA, written, is copied.',
    steps: [
      {
        do: 'mmap',
        length: '4*PAGE',
        prot: 'PROT_READ|PROT_WRITE',
        flags: 'MAP_PRIVATE|MAP_ANONYMOUS',
        as: 'z',
        note: 'only ever read',
      },
      { do: 'load', addr: 'z', expect: { value: '00' } },
      { do: 'load', addr: 'z + PAGE', expect: { value: '00' } },
      { do: 'memfd_create', name: 'shm', as: 'mfd', expect: { ret: 3 } },
      { do: 'ftruncate', fd: 'mfd', length: '2*PAGE', expect: { ret: 0 } },
      {
        do: 'mmap',
        length: '2*PAGE',
        prot: 'PROT_READ|PROT_WRITE',
        flags: 'MAP_SHARED',
        fd: 'mfd',
        as: 's',
        note: 'shared memfd',
      },
      { do: 'store', addr: 's', bytes: '5a' },
      { do: 'store', addr: 's + PAGE', bytes: '5b' },
      {
        do: 'mmap',
        length: '2*PAGE',
        prot: 'PROT_READ|PROT_WRITE',
        flags: 'MAP_PRIVATE|MAP_ANONYMOUS',
        as: 'a',
        note: 'written: has an anon_vma',
      },
      { do: 'store', addr: 'a', bytes: '01' },
      { do: 'pagemap', addr: 'z', length: '4*PAGE', expect: { pages: 'zz..' } },
      { do: 'pagemap', addr: 's', length: '2*PAGE', expect: { pages: 'xx' } },
      { do: 'pagemap', addr: 'a', length: '2*PAGE', expect: { pages: 'x.' } },
      { do: 'fork', as: 'child', expect: { ret: 'child' } },
      { do: 'pagemap', proc: 'child', addr: 'z', length: '4*PAGE', expect: { pages: '....' } },
      { do: 'pagemap', proc: 'child', addr: 's', length: '2*PAGE', expect: { pages: '..' } },
      { do: 'pagemap', proc: 'child', addr: 'a', length: '2*PAGE', expect: { pages: 's.' } },
      { do: 'load', proc: 'child', addr: 'z', expect: { value: '00' } },
      { do: 'load', proc: 'child', addr: 's + PAGE', expect: { value: '5b' } },
      { do: 'load', proc: 'child', addr: 's', expect: { value: '5a' } },
      { do: 'pagemap', proc: 'child', addr: 's', length: '2*PAGE', expect: { pages: 'ss' } },
      { do: 'pagemap', addr: 's', length: '2*PAGE', expect: { pages: 'ss' } },
      { do: 'rss', proc: 'child', expect: { rss: { anon: 1, file: 0, shmem: 2 } } },
    ],
  },
  narration: {
    0: 'An anonymous VMA that this lesson only ever reads.',
    1: 'A read fault maps the zero page (do_anonymous_page). Note what does not happen: no anon_vma is created. The kernel prepares one (anon_vma_prepare) only when it is about to map a private page, and the zero page is not one.',
    3: 'memfd_create makes a shmem file with no name in any directory; ftruncate gives it two pages of size.',
    5: "A MAP_SHARED mapping of the memfd: its pages are the file's pages, kept in the page cache.",
    6: 'A write fault on a shared file mapping: do_shared_fault → shmem_fault finds no page at index 0, so shmem allocates a zeroed one and adds it to the page cache (shmem_add_to_page_cache), then the PTE maps it writable.',
    8: 'A third VMA, private and anonymous. It is placed below the memfd mapping, so it does not merge with z.',
    9: 'This write allocates a private page, and with it the VMA\'s anon_vma: from now on this VMA "has private pages".',
    13: "fork: dup_mmap copies all three VMAs, then copy_page_range runs for each. For z and s, vma_needs_copy returns false (no anon_vma, no uffd-wp, not a PFN map), so their page tables are not copied at all. Only a's page is shared (one pte_shared event). On a process with gigabytes of shared or read-only memory this is most of the cost of fork saved.",
    14: 'The surprise: in the child, z has no pages mapped, although the parent has two. The child will simply fault them in again.',
    15: 'The memfd mapping is empty in the child too.',
    16: "The private page was copied into the child's page table (shared, write-protected), as in the fork-and-copy-on-write lesson.",
    17: 'The child reads z: a fresh fault, and do_anonymous_page maps the zero page again. The result is exactly what copying the PTE would have given.',
    18: 'The child reads the memfd: a read fault, and do_read_fault first calls do_fault_around. filemap_map_pages maps every page of the 16-page window that is already in the page cache: both pages the parent wrote, the very same frames. The fault is resolved without calling shmem_fault at all. Nothing was lost by not copying the PTEs: the page cache remembers.',
    19: 'No fault this time: fault-around mapped this page during the previous step. (This is what the real kernel does; faultline checks it against Linux 6.18.)',
    20: 'Both memfd pages are now mapped by both processes: "s".',
    22: 'The child holds one anonymous page (shared with the parent since fork) and two shmem pages.',
  },
  questions: [
    {
      atStep: 14,
      prompt:
        "The parent has the zero page mapped at z and z + PAGE. After fork, what does the child's pagemap show for z?",
      answerField: 'pages',
    },
  ],
};
