// GNU readline for Swift: the headers, and accessors for readline's C globals (Swift 6 rejects direct use of them).
#include <stdio.h>
#include <readline/readline.h>
#include <readline/history.h>

static inline void coach_rl_configure(const char *name, rl_completion_func_t *complete, rl_hook_func_t *on_signal) {
    rl_readline_name = name;
    rl_change_environment = 0;
    rl_attempted_completion_function = complete;
    rl_signal_event_hook = on_signal;
}

static inline void coach_rl_no_filename_completion(void) { rl_attempted_completion_over = 1; }

static inline const char *coach_rl_line_buffer(void) { return rl_line_buffer; }

static inline void coach_stdout_line_buffered(void) { setvbuf(stdout, NULL, _IOLBF, 0); }

/// Sets the characters that end a word for TAB completion (`chars` must live as long as the process).
static inline void coach_rl_set_word_breaks(const char *chars) { rl_completer_word_break_characters = chars; }

/// The text of the newest history entry, or NULL when the history is empty.
static inline const char *coach_history_newest(void) {
    HIST_ENTRY *entry = history_length > 0 ? history_get(history_base + history_length - 1) : NULL;
    return entry ? entry->line : NULL;
}
