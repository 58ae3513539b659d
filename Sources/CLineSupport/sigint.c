#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <readline/readline.h>
#include "CLineSupport.h"

static pthread_t rl_thread;
static volatile sig_atomic_t pending;

static void handler(int sig) {
    if (!pthread_equal(pthread_self(), rl_thread)) {
        pthread_kill(rl_thread, sig);
        return;
    }
    pending = 1;
}

void coach_rl_install_sigint(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = handler;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0; /* no SA_RESTART: read() must see EINTR */
    rl_thread = pthread_self();
    rl_catch_signals = 0;
    sigaction(SIGINT, &sa, NULL);
}

int coach_take_sigint(void) {
    int v = pending;
    pending = 0;
    return v;
}
