/* seed 002's loop without the memset, 4000 iterations, reading: 64 read faults each, every one
 * mapping the shared zero page. Same work as touch-read.fl. The sum keeps the loads. */
#include <stdio.h>
#include <sys/mman.h>

#define PAGE_SIZE 4096
#define MMAP_SIZE (1 << 20)
#define TOUCH_SIZE (256 << 10)

int main(void) {
  unsigned sum = 0;
  for (unsigned i = 0; i != 4000; ++i) {
    volatile char *p = mmap(0, MMAP_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) return 1;
    for (unsigned j = 0; j < TOUCH_SIZE; j += PAGE_SIZE) sum += p[j];
    munmap((void *)p, MMAP_SIZE);
  }
  printf("%u\n", sum);
  return 0;
}
