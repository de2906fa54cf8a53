/* seed 002's benchmark as posted (the memset variant), with its arguments fixed: mmap_size 1 MiB,
 * touch_size 256 KiB (64 pages). Same work as seed002-memset.fl. */
#include <string.h>
#include <sys/mman.h>

#define PAGE_SIZE 4096
#define MMAP_SIZE (1 << 20)
#define TOUCH_SIZE (256 << 10)

int main(void) {
  for (unsigned i = 0; i != 1000; ++i) {
    char *p = mmap(0, MMAP_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) return 1;
    memset(p, 0xaa, MMAP_SIZE);
    for (unsigned j = 0; j < TOUCH_SIZE; j += PAGE_SIZE) p[j] = 0;
    munmap(p, MMAP_SIZE);
  }
  return 0;
}
