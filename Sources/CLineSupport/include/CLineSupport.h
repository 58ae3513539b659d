#ifndef COACH_LINE_SUPPORT_H
#define COACH_LINE_SUPPORT_H

/// Installs a SIGINT handler (no SA_RESTART) that marks a pending interrupt and forwards the signal to the calling
/// (readline) thread, so its read() fails with EINTR and readline's signal hook runs. Call on the readline thread.
void coach_rl_install_sigint(void);

/// Returns 1 and clears the mark when a SIGINT arrived since the last call.
int coach_take_sigint(void);

#endif
