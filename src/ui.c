/* The dashboard's loop: terminal set-up and restore, signals, the poll()
 * loop, keys, and the hand-over from the collector and feed threads. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "buf.h"
#include "draw.h"
#include "prompt.h"
#include "prompt-commands.h"
#include "timefmt.h"
#include "ui-actions.h"
#include "ui-frame.h"
#include "ui.h"
#include "xmalloc.h"

/* The write end of the self-pipe, for signal handlers: the one writable
 * global the loop needs (a handler cannot be given an argument). */
static volatile int signal_fd = -1;

static const struct view_ops *const screens[V_ALL] = {
	&view_overview, &view_queue, &view_tasks, &view_sessions,
	&view_stats, &view_workers, &view_feed, &view_redis, &view_audit,
	&view_task, &view_user
};

static void on_signal(int sig);
static void install_signals(void);
static void restore_terminal(void);
static int start_terminal(struct ui *ui, char **cause);
static void drain_wake(struct ui *ui);
static void take_model(struct ui *ui);
static void take_feed(struct ui *ui);
static void copy_notification(void *arg, const struct notify_msg *m);
static void handle_key(struct ui *ui, int ch);
static void handle_resize(struct ui *ui, int from_signal);
static void filter_done(struct ui *ui, const char *line);
static void ui_free(struct ui *ui);
static void pool_toggle(struct ui *ui);
static void pool_resize(struct ui *ui, int delta);
static void *pool_stopper(void *arg);
static void pool_end(struct ui *ui);

static void
on_signal(int sig)
{
	char c = sig == SIGWINCH ? 'W' : sig == SIGHUP ? 'H' : 'T';
	int saved = errno;

	if (signal_fd >= 0) {
		ssize_t n = write(signal_fd, &c, 1);

		(void)n;
	}
	errno = saved;
}

static void
install_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sa.sa_flags = SA_RESTART;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGWINCH, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGQUIT, &sa, NULL);
}

static void
restore_terminal(void)
{
	if (!isendwin())
		endwin();
}

static int
start_terminal(struct ui *ui, char **cause)
{
	const char *term = getenv("TERM");

	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		*cause = xstrdup("the dashboard needs a terminal (try 'ocrtop status' for text)");
		return -1;
	}
	if ((ui->screen = newterm(NULL, stdout, stdin)) == NULL) {
		*cause = xasprintf("cannot use the terminal type '%s' (set TERM)", term != NULL ? term : "");
		return -1;
	}
	xmalloc_set_die_hook(restore_terminal);
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	set_escdelay(25);
	curs_set(0);
	ui_set_theme(ui, ui->theme);
	getmaxyx(stdscr, ui->rows, ui->cols);
	return 0;
}

void
ui_set_theme(struct ui *ui, const struct theme *t)
{
	short c = ui->opts.header_color;

	if (ui->ctx->no_color || !t->color) {
		ui->theme = theme_apply(&theme_mono);
		return;
	}
	ui->custom = *t;
	if (c >= 0) {
		/* The profile's colour, with text that stays readable on it. */
		ui->custom.el[EL_HEADER].bg = c;
		ui->custom.el[EL_HEADER].fg = c == COLOR_YELLOW || c == COLOR_CYAN || c == COLOR_WHITE ||
		    c == COLOR_GREEN ? COLOR_BLACK : COLOR_WHITE;
	}
	ui->theme = theme_apply(&ui->custom);
}

attr_t
ui_attr(const struct ui *ui, enum element e)
{
	return theme_attr(ui->theme, e);
}

int
ui_has_data(const struct ui *ui)
{
	return ui->data != NULL && ui->data->has_snap;
}

const struct view_ops *
ui_current(const struct ui *ui)
{
	return screens[ui->detail != 0 ? ui->detail : ui->view];
}

const struct view_ops *
ui_screen(int v)
{
	return v >= 0 && v < V_ALL ? screens[v] : NULL;
}

void
ui_key(struct ui *ui, int ch)
{
	handle_key(ui, ch);
}

