/*
 * The console's open line (include/hyp7/console_line.h). A guest's text
 * may leave its line open, so that a shell's prompt and the characters it
 * echoes show as they come; the next writer who is not that guest starts
 * a new line. The column count is what keeps backspace safe: it counts
 * only printable ASCII, which takes exactly one column. A tab at the
 * margin, a UTF-8 sequence that is zero-width or combining, take none, so
 * they count nothing: a guest can never move the cursor back over its name
 * (a backspace over a UTF-8 character it printed is dropped).
 */
#include <hyp7/console_line.h>
#include <hyp7/lib.h>

const char console_owner_hyp7[] = "hyp7";

static void start_line(struct console_line *line, const void *owner, const char *name,
		       console_emit_fn *emit)
{
	if (line->owner == owner)
		return;
	if (line->owner)
		emit("\n", 1);
	line->owner = owner;
	line->col = 0;
	if (name) {
		emit(name, strlen(name));
		emit(": ", 2);
	}
}

void console_line_guest(struct console_line *line, const void *owner, const char *name,
			const char *text, size_t len, bool end_line, console_emit_fn *emit)
{
	size_t i, run = 0;

	start_line(line, owner, name, emit);
	for (i = 0; i < len; i++) {
		if (text[i] != '\b') {
			line->col += text[i] >= ' ' && text[i] <= '~';
			continue;
		}
		emit(text + run, i - run);
		run = i + 1;
		if (line->col) {
			line->col--;
			emit("\b", 1);
		}
	}
	emit(text + run, len - run);
	if (end_line) {
		emit("\n", 1);
		line->owner = NULL;
	}
}

void console_line_hyp7(struct console_line *line, const char *text, console_emit_fn *emit)
{
	size_t len = strlen(text);

	if (!len)
		return;
	if (line->owner != console_owner_hyp7 && line->owner)
		emit("\n", 1);
	emit(text, len);
	line->owner = text[len - 1] == '\n' ? NULL : console_owner_hyp7;
	line->col = 0;
}
