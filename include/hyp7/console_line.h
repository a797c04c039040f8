/*
 * Who owns the host console's current line (vdev/console_line.c). Guests'
 * output and hyp7's share one terminal: a line that one of them left open
 * (a shell's prompt, the monitor's) is ended before another writes, and
 * every line a guest writes on starts with its VM's name, so that nothing a
 * guest prints can pass for hyp7's lines or another VM's.
 */
#ifndef HYP7_CONSOLE_LINE_H
#define HYP7_CONSOLE_LINE_H

#include <hyp7/types.h>

struct console_line {
	const void *owner; /* whose line is open; NULL: the cursor is at a line's start */
	u32 col;           /* characters shown after a guest's "<name>: " (a lower bound) */
};

/* The owner of the lines hyp7 prints itself. */
extern const char console_owner_hyp7[];

typedef void console_emit_fn(const char *text, size_t len);

/*
 * Guest owner's text, already free of anything a terminal acts on but
 * backspace: shown behind "<name>: " on a line of its own. A backspace
 * only passes while it stays right of the name; end_line ends the line.
 */
void console_line_guest(struct console_line *line, const void *owner, const char *name,
			const char *text, size_t len, bool end_line, console_emit_fn *emit);
/* hyp7's own text: it starts on a fresh line if a guest's line is open. */
void console_line_hyp7(struct console_line *line, const char *text, console_emit_fn *emit);

#endif