void
ui_message(struct ui *ui, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	free(ui->message);
	ui->message = buf_detach(&b);
	ui->message_until = mono_ms() + 4000;
	ui->dirty = 1;
}

void
ui_prompt(struct ui *ui, const char *label, void (*done)(struct ui *ui, const char *line))
{
	(void)ui;
	prompt_open(label, done);
}

const struct notify_msg *
ui_feed_at(const struct ui *ui, size_t i)
{
	size_t first = (ui->feed_head + UI_FEED_KEEP - ui->feed_n) % UI_FEED_KEEP;

	return &ui->feed[(first + i) % UI_FEED_KEEP];
}

void
ui_request(struct ui *ui)
{
	struct collect_req req;

	memset(&req, 0, sizeof req);
	req.census_now = ui->census_now;
	if (screens[ui->view]->request != NULL)
		screens[ui->view]->request(ui, &req);
	if (ui->detail != 0 && screens[ui->detail]->request != NULL)
		screens[ui->detail]->request(ui, &req);
	/* The request's strings are borrowed from ui; the collector copies them. */
	collector_request(&ui->col, &req);
}

void
ui_open_task(struct ui *ui, const char *id, size_t len)
{
	free(ui->task_id);
	ui->task_id = xstrndup(id, len);
	ui->task_len = len;
	ui->detail = V_TASK;
	ui->lists[V_TASK].sel = 0;
	ui_request(ui);
}

void
ui_open_user(struct ui *ui, const char *id, size_t len)
{
	free(ui->user_id);
	ui->user_id = xstrndup(id, len);
	ui->user_len = len;
	ui->detail = V_USER;
	ui->lists[V_USER].sel = 0;
	ui_request(ui);
}

int
ui_open_selected(struct ui *ui, int ch)
{
	const struct view_ops *v = ui_current(ui);
	struct ui_target t;

	if (ch != '\r' && ch != '\n' && ch != KEY_ENTER)
		return 0;
	memset(&t, 0, sizeof t);
	switch (v->target != NULL ? v->target(ui, &t) : TARGET_NONE) {
	case TARGET_TASK:
		ui_open_task(ui, t.id, t.len);
		break;
	case TARGET_USER:
		ui_open_user(ui, t.id, t.len);
		break;
	case TARGET_NONE:
		break;
	}
	return 1;
}

static void
take_model(struct ui *ui)
{
	struct model *m = collector_take(&ui->col);

	if (m == NULL)
		return;
	ui->heard_mono = mono_ms();
	ui->connected = m->connected;
	free(ui->error);
	ui->error = m->error != NULL ? xstrdup(m->error) : NULL;
	ui->retry_at = m->retry_in_ms > 0 ? mono_ms() + m->retry_in_ms : 0;
	if (!m->has_snap || ui->paused) {
		/* Keep showing the last numbers, marked stale. */
		model_free(m);
		ui->dirty = 1;
		return;
	}
	model_free(ui->data);
	ui->data = m;
	ui->dirty = 1;
}

static void
copy_notification(void *arg, const struct notify_msg *m)
{
	struct ui *ui = arg;
	struct notify_msg *slot = &ui->feed[ui->feed_head];

	notify_free(slot);
	notify_copy(slot, m);
	ui->feed_head = (ui->feed_head + 1) % UI_FEED_KEEP;
	if (ui->feed_n < UI_FEED_KEEP)
		ui->feed_n++;
}

static void
take_feed(struct ui *ui)
{
	char *err = NULL;

	if (ui->paused)
		return;
	feed_take(&ui->feedt, &ui->feed_seen, copy_notification, ui, &ui->feed_connected, &err);
	free(ui->feed_error);
	ui->feed_error = err;
	ui->dirty = 1;
}

/* SIGWINCH (from the self-pipe) tells ncurses the new size; ncurses then
 * queues KEY_RESIZE, which only re-reads it (calling resizeterm() again
 * there would queue another KEY_RESIZE, forever). */
static void
handle_resize(struct ui *ui, int from_signal)
{
	struct winsize ws;

	if (from_signal && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 && ws.ws_col > 0)
		resizeterm(ws.ws_row, ws.ws_col);
	getmaxyx(stdscr, ui->rows, ui->cols);
	clearok(stdscr, TRUE);
	ui->dirty = 1;
	ui_request(ui);		/* page sizes follow the window */
}

