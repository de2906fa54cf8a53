/* seed 002's loop without the memset, 4000 iterations: 64 write faults on fresh anonymous pages
 * each. Same work as touch-write.fl. */
#include <sys/mman.h>

#define PAGE_SIZE 4096
#define MMAP_SIZE (1 << 20)
#define TOUCH_SIZE (256 << 10)

int main(void) {
  for (unsigned i = 0; i != 4000; ++i) {
    char *p = mmap(0, MMAP_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) return 1;
    for (unsigned j = 0; j < TOUCH_SIZE; j += PAGE_SIZE) p[j] = 0;
    munmap(p, MMAP_SIZE);
  }
  return 0;
}
