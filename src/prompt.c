/* readline's callback interface under ncurses.
 *
 * readline keeps its state in globals and calls back without a user
 * argument, so this file keeps one static `P` for the open editor: the
 * only writable file-scope state in the UI besides the signal pipe. We
 * switch off everything readline would do to the terminal (prep/deprep,
 * signals, SIGWINCH, environment, bell) and give it keys one at a time
 * through rl_getc_function; it never reads the terminal itself. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curses.h>
#include <readline/history.h>
#include <readline/readline.h>

#include "buf.h"
#include "draw.h"
#include "paths.h"
#include "prompt.h"
#include "sanitize.h"
#include "ui.h"
#include "xmalloc.h"

#define HISTORY_MAX 1000

static struct {
	struct ui		*ui;
	prompt_complete_fn	 complete;
	void			(*done)(struct ui *ui, const char *line);
	int			 active;
	int			 pending;	/* the key readline reads next */
	int			 have_pending;
	char			*history;	/* file, owned */
	char			*hint;		/* completion candidates, owned */
	/* Completion candidates being offered. */
	char			**cands;
	size_t			 ncands;
	size_t			 next;
} P;

static int getc_cb(FILE *f);
static int avail_cb(void);
static void prep_cb(int meta);
static void deprep_cb(void);
static void redisplay_cb(void);
static void line_cb(char *line);
static char **complete_cb(const char *text, int start, int end);
static char *generator_cb(const char *text, int state);
static void add_cand(void *arg, const char *c);
static void display_matches_cb(char **matches, int n, int max);
static void feed(int ch);

static int
getc_cb(FILE *f)
{
	(void)f;
	P.have_pending = 0;
	return P.pending;
}

static int
avail_cb(void)
{
	return P.have_pending;
}

static void
prep_cb(int meta)
{
	(void)meta;
}

static void
deprep_cb(void)
{
}

static void
redisplay_cb(void)
{
	/* Drawn with the rest of the frame by prompt_draw(). */
}

static void
line_cb(char *line)
{
	void (*done)(struct ui *, const char *) = P.done;

	rl_callback_handler_remove();
	P.active = 0;
	curs_set(0);
	if (line != NULL && *line != '\0')
		add_history(line);
	if (done != NULL && line != NULL)
		done(P.ui, line);
	free(line);
}

static void
add_cand(void *arg, const char *c)
{
	(void)arg;
	P.cands = xreallocarray(P.cands, P.ncands + 1, sizeof *P.cands);
	P.cands[P.ncands++] = xstrdup(c);
}

static char *
generator_cb(const char *text, int state)
{
	size_t n = strlen(text);

	if (state == 0)
		P.next = 0;
	while (P.next < P.ncands) {
		const char *c = P.cands[P.next++];

		if (strncmp(c, text, n) == 0)
			return xstrdup(c);
	}
	return NULL;
}

static char **
complete_cb(const char *text, int start, int end)
{
	int word = 0, i;
	size_t k;
	char **m;

	(void)end;
	rl_attempted_completion_over = 1;	/* never complete file names */
	for (i = 0; i < start; i++)
		if (rl_line_buffer[i] == ' ' && (i == 0 || rl_line_buffer[i - 1] != ' '))
			word++;
	for (k = 0; k < P.ncands; k++)
		free(P.cands[k]);
	free(P.cands);
	P.cands = NULL;
	P.ncands = 0;
	if (P.complete != NULL)
		P.complete(P.ui, word, rl_line_buffer, add_cand, NULL);
	m = rl_completion_matches(text, generator_cb);
	return m;
}

/* Several matches: list them on the prompt row instead of printing. */
static void
display_matches_cb(char **matches, int n, int max)
{
	struct buf b = BUF_INIT;
	int i;

	(void)max;
	for (i = 1; i <= n; i++) {
		if (i > 1)
			buf_addc(&b, ' ');
		buf_adds(&b, matches[i]);
	}
	free(P.hint);
	P.hint = buf_detach(&b);
}

