/* Reference pages emulated with userfaultfd: seed 002's loop (1000 × mmap 1 MiB, write 64 pages,
 * munmap) where the heap is registered MISSING and a monitor thread answers each fault with
 * UFFDIO_COPY of a page of 0xaa. Same work as uffd-refpage.fl. */
#include <fcntl.h>
#include <linux/userfaultfd.h>
#include <poll.h>
#include <pthread.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#define PAGE_SIZE 4096
#define MMAP_SIZE (1 << 20)
#define TOUCH_SIZE (256 << 10)

static int uffd;
static _Alignas(PAGE_SIZE) char pattern[PAGE_SIZE];

static void *monitor(void *arg) {
  (void)arg;
  for (;;) {
    struct uffd_msg msg;
    if (read(uffd, &msg, sizeof msg) != sizeof msg) return NULL; /* the fd closed: done */
    if (msg.event != UFFD_EVENT_PAGEFAULT) continue;
    struct uffdio_copy copy = {
        .dst = msg.arg.pagefault.address & ~(__u64)(PAGE_SIZE - 1),
        .src = (unsigned long)pattern,
        .len = PAGE_SIZE,
    };
    ioctl(uffd, UFFDIO_COPY, &copy);
  }
}

int main(void) {
  memset(pattern, 0xaa, PAGE_SIZE);
  uffd = syscall(SYS_userfaultfd, O_CLOEXEC);
  if (uffd < 0) return 1;
  struct uffdio_api api = {.api = UFFD_API};
  if (ioctl(uffd, UFFDIO_API, &api)) return 1;
  pthread_t t;
  pthread_create(&t, NULL, monitor, NULL);
  for (unsigned i = 0; i != 1000; ++i) {
    char *p = mmap(0, MMAP_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) return 1;
    struct uffdio_register reg = {
        .range = {.start = (unsigned long)p, .len = MMAP_SIZE},
        .mode = UFFDIO_REGISTER_MODE_MISSING,
    };
    if (ioctl(uffd, UFFDIO_REGISTER, &reg)) return 1;
    for (unsigned j = 0; j < TOUCH_SIZE; j += PAGE_SIZE) p[j] = 0;
    munmap(p, MMAP_SIZE);
  }
  return 0; /* exit ends the monitor too */
}
