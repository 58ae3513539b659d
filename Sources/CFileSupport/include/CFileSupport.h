#ifndef COACH_FILE_SUPPORT_H
#define COACH_FILE_SUPPORT_H

/// syncfs(2): makes every file of the file system holding `fd` durable in one call (Linux). Returns 0 or -1.
int coach_syncfs(int fd);

#endif
