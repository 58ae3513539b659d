#define _GNU_SOURCE
#include <errno.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "CFileSupport.h"

int coach_syncfs(int fd) { return syncfs(fd); }

int coach_lower_thread_priority(int increment) {
    pid_t tid = (pid_t)syscall(SYS_gettid);
    errno = 0;
    int now = getpriority(PRIO_PROCESS, (id_t)tid);
    if (now == -1 && errno != 0) return -1;
    return setpriority(PRIO_PROCESS, (id_t)tid, now + increment);
}
