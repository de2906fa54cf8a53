import type { Lesson } from './types';

/**
 * (g) MADV_DONTNEED on a reference-page mapping brings the pattern back, not zeroes
 * (docs/reference/refpage-mte.md F6).
 */
export const refpageDontneed: Lesson = {
  id: 'refpage-dontneed',
  title: 'MADV_DONTNEED brings the pattern back',
  level: 'intermediate',
  summary:
    'MADV_DONTNEED throws private pages away; in an anonymous mapping they come back as zeroes, in a reference-page mapping as the pattern.',
  doc: {
    faultline: 1,
    title: 'MADV_DONTNEED brings the pattern back',
    notes:
      'MADV_DONTNEED zaps the PTEs of a private mapping (zap_page_range_single_batched → zap_pte_range) and frees ' +
      'the pages. The next access faults as if the page had never been touched, and what an untouched page ' +
      'holds depends on the VMA: zeroes for anonymous memory, the pattern for a reference-page mapping, ' +
      'whose VMA keeps its reference page. An allocator can use this to "re-initialise" freed memory ' +
      'without writing it.',
    steps: [
      { do: 'refpage_create', content: 'aa', size: 1, as: 'rfd', expect: { ret: 3 } },
      {
        do: 'mmap',
        length: '4*PAGE',
        prot: 'PROT_READ|PROT_WRITE',
        flags: 'MAP_PRIVATE',
        fd: 'rfd',
        as: 'p',
        expect: { ret: 'p' },
      },
      {
        do: 'mmap',
        length: '4*PAGE',
        prot: 'PROT_READ|PROT_WRITE',
        flags: 'MAP_PRIVATE|MAP_ANONYMOUS',
        as: 'a',
        expect: { ret: 'a' },
      },
      { do: 'store', addr: 'p', fill: '11', length: '2*PAGE', note: 'the program uses two pages' },
      {
        do: 'store',
        addr: 'a',
        fill: '11',
        length: '2*PAGE',
        note: 'the same in anonymous memory',
      },
      { do: 'load', addr: 'p + PAGE - 1', length: 2, expect: { value: '1111' } },
      { do: 'pagemap', addr: 'p', length: '4*PAGE', expect: { pages: 'xx..' } },
      { do: 'rss', expect: { rss: { anon: 4, file: 0, shmem: 0 } } },
      { do: 'madvise', addr: 'p', length: '4*PAGE', advice: 'MADV_DONTNEED', expect: { ret: 0 } },
      { do: 'madvise', addr: 'a', length: '4*PAGE', advice: 'MADV_DONTNEED', expect: { ret: 0 } },
      { do: 'pagemap', addr: 'p', length: '4*PAGE', expect: { pages: '....' } },
      { do: 'rss', expect: { rss: { anon: 0, file: 0, shmem: 0 } } },
      { do: 'load', addr: 'p', expect: { value: 'aa' } },
      { do: 'load', addr: 'a', expect: { value: '00' } },
      { do: 'pagemap', addr: 'p', length: '4*PAGE', expect: { pages: 'r...' } },
      { do: 'store', addr: 'p + PAGE', bytes: '22' },
      { do: 'load', addr: 'p + PAGE', length: 2, expect: { value: '22aa' } },
    ],
  },
  narration: {
    0: 'A reference page holding 0xAA.',
    1: 'Four pages mapped from it…',
    2: '…and, for contrast, four pages of ordinary anonymous memory.',
    3: 'The program fills two pages with 0x11. Each first write faults and gets a frame filled from the reference page by memset (do_anonymous_page → arch_copy_refpage), which the store then overwrites.',
    4: 'The same in the anonymous mapping: two zeroed frames, overwritten.',
    6: 'Two private pages at p.',
    7: 'Four private pages in all, two per mapping.',
    8: 'MADV_DONTNEED tells the kernel the program no longer needs the contents: zap_page_range_single_batched clears the PTEs (zap_pte_range) and, as nobody else maps them, frees the frames.',
    9: 'The same for the anonymous mapping.',
    10: 'Nothing is mapped at p any more…',
    11: '…and RSS is back to zero. The VMAs are untouched: the addresses stay valid.',
    12: 'The surprise: the freed page reads 0xAA, not 0x11 and not zero. The fault goes through do_anonymous_page as for a page never touched, and this VMA still carries its reference page, so the read maps it.',
    13: 'In anonymous memory the same sequence gives zeroes: an untouched anonymous page reads as the zero page.',
    14: 'Page 0 maps the reference page again.',
    15: 'A write after MADV_DONTNEED gets a fresh copy of the pattern, exactly like the first write ever did.',
    16: 'The byte written, then the pattern: the page was re-initialised without anyone writing 4 KiB of 0xAA.',
  },
  questions: [
    {
      atStep: 12,
      prompt:
        'p held 0x11, and MADV_DONTNEED dropped the page. What does a read of p return now: 11, 00 or aa?',
      answerField: 'value',
    },
  ],
};
