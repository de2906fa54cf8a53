import { defaultScenario } from './default';
import type { Lesson } from './types';

/** (e) The refpage_create(2) manual page example (seed 000): the app's default scenario. */
export const refpageExample: Lesson = {
  id: 'refpage-manual-example',
  title: 'refpage_create: the manual page example',
  level: 'intro',
  summary:
    'A 128 KiB private mapping of a reference page reads as 0xAA everywhere; reads share one page, and the first write to a page makes a private copy by memset.',
  doc: defaultScenario,
  narration: {
    0: "refpage_create(2) (a proposed syscall, v5 of Peter Collingbourne's patch, never merged) copies `size` bytes of content, here the one byte 0xAA, and fills one kernel page with repetitions of it: the reference page (prep_refpage_private_data). It returns a file descriptor, 3, the lowest free one.",
    1: 'Mapping the fd MAP_PRIVATE gives a VMA that behaves like anonymous memory, except that untouched pages read as the pattern instead of zeroes. As with any mmap, nothing is mapped yet.',
    2: 'The first read faults into do_anonymous_page, which for a reference-page VMA maps the reference page read-only, exactly as it would map the zero page in an ordinary anonymous VMA.',
    3: 'The last byte of the 128 KiB mapping reads 0xAA too, through the same reference page: one page backs the whole mapping, however large.',
    4: 'A write to an untouched page: do_anonymous_page allocates a frame and fills it from the reference page (arch_copy_refpage). Because size is 1, the copy is a memset of the pattern byte (method "memset") rather than a 4 KiB copy. Then the byte 00 is stored.',
    5: 'The rest of the written page still holds the pattern: the copy happened before the store.',
    6: 'pagemap: "r" for the two pages that map the reference page, "x" for the private copy, "." for the 29 pages never touched.',
    7: "Only the written page counts in RSS: the reference page is not a normal page (vm_normal_page returns NULL), like the zero page. The manual page's example program reads all 128 KiB and would end with an RSS of zero pages for the mapping.",
  },
  questions: [
    {
      atStep: 7,
      prompt: 'Two pages were read and one written. How many anonymous pages are resident?',
      answerField: 'rss',
    },
  ],
};
