import type { Lesson } from './types';

/** (b) fork shares private pages write-protected; the first write copies, the last mapper reuses. */
export const forkCow: Lesson = {
  id: 'fork-cow',
  title: 'fork and copy-on-write',
  level: 'intro',
  summary:
    'fork shares every private page between parent and child, write-protected; a write copies the page only while someone else still maps it.',
  doc: {
    faultline: 1,
    title: 'fork and copy-on-write',
    notes:
      'fork does not copy private pages: for a VMA that holds some (vma_needs_copy), copy_page_range copies ' +
      'the page tables, so each private page is mapped by both processes, read-only, with mapcount 2. The ' +
      'first write by either side faults; do_wp_page copies the page (wp_page_copy) while another ' +
      'reference to it exists, or makes it writable in place (wp_page_reuse) once the writer holds the only one.',
    steps: [
      {
        do: 'mmap',
        length: '2*PAGE',
        prot: 'PROT_READ|PROT_WRITE',
        flags: 'MAP_PRIVATE|MAP_ANONYMOUS',
        as: 'p',
        expect: { ret: 'p' },
      },
      { do: 'store', addr: 'p', bytes: '11' },
      { do: 'store', addr: 'p + PAGE', bytes: '22' },
      { do: 'fork', as: 'child', expect: { ret: 'child' } },
      { do: 'pagemap', addr: 'p', length: '2*PAGE', expect: { pages: 'ss' } },
      { do: 'pagemap', proc: 'child', addr: 'p', length: '2*PAGE', expect: { pages: 'ss' } },
      { do: 'load', proc: 'child', addr: 'p', expect: { value: '11' } },
      { do: 'store', proc: 'child', addr: 'p', bytes: '33' },
      { do: 'load', proc: 'child', addr: 'p', expect: { value: '33' } },
      { do: 'load', addr: 'p', expect: { value: '11' } },
      { do: 'pagemap', addr: 'p', length: '2*PAGE', expect: { pages: 'xs' } },
      { do: 'store', addr: 'p', bytes: '44', note: 'copy or reuse?' },
      { do: 'exit', proc: 'child' },
      { do: 'pagemap', addr: 'p', length: '2*PAGE', expect: { pages: 'xx' } },
      { do: 'store', addr: 'p + PAGE', bytes: '55' },
      { do: 'load', addr: 'p', length: 1, expect: { value: '44' } },
      { do: 'rss', expect: { rss: { anon: 2, file: 0, shmem: 0 } } },
    ],
  },
  narration: {
    0: 'A private anonymous mapping of two pages.',
    1: 'The first write to each page allocates a zeroed frame (do_anonymous_page) and maps it writable.',
    3: 'fork (copy_process → dup_mmap) copies the VMAs and, for each VMA that needs it (vma_needs_copy: this one has private pages), the page tables (copy_page_range → copy_present_ptes). The frames are not copied: each PTE is write-protected in the parent and copied write-protected into the child, and each frame now has mapcount 2 and refcount 2. Look at the two pte_shared events and at the frames in the Physical frames view.',
    4: 'In the parent both pages are now "s": each frame is mapped more than once (mapcount 2, here and in the child).',
    5: 'The child sees the same two frames, through its own page table.',
    6: "A read through a read-only PTE needs no fault: the child reads the parent's frame directly.",
    7: 'The child writes. The PTE is read-only, so the CPU faults: handle_mm_fault → do_wp_page. Another reference to the page exists (the parent\'s mapping), so the kernel must copy it: wp_page_copy allocates a frame, copies 4 KiB (method "copy"), and maps the copy writable in the child only. The old frame drops to mapcount 1.',
    8: 'The child sees its own write.',
    9: 'The parent still sees its own data: copy-on-write kept the two processes apart.',
    10: 'Page 0 is "x" in the parent now (mapped once: the child has its own copy), but its PTE is still read-only: fork write-protected it and nothing has changed that yet. Page 1 is still shared.',
    11: "The parent writes page 0: a write-protect fault again. fork took away the page's exclusive mark, so do_wp_page asks wp_can_reuse_anon_folio, which counts references rather than mappings: one reference, the parent's own, so nothing else can see the page. wp_page_reuse just makes the PTE writable (and marks the page exclusive again). No frame is allocated and nothing is copied.",
    12: 'The child exits; exit_mmap → zap_pte_range drops its mappings. Its private copy of page 0 is freed; page 1 goes back to mapcount 1.',
    13: "Both pages are the parent's alone again.",
    14: 'Page 1 was write-protected by fork and never copied. Now that the child is gone the parent holds its only reference, so this fault also ends in wp_page_reuse. One copy happened in the whole run, for the one page both sides wrote while sharing it.',
    16: 'The Counters view sums it up: 2 anonymous faults, 1 copy-on-write copy (4 KiB copied), 2 reuses.',
  },
  questions: [
    {
      atStep: 10,
      prompt:
        "The child has written page 0 and got its own copy. What does pagemap now show for the parent's two pages?",
      answerField: 'pages',
    },
  ],
};
