/* fork and copy-on-write: 128 MiB written, then 4 × { fork; the child writes every page; the
 * child exits }, the parent waiting for each child. Same work as fork-cow.fl. */
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#define PAGE_SIZE 4096
#define SIZE (128u << 20)

int main(void) {
  char *p = mmap(0, SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) return 1;
  memset(p, 1, SIZE);
  for (int k = 0; k < 4; k++) {
    pid_t pid = fork();
    if (pid < 0) return 1;
    if (pid == 0) {
      for (size_t i = 0; i < SIZE; i += PAGE_SIZE) p[i] = 2;
      _exit(0);
    }
    waitpid(pid, NULL, 0);
  }
  return 0;
}