static void
drain_wake(struct ui *ui)
{
	char bytes[64];
	ssize_t n, i;

	while ((n = read(ui->wake[0], bytes, sizeof bytes)) > 0) {
		for (i = 0; i < n; i++) {
			switch (bytes[i]) {
			case 'W':
				handle_resize(ui, 1);
				break;
			case 'T':
			case 'H':
				ui->quit = 1;
				break;
			case 'c':
				take_model(ui);
				break;
			case 'f':
				take_feed(ui);
				break;
			case 'j':
				ui_actions_wake(ui);
				break;
			}
		}
	}
}

static void
filter_done(struct ui *ui, const char *line)
{
	int v = ui->detail != 0 ? ui->detail : ui->view;

	free(ui->filter[v]);
	ui->filter[v] = *line != '\0' ? xstrdup(line) : NULL;
	ui->lists[v].sel = 0;
	ui->dirty = 1;
}

static void
handle_key(struct ui *ui, int ch)
{
	const struct view_ops *v;

	ui->dirty = 1;
	if (prompt_active()) {
		prompt_key(ch);
		return;
	}
	if (ui->help) {
		if (ch == KEY_DOWN || ch == 'j' || ch == KEY_NPAGE) {
			ui->help_top += ch == KEY_NPAGE ? 10 : 1;
			return;
		}
		if (ch == KEY_UP || ch == 'k' || ch == KEY_PPAGE) {
			ui->help_top -= ch == KEY_PPAGE ? 10 : 1;
			ui->help_top = ui->help_top < 0 ? 0 : ui->help_top;
			return;
		}
		ui->help = 0;
		ui->help_top = 0;
		if (ch != 'q')
			return;
	}
	if (ch == KEY_RESIZE) {
		handle_resize(ui, 0);
		return;
	}
	if (ui_actions_key(ui, ch))
		return;
	v = ui_current(ui);
	if (v->key != NULL && v->key(ui, ch))
		return;
	if (list_key(&ui->lists[ui->detail != 0 ? ui->detail : ui->view], ch))
		return;
	switch (ch) {
	case 'q':
		ui->quit = 1;
		return;
	case 27:
	case KEY_BACKSPACE:
	case 127:
	case 8:
	case KEY_LEFT:
		if (ui->detail != 0) {
			ui->detail = 0;
			ui_request(ui);
		} else if (ui->filter[ui->view] != NULL && (ch == 27 || ch == KEY_BACKSPACE || ch == 127)) {
			free(ui->filter[ui->view]);
			ui->filter[ui->view] = NULL;
		}
		return;
	case '\t':
	case KEY_BTAB:
		ui->detail = 0;
		ui->view = (ui->view + (ch == '\t' ? 1 : V_SCREENS - 1)) % V_SCREENS;
		ui_request(ui);
		return;
	case '?':
	case KEY_F(1):
		ui->help = 1;
		return;
	case 'p':
		ui->paused = !ui->paused;
		ui_message(ui, ui->paused ? "paused: numbers frozen (p resumes)" : "resumed");
		if (!ui->paused)
			take_feed(ui);
		return;
	case ':':
		ui_prompt(ui, ":", prompt_commands_run);
		return;
	case '/':
		ui_prompt(ui, "/", filter_done);
		return;
	case 'W':
		pool_toggle(ui);
		return;
	case '+':
	case '=':
		pool_resize(ui, 1);
		return;
	case '-':
		pool_resize(ui, -1);
		return;
	case 'c':
		ui->census_now++;
		ui_request(ui);
		ui_message(ui, "starting a fresh census");
		return;
	case 12:		/* Ctrl-L */
		clearok(stdscr, TRUE);
		return;
	}
	if (ch >= '1' && ch < '1' + V_SCREENS) {
		ui->detail = 0;
		ui->view = ch - '1';
		ui_request(ui);
	}
}

