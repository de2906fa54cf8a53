import type { Lesson } from './types';

/** (d) MAP_SHARED memfd: one frame per file page, whoever maps it; DONTNEED vs REMOVE. */
export const memfdShared: Lesson = {
  id: 'memfd-shared',
  title: 'MAP_SHARED memfd: one frame for every mapper',
  level: 'intermediate',
  summary:
    'Every MAP_SHARED mapping of a memfd, in any process, maps the same page-cache frames; MADV_DONTNEED drops only the mapping, MADV_REMOVE drops the data.',
  doc: {
    faultline: 1,
    title: 'MAP_SHARED memfd: one frame for every mapper',
    notes:
      'A memfd is a shmem file. Its pages belong to the file (the page cache), not to any process, so two ' +
      'mappings in one process and a forked child all see one frame per file page, and a write through any ' +
      "of them is seen through all of them. MADV_DONTNEED on a shared mapping only removes this mapping's " +
      'PTEs (zap_page_range_single_batched): the data stays in the file. MADV_REMOVE punches a hole in the file ' +
      '(shmem_fallocate): the page is unmapped from every mapper and freed, and the next access reads zeroes.',
    steps: [
      { do: 'memfd_create', name: 'shared', as: 'mfd', expect: { ret: 3 } },
      { do: 'ftruncate', fd: 'mfd', length: '2*PAGE', expect: { ret: 0 } },
      {
        do: 'mmap',
        length: '2*PAGE',
        prot: 'PROT_READ|PROT_WRITE',
        flags: 'MAP_SHARED',
        fd: 'mfd',
        as: 'p',
        expect: { ret: 'p' },
      },
      {
        do: 'mmap',
        length: '2*PAGE',
        prot: 'PROT_READ|PROT_WRITE',
        flags: 'MAP_SHARED',
        fd: 'mfd',
        as: 'q',
        expect: { ret: 'q' },
      },
      { do: 'store', addr: 'p', bytes: 'c0ffee' },
      { do: 'load', addr: 'q', length: 3, expect: { value: 'c0ffee' } },
      { do: 'fork', as: 'child', expect: { ret: 'child' } },
      { do: 'store', proc: 'child', addr: 'q + PAGE', bytes: 'beef' },
      { do: 'load', addr: 'p + PAGE', length: 2, expect: { value: 'beef' } },
      { do: 'load', proc: 'child', addr: 'p', length: 3, expect: { value: 'c0ffee' } },
      { do: 'pagemap', addr: 'p', length: '2*PAGE', expect: { pages: 'ss' } },
      { do: 'rss', expect: { rss: { anon: 0, file: 0, shmem: 3 } } },
      { do: 'madvise', addr: 'p', length: '2*PAGE', advice: 'MADV_DONTNEED', expect: { ret: 0 } },
      { do: 'pagemap', addr: 'p', length: '2*PAGE', expect: { pages: '..' } },
      { do: 'rss', expect: { rss: { anon: 0, file: 0, shmem: 1 } } },
      { do: 'load', addr: 'p', length: 3, expect: { value: 'c0ffee' } },
      { do: 'madvise', addr: 'p', length: 'PAGE', advice: 'MADV_REMOVE', expect: { ret: 0 } },
      { do: 'pagemap', addr: 'q', length: '2*PAGE', expect: { pages: '..' } },
      { do: 'load', addr: 'q', length: 3, expect: { value: '000000' } },
      { do: 'load', proc: 'child', addr: 'p', length: 3, expect: { value: '000000' } },
      { do: 'load', addr: 'p + PAGE', length: 2, expect: { value: 'beef' } },
      {
        do: 'mmap',
        length: 'PAGE',
        prot: 'PROT_READ|PROT_WRITE',
        flags: 'MAP_PRIVATE|MAP_ANONYMOUS',
        as: 'anon',
      },
      {
        do: 'madvise',
        addr: 'anon',
        length: 'PAGE',
        advice: 'MADV_REMOVE',
        expect: { ret: -1, errno: 'EINVAL' },
      },
    ],
  },
  narration: {
    0: 'memfd_create makes an anonymous shmem file and returns its fd (3, the lowest free fd).',
    1: 'ftruncate sets the file size to two pages. No memory is used yet: shmem allocates a page when it is first touched.',
    2: 'A shared mapping of the file at p…',
    3: '…and a second one at q, in the same process. Two VMAs, one file.',
    4: 'The write faults: do_shared_fault → shmem_fault. The file has no page at index 0, so shmem allocates a zeroed frame, inserts it into the page cache (shmem_add_to_page_cache) and the PTE at p maps it.',
    5: 'A read through q faults too (q has its own page table entries). do_read_fault first tries do_fault_around: filemap_map_pages maps the pages of the surrounding window that are already in the page cache, here the frame written through p, so shmem_fault is not even needed. The bytes written through p are simply there.',
    6: 'fork: for shared mappings vma_needs_copy says no, so the child starts with no PTEs here (see the "fork doesn\'t copy" lesson). Nothing is write-protected: shared pages are never copied on write.',
    7: 'The child writes page 1 through its q. shmem allocates page index 1 of the file.',
    8: "The parent reads page 1 through p and sees the child's bytes: one frame, three mappings in two processes.",
    10: 'Both pages of p are "s": the frame is mapped elsewhere too (by q, by the child).',
    11: "RSS counts shmem pages once per mapping that maps them: p maps 2, q maps 1, so 3, though only two frames exist, held by the file's page cache.",
    12: "MADV_DONTNEED on a shared mapping removes p's PTEs (zap_page_range_single_batched) and nothing else. The pages stay in the page cache, mapped by q and by the child.",
    13: 'p has no pages mapped…',
    14: '…so RSS drops, but no frame was freed (the Counters view shows none).',
    15: 'The data is still there: the read fault finds it in the page cache (fault-around maps it, and its cached neighbours, again). On a private anonymous mapping MADV_DONTNEED would have thrown the data away; on a shared one it only forgets the mapping.',
    16: 'MADV_REMOVE frees the backing store: it punches a hole in the file (shmem_fallocate with FALLOC_FL_PUNCH_HOLE). unmap_mapping_range removes the page from every mapping in every process, then shmem_undo_range frees the frame.',
    17: "q's PTE for page 0 is gone too, although q was never named in the madvise call.",
    18: 'Reading the hole: shmem allocates a fresh zeroed page. The old bytes are gone for everyone.',
    19: 'The child sees zeroes too.',
    20: "Page 1 was outside the removed range and keeps the child's bytes.",
    22: 'MADV_REMOVE needs a shared, writable file mapping. On a private anonymous mapping there is no file to punch a hole in: EINVAL.',
  },
  questions: [
    {
      atStep: 15,
      prompt: 'After MADV_DONTNEED on p, what does reading p return: zeroes or c0ffee?',
      answerField: 'value',
    },
    {
      atStep: 18,
      prompt: 'MADV_REMOVE was applied to p only. What does reading q return now?',
      answerField: 'value',
    },
  ],
};
