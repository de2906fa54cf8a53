/* x86_64/uffd-probe.c: whether this process may use userfaultfd(2) here (src/crosscheck/
   uffd-available.ts). Prints 0, or the errno the syscall failed with. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>
#include <sys/syscall.h>
#ifndef SYS_userfaultfd
#define SYS_userfaultfd 323
#endif
int main(void) {
  long fd = syscall(SYS_userfaultfd, O_CLOEXEC | O_NONBLOCK);
  printf("%d\n", fd < 0 ? errno : 0);
  return 0;
}