static void *
pool_stopper(void *arg)
{
	/* Cancels recognition at once; tasks in progress go back. */
	worker_pool_stop(arg, 0);
	return NULL;
}

/* W: starts in-process workers, or stops them without blocking keys. */
static void
pool_toggle(struct ui *ui)
{
	char *cause = NULL;

	if (ui->ctx->read_only) {
		ui_message(ui, "read-only: in-process workers would change tasks");
		return;
	}
	if (ui->pool != NULL) {
		if (ui->stopper_live)
			pthread_join(ui->stopper, NULL);
		ui->stopper_live = pthread_create(&ui->stopper, NULL, pool_stopper, ui->pool) == 0;
		if (!ui->stopper_live)
			worker_pool_stop(ui->pool, 0);
		ui->pool = NULL;
		ui_message(ui, "stopping in-process workers; unfinished tasks go back to their queue");
		return;
	}
	ui->opts.workers.threads = ui->pool_threads;
	ui->opts.workers.log = &ui->wlog;
	ui->pool = worker_pool_start(&ui->ctx->ep, &ui->ctx->conn_opts, &ui->ctx->keys, &ui->opts.workers, &cause);
	if (ui->pool == NULL) {
		ui_message(ui, "workers: %s", cause);
		free(cause);
		return;
	}
	ui_message(ui, "started %d in-process worker%s%s (+/- to change, W to stop)", ui->pool_threads,
	    ui->pool_threads == 1 ? "" : "s", ui->opts.workers.files_dir == NULL ?
	    "; without --files-dir only tasks with a file_path can be read" : "");
}

static void
pool_resize(struct ui *ui, int delta)
{
	int n = ui->pool_threads + delta;

	if (n < 1 || n > WORKER_MAX_THREADS)
		return;
	ui->pool_threads = n;
	if (ui->pool != NULL)
		worker_pool_set_threads(ui->pool, n);
	ui_message(ui, "in-process workers: %d thread%s%s", n, n == 1 ? "" : "s", ui->pool == NULL ?
	    " when started (W)" : "");
}

/* At exit: stop the pool and wait for any stopper. */
static void
pool_end(struct ui *ui)
{
	if (ui->pool != NULL)
		worker_pool_stop(ui->pool, 0);
	ui->pool = NULL;
	if (ui->stopper_live)
		pthread_join(ui->stopper, NULL);
	ui->stopper_live = 0;
	worklog_close(&ui->wlog);
}

void
ui_pool_stats(struct ui *ui, struct worker_stats *st)
{
	if (ui->pool == NULL) {
		memset(st, 0, sizeof *st);
		return;
	}
	worker_pool_stats(ui->pool, st);
}

static void
ui_free(struct ui *ui)
{
	size_t i;

	model_free(ui->data);
	for (i = 0; i < UI_FEED_KEEP; i++)
		notify_free(&ui->feed[i]);
	free(ui->feed);
	for (i = 0; i < V_ALL; i++)
		free(ui->filter[i]);
	free(ui->error);
	free(ui->feed_error);
	free(ui->task_id);
	free(ui->user_id);
	free(ui->message);
	free(ui->endpoint);
	if (ui->latency_log != NULL)
		fclose(ui->latency_log);
	close(ui->wake[0]);
	close(ui->wake[1]);
}

