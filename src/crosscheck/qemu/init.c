/* qemu/init.c: /init of the initramfs a cross-check boots under QEMU (src/crosscheck/qemu/boot.ts),
   built static for the guest's architecture. PID 1 runs every scenario program in /progs in the
   order /progs/list names them, each in its own process group with a time limit, prints its
   output between `@@BEGIN name` and `@@END name status`, on arm64 puts the sysfs MTE preference
   back to the boot default between programs, and powers the machine off.
   PID 1 must never die (the guest would panic), so it runs nothing that can fault. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/wait.h>

#ifndef PROGRAM_TIMEOUT_MS
#define PROGRAM_TIMEOUT_MS 30000
#endif

static long long now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* arm64: a program may have changed every CPU's mte_tcf_preferred; the next starts from the
   boot default. (Elsewhere the files do not exist and nothing is written.) */
static void reset_tcf_preferred(void) {
  DIR *d = opendir("/sys/devices/system/cpu");
  struct dirent *de;
  while (d && (de = readdir(d))) {
    if (strncmp(de->d_name, "cpu", 3) || de->d_name[3] < '0' || de->d_name[3] > '9') continue;
    char path[300];
    snprintf(path, sizeof path, "/sys/devices/system/cpu/%s/mte_tcf_preferred", de->d_name);
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd >= 0) {
      if (write(fd, "async", 5) < 0) {}
      close(fd);
    }
  }
  if (d) closedir(d);
}

static void reap(void) {
  while (waitpid(-1, NULL, WNOHANG) > 0) {}
}

int main(void) {
  mount("proc", "/proc", "proc", 0, NULL);
  mount("sysfs", "/sys", "sysfs", 0, NULL);
  mount("tmpfs", "/tmp", "tmpfs", 0, NULL);
  /* A record port of its own (boot.ts): everything printed here and by the programs goes there,
     away from the kernel's console messages. */
  int rec = open("/dev/records", O_WRONLY | O_NOCTTY);
  if (rec >= 0) {
    dup2(rec, 1);
    close(rec);
  }
  setvbuf(stdout, NULL, _IOLBF, 0);
  printf("@@BOOTED\n");
  FILE *list = fopen("/progs/list", "re"); /* e: O_CLOEXEC, or every program starts with fd 3 taken */
  char name[256];
  while (list && fgets(name, sizeof name, list)) {
    name[strcspn(name, "\r\n")] = 0;
    if (!name[0]) continue;
    char path[300];
    snprintf(path, sizeof path, "/progs/%s", name);
    printf("@@BEGIN %s\n", name);
    fflush(stdout);
    long long t0 = now_ms();
    pid_t pid = fork();
    if (pid == 0) {
      setpgid(0, 0);
      execl(path, name, (char *)NULL);
      _exit(127);
    }
    int status = -1, timed_out = 0;
    if (pid > 0) {
      for (;;) {
        pid_t w = waitpid(pid, &status, WNOHANG);
        if (w == pid) break;
        if (now_ms() - t0 > PROGRAM_TIMEOUT_MS) {
          timed_out = 1;
          kill(-pid, SIGKILL);
          kill(pid, SIGKILL);
          waitpid(pid, &status, 0);
          break;
        }
        struct timespec ts = {0, 2 * 1000 * 1000};
        nanosleep(&ts, NULL);
      }
      kill(-pid, SIGKILL);
    }
    reap();
    reset_tcf_preferred();
    if (timed_out) printf("@@END %s timeout ms=%lld\n", name, now_ms() - t0);
    else if (pid > 0 && WIFEXITED(status)) printf("@@END %s exit=%d ms=%lld\n", name, WEXITSTATUS(status), now_ms() - t0);
    else if (pid > 0 && WIFSIGNALED(status)) printf("@@END %s signal=%d ms=%lld\n", name, WTERMSIG(status), now_ms() - t0);
    else printf("@@END %s fork-failed\n", name);
    fflush(stdout);
  }
  printf("@@DONE\n");
  fflush(stdout);
  sync();
  reboot(RB_POWER_OFF);
  for (;;) pause();
}
