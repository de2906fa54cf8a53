import type { Lesson } from './types';

/**
 * (m) A pre-tagged MTE heap from a 16-byte reference page (seed 000, seed 001;
 * docs/reference/refpage-mte.md F4b, M2).
 */
export const mtePretaggedHeap: Lesson = {
  id: 'mte-pretagged-heap',
  title: 'A pre-tagged MTE heap with refpage_create',
  level: 'advanced',
  requires: 'mte',
  summary:
    'refpage_create with a 16-byte, tag-5 granule gives a heap whose every granule already has tag 5: reads share the reference page, and a write fault makes a tagged page in one DC GZVA pass.',
  doc: {
    faultline: 1,
    title: 'A pre-tagged MTE heap with refpage_create',
    notes:
      'The second use case of reference pages (seed 001): an allocator that gives a large allocation one ' +
      'tag must tag every granule of it, 256 per 4 KiB page, before use (STG by STG, or DC GZVA a 64-byte block at a time). With a reference page whose ' +
      'content is a 16-byte granule of zeroes tagged 5, the kernel copies the tag along with the data ' +
      '(the size is at least the 16-byte granule), so the whole mapping reads as tag 5 from the start, and a ' +
      'write fault fills the new page with DC GZVA, which zeroes the data and sets every tag in one pass ' +
      '(the MTE_TAGGED fast path, mte_zero_set_page_tags). An allocator would keep one such fd per tag.',
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
        as: 'tpl',
        expect: { ret: 'tpl' },
      },
      { do: 'stg', addr: 'tag(tpl, 5)', length: 16, note: 'one zero granule with tag 5' },
      {
        do: 'refpage_create',
        content_addr: 'tag(tpl, 5)',
        size: 16,
        as: 'rfd',
        expect: { ret: 3 },
      },
      {
        do: 'mmap',
        length: '64*PAGE',
        prot: 'PROT_READ|PROT_WRITE|PROT_MTE',
        flags: 'MAP_PRIVATE',
        fd: 'rfd',
        as: 'heap',
        expect: { ret: 'heap' },
      },
      { do: 'load', addr: 'tag(heap, 5) + 0x40', length: 4, expect: { value: '00000000' } },
      { do: 'ldg', addr: 'heap + 0x2ff0', expect: { value: '5' } },
      { do: 'pagemap', addr: 'heap', length: '4*PAGE', expect: { pages: 'r.r.' } },
      { do: 'store', addr: 'tag(heap, 5) + PAGE + 8', bytes: '11' },
      { do: 'ldg', addr: 'heap + PAGE + 0xff0', expect: { value: '5' } },
      {
        do: 'load',
        addr: 'heap + 0x80',
        note: 'an untagged pointer into the heap',
        expect: { signal: 'SIGSEGV', si_code: 'SEGV_MTESERR' },
      },
      {
        do: 'store',
        addr: 'tag(heap, 6) + 3*PAGE',
        bytes: '33',
        note: 'a pointer with the wrong tag',
        expect: { signal: 'SIGSEGV', si_code: 'SEGV_MTESERR' },
      },
      { do: 'pagemap', addr: 'heap', length: '4*PAGE', expect: { pages: 'rxrx' } },
      { do: 'rss', expect: { rss: { anon: 3, file: 0, shmem: 0 } } },
      {
        do: 'mmap',
        length: '4*PAGE',
        prot: 'PROT_READ|PROT_WRITE|PROT_MTE',
        flags: 'MAP_PRIVATE|MAP_ANONYMOUS',
        as: 'anon',
        expect: { ret: 'anon' },
        note: 'the usual way, for comparison',
      },
      {
        do: 'store',
        addr: 'tag(anon, 5) + 8',
        bytes: '11',
        expect: { signal: 'SIGSEGV', si_code: 'SEGV_MTESERR' },
      },
      { do: 'stg', addr: 'tag(anon, 5)', length: 'PAGE', note: '256 granules, tagged one by one' },
      { do: 'store', addr: 'tag(anon, 5) + 8', bytes: '11' },
      { do: 'load', addr: 'tag(anon, 5) + 8', expect: { value: '11' } },
    ],
  },
  narration: {
    0: 'Enable tagged addresses and synchronous tag checks for this thread.',
    1: 'A page to hold the reference content.',
    2: 'STG gives the first granule tag 5; its 16 bytes stay zero.',
    3: 'refpage_create(tpl tagged 5, size 16): the content is one granule. The kernel fills the reference page with copies of it using mte_memcpy, which copies data and tags, so every granule of the reference page has tag 5 (size is at least the 16-byte granule; with size 1 the tags would be 0). Because the content is 16 zero bytes, the fd is also marked for the DC GZVA fast path (content_type MTE_TAGGED). The content pointer may carry a tag: get_user_pages ignores it.',
    4: 'A 256 KiB heap mapped PROT_MTE from the fd (refpage_mmap sets VM_MTE_ALLOWED, so PROT_MTE is accepted).',
    5: "A read through a tag-5 pointer maps the reference page (do_anonymous_page), and the tag check compares the pointer's 5 with the reference page's 5: it passes. Reading the heap costs no memory and no tagging.",
    6: 'Every granule of every page already has tag 5: LDG on page 2 maps the reference page too and reads 5.',
    7: 'Pages 0 and 2 map the reference page.',
    8: 'The first write to page 1: do_anonymous_page allocates a frame and arch_copy_refpage fills it. For an MTE_TAGGED reference page that is tag_set_highpage → mte_zero_set_page_tags (all three from the refpage patch): DC GZVA zeroes each 64-byte block and sets its tags to 5 in one pass (method "gzva"). Then the store\'s own tag check passes.',
    9: 'The private page carries tag 5 in its last granule too: the whole page was tagged by the fault.',
    10: "An untagged pointer (tag 0) into the heap: a mismatch with the reference page's tag 5, SIGSEGV SEGV_MTESERR. A pointer that did not come from the allocator cannot read the heap.",
    11: 'A write with the wrong tag to an untouched page. The page has no PTE, so the translation fault comes first (it takes priority over a tag check): a not-present write fault, do_anonymous_page, which allocates the page and fills it, tagged 5 (DC GZVA). The retried store then fails its tag check. The bug is caught, and the page was made anyway.',
    12: 'Pages 1 and 3 are private now.',
    13: 'The template page and the two heap pages.',
    14: 'For comparison, ordinary anonymous PROT_MTE memory.',
    15: 'Its pages start with tag 0, so the tag-5 pointer faults: the allocator has to tag the memory before handing it out.',
    16: "The allocator's own pass: here 256 STGs for one 4 KiB page. User space can do better (DC GZVA tags and zeroes 64 bytes at a time, as Scudo does for large blocks), but it is still a second pass over a page the kernel has just zeroed and cleared the tags of, and it is made for every page handed out. The reference page's gain is laziness and one pass: the kernel tags a page inside its fault, once, and only when the page is first written.",
    17: 'Now the tag-5 pointer works.',
  },
  questions: [
    {
      atStep: 10,
      prompt:
        'The heap has never been tagged by user space. What happens when an untagged pointer reads it?',
      answerField: 'signal',
    },
  ],
};