int
ui_run(struct ctx *ctx, const struct ui_opts *opts, const struct collector_opts *copts)
{
	struct ui ui;
	char *cause = NULL, *pattern;
	const char *log;
	int rc = EXIT_OK;

	memset(&ui, 0, sizeof ui);
	ui.ctx = ctx;
	ui.opts = *opts;
	ui.san = ctx->san;
	ui.theme = theme_lookup(opts->theme != NULL ? opts->theme : "default", &cause);
	free(cause);
	cause = NULL;
	if (ui.theme == NULL)
		ui.theme = &theme_default;
	ui.endpoint = endpoint_describe(&ctx->ep);
	ui.feed = xcalloc(UI_FEED_KEEP, sizeof *ui.feed);
	ui.feed_follow = 1;
	ui.queue_rows = 10;
	ui.pool_threads = opts->workers.threads > 0 ? opts->workers.threads : 1;
	worklog_none(&ui.wlog);
	if (opts->worker_log != NULL && worklog_open(&ui.wlog, opts->worker_log, 0, &cause) < 0) {
		ctx_error(ctx, cause);
		free(cause);
		return EXIT_USAGE;
	}
	if ((log = getenv("OCRTOP_LATENCY_LOG")) != NULL && *log != '\0')
		ui.latency_log = fopen(log, "a");
	if (pipe(ui.wake) < 0) {
		ctx_error(ctx, "cannot create a pipe");
		return EXIT_ERROR;
	}
	fcntl(ui.wake[0], F_SETFL, O_NONBLOCK);
	fcntl(ui.wake[1], F_SETFL, O_NONBLOCK);
	signal_fd = ui.wake[1];
	install_signals();
	if (start_terminal(&ui, &cause) < 0) {
		ctx_error(ctx, cause);
		free(cause);
		ui_free(&ui);
		return EXIT_ERROR;
	}
	prompt_init(&ui, prompt_commands_complete);
	pattern = xasprintf("%s*", ctx->keys.channel);
	if (collector_start(&ui.col, &ctx->ep, &ctx->conn_opts, &ctx->keys, copts, ui.wake[1], &cause) < 0 ||
	    feed_start(&ui.feedt, &ctx->ep, &ctx->conn_opts, pattern, ui.wake[1], &cause) < 0) {
		restore_terminal();
		ctx_error(ctx, cause);
		free(cause);
		free(pattern);
		rc = EXIT_ERROR;
		goto out;
	}
	free(pattern);
	ui.dirty = 1;
	ui_request(&ui);
	if (opts->start_workers)
		pool_toggle(&ui);

	while (!ui.quit) {
		struct pollfd p[2] = { { STDIN_FILENO, POLLIN, 0 }, { ui.wake[0], POLLIN, 0 } };
		int ch, n, timeout;

		if (ui.dirty) {
			ui_frame_draw(&ui, ui_current(&ui));
			prompt_draw(ui.rows - 1, ui.cols);
			wnoutrefresh(stdscr);
			doupdate();
			ui.dirty = 0;
			if (ui.latency_log != NULL && ui.key_us != 0) {
				fprintf(ui.latency_log, "%lld\n", (long long)(mono_us() - ui.key_us));
				fflush(ui.latency_log);
				ui.key_us = 0;
			}
		}
		/* Wake at the next second for the clock and the ages. */
		timeout = 1000 - (int)(now_ms() % 1000);
		n = poll(p, 2, timeout);
		if (n < 0 && errno != EINTR)
			break;
		if (n == 0)
			ui.dirty = 1;
		if (p[1].revents != 0)
			drain_wake(&ui);
		if (p[0].revents & (POLLHUP | POLLERR))
			break;		/* the terminal is gone */
		if (p[0].revents != 0) {
			ui.key_us = mono_us();
			while ((ch = getch()) != ERR && !ui.quit)
				handle_key(&ui, ch);
		}
		if (ui.message != NULL && mono_ms() > ui.message_until) {
			free(ui.message);
			ui.message = NULL;
			ui.dirty = 1;
		}
	}
out:
	ui_actions_end(&ui);
	pool_end(&ui);
	prompt_end();
	restore_terminal();
	if (ui.screen != NULL)
		delscreen(ui.screen);
	collector_stop(&ui.col);
	feed_stop(&ui.feedt);
	signal_fd = -1;
	ui_free(&ui);
	return rc;
}

void
ui_title(struct ui *ui, int y, int x, int w, const char *title)
{
	draw_str(stdscr, y, x, w, title, ui_attr(ui, EL_TITLE), ui->san);
}

int
ui_columns(struct ui *ui, int y, int cols, const struct column *c, int nc, int *x, int *w)
{
	int n = columns_layout(c, nc, cols - 2, x, w), i;

	for (i = 0; i < n; i++)
		x[i] += 1;
	columns_draw_titles(stdscr, y, c, n, x, w, ui_attr(ui, EL_LABEL), ui->san);
	return n;
}