void
prompt_init(struct ui *ui, prompt_complete_fn complete)
{
	memset(&P, 0, sizeof P);
	P.ui = ui;
	P.complete = complete;
	rl_readline_name = "ocrtop";
	rl_catch_signals = 0;
	rl_catch_sigwinch = 0;
	rl_change_environment = 0;
	rl_prep_term_function = prep_cb;
	rl_deprep_term_function = deprep_cb;
	rl_getc_function = getc_cb;
	rl_input_available_hook = avail_cb;
	rl_redisplay_function = redisplay_cb;
	rl_attempted_completion_function = complete_cb;
	rl_completion_display_matches_hook = display_matches_cb;
	rl_outstream = fopen("/dev/null", "w");
	rl_variable_bind("bell-style", "none");
	using_history();
	stifle_history(HISTORY_MAX);
	if ((P.history = paths_state_file("history")) != NULL)
		read_history(P.history);
}

void
prompt_open(const char *label, void (*done)(struct ui *ui, const char *line))
{
	P.done = done;
	P.active = 1;
	free(P.hint);
	P.hint = NULL;
	rl_callback_handler_install(label, line_cb);
	curs_set(1);
}

int
prompt_active(void)
{
	return P.active;
}

static void
feed(int ch)
{
	P.pending = ch;
	P.have_pending = 1;
	rl_callback_read_char();
}

void
prompt_key(int ch)
{
	free(P.hint);
	P.hint = NULL;
	switch (ch) {
	case 27:		/* Esc: give up */
		rl_callback_handler_remove();
		P.active = 0;
		curs_set(0);
		return;
	case KEY_LEFT:
		rl_backward_char(1, 0);
		return;
	case KEY_RIGHT:
		rl_forward_char(1, 0);
		return;
	case KEY_UP:
		rl_get_previous_history(1, 0);
		return;
	case KEY_DOWN:
		rl_get_next_history(1, 0);
		return;
	case KEY_HOME:
		rl_beg_of_line(1, 0);
		return;
	case KEY_END:
		rl_end_of_line(1, 0);
		return;
	case KEY_DC:
		rl_delete(1, 0);
		return;
	case KEY_BACKSPACE:
		feed(127);
		return;
	case KEY_ENTER:
		feed('\n');
		return;
	default:
		if (ch >= 0 && ch < 256)
			feed(ch);
		return;
	}
}

void
prompt_draw(int y, int cols)
{
	struct ui *ui = P.ui;
	struct buf b = BUF_INIT;
	int x, cur;

	if (!P.active)
		return;
	move(y, 0);
	clrtoeol();
	x = draw_str(stdscr, y, 0, cols, rl_display_prompt != NULL ? rl_display_prompt : "",
	    ui_attr(ui, EL_KEY), ui->san);
	/* The cursor sits after the sanitized text before rl_point. */
	sanitize_append(&b, rl_line_buffer, (size_t)rl_point, 0, ui->san);
	cur = x + sanitize_width(buf_str(&b));
	draw_str(stdscr, y, x, cols - x, rl_line_buffer, ui_attr(ui, EL_NORMAL), ui->san);
	if (P.hint != NULL && cur + 4 < cols)
		draw_str(stdscr, y, cur + 2, cols - cur - 2, P.hint, ui_attr(ui, EL_DIM), ui->san);
	move(y, cur < cols ? cur : cols - 1);
	buf_free(&b);
}

void
prompt_end(void)
{
	size_t k;

	if (P.active)
		rl_callback_handler_remove();
	if (P.history != NULL) {
		write_history(P.history);
		history_truncate_file(P.history, HISTORY_MAX);
	}
	clear_history();
	for (k = 0; k < P.ncands; k++)
		free(P.cands[k]);
	free(P.cands);
	free(P.history);
	free(P.hint);
	if (rl_outstream != NULL && rl_outstream != stdout)
		fclose(rl_outstream);
	rl_outstream = NULL;
	memset(&P, 0, sizeof P);
}
