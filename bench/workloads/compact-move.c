/* Heap compaction with UFFDIO_MOVE (seed 004): 300 rounds of filling a 512-page from-space and
 * moving each page into a to-space registered with userfaultfd, which is then released with
 * MADV_DONTNEED. Same work as compact-move.fl. */
#include <fcntl.h>
#include <linux/userfaultfd.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

/* This machine's <linux/userfaultfd.h> predates UFFDIO_MOVE (Linux 6.8); its uAPI (seed 004): */
#ifndef UFFDIO_MOVE
#define UFFD_FEATURE_MOVE (1 << 16)
struct uffdio_move {
  __u64 dst;
  __u64 src;
  __u64 len;
  __u64 mode;
  __s64 move;
};
#define UFFDIO_MOVE _IOWR(UFFDIO, 0x05, struct uffdio_move)
#endif

#define PAGE_SIZE 4096
#define PAGES 512
#define SIZE (PAGES * PAGE_SIZE)

int main(void) {
  int uffd = syscall(SYS_userfaultfd, O_CLOEXEC);
  if (uffd < 0) return 1;
  struct uffdio_api api = {.api = UFFD_API, .features = UFFD_FEATURE_MOVE};
  if (ioctl(uffd, UFFDIO_API, &api)) return 1;
  char *from = mmap(0, SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  char *to = mmap(0, SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (from == MAP_FAILED || to == MAP_FAILED) return 1;
  struct uffdio_register reg = {
      .range = {.start = (unsigned long)to, .len = SIZE},
      .mode = UFFDIO_REGISTER_MODE_MISSING,
  };
  if (ioctl(uffd, UFFDIO_REGISTER, &reg)) return 1;
  for (int round = 0; round < 300; round++) {
    memset(from, 0x5a, SIZE);
    for (int i = 0; i < PAGES; i++) {
      struct uffdio_move move = {
          .dst = (unsigned long)to + i * PAGE_SIZE,
          .src = (unsigned long)from + i * PAGE_SIZE,
          .len = PAGE_SIZE,
      };
      if (ioctl(uffd, UFFDIO_MOVE, &move)) return 1;
    }
    madvise(to, SIZE, MADV_DONTNEED);
  }
  return 0;
}
