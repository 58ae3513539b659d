#define _GNU_SOURCE
#include <unistd.h>
#include "CFileSupport.h"

int coach_syncfs(int fd) { return syncfs(fd); }
