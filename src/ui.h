/* The dashboard's UI thread: one poll() loop over the terminal and a
 * self-pipe (signals, collector and feed wake-ups), one doupdate() per
 * turn. The UI owns ncurses and nothing else; it never talks to Redis.
 * Screens are view_ops tables, one file each (view-*.c). */
#ifndef OCRTOP_UI_H
#define OCRTOP_UI_H

#include <stddef.h>
#include <stdint.h>
#include <pthread.h>
#include <stdio.h>

#include <curses.h>

#include "collector.h"
#include "ctx.h"
#include "feed.h"
#include "job.h"
#include "model.h"
#include "notify.h"
#include "theme.h"
#include "widget-list.h"
#include "worker.h"
#include "worklog.h"

#define UI_MIN_COLS	80
#define UI_MIN_ROWS	24
#define UI_FEED_KEEP	FEED_RING

enum view_id {
	V_OVERVIEW,
	V_QUEUE,
	V_TASKS,
	V_SESSIONS,
	V_STATS,
	V_WORKERS,
	V_FEED,
	V_REDIS,
	V_AUDIT,
	V_SCREENS,		/* the numbered screens end here */
	V_TASK = V_SCREENS,	/* details, opened over a screen */
	V_USER,
	V_ALL
};

struct ui;

struct key_help {
	const char	*keys;
	const char	*what;
};

/* What the selected row stands for, for the action keys. */
enum target_kind {
	TARGET_NONE,
	TARGET_TASK,
	TARGET_USER
};

struct ui_target {
	enum target_kind	 kind;
	const char		*id;		/* borrowed from the model or the ui */
	size_t			 len;
};

struct view_ops {
	const char		*name;
	/* Draws the body: rows x cols starting at row y0 of stdscr. */
	void			(*draw)(struct ui *ui, int y0, int rows, int cols);
	/* Handles a key; returns 1 if it was the view's. */
	int			(*key)(struct ui *ui, int ch);
	/* Adds what the view needs to the collector request. */
	void			(*request)(struct ui *ui, struct collect_req *req);
	const struct key_help	*keys;		/* for the help overlay; NULL-terminated */
	/* The task or user of the selected row: its kind, or TARGET_NONE. */
	enum target_kind	(*target)(struct ui *ui, struct ui_target *t);
	enum target_kind	 targets;	/* what rows stand for: the action keys in help */
};

extern const struct view_ops view_overview, view_queue, view_tasks, view_sessions,
    view_stats, view_workers, view_feed, view_redis, view_audit, view_task, view_user;

struct ui_opts {
	int64_t		 interval_ms;
	const char	*theme;
	int		 demo;		/* shown in the header */
	int		 start_workers;	/* start the in-process workers at once */
	short		 header_color;	/* the profile's header colour, or -1 */
	const char	*profile;	/* the profile's name, shown in the header, or NULL */
	struct worker_opts workers;	/* for W: the in-process workers */
	const char	*worker_log;	/* their log file, or NULL for none */
};

struct ui {
	struct ctx		*ctx;		/* borrowed */
	const struct theme	*theme;
	struct theme		 custom;	/* the theme with the profile's header colour */
	unsigned		 san;		/* SAN_ASCII when the locale is not UTF-8 */
	int			 rows;
	int			 cols;
	int			 view;		/* the numbered screen shown */
	int			 detail;	/* 0, V_TASK or V_USER shown over it */
	char			*endpoint;	/* password-free, owned */
	struct ui_opts		 opts;
	/* The newest numbers (owned) and the collector's last word. */
	struct model		*data;
	int			 connected;
	char			*error;		/* owned */
	int64_t			 retry_at;	/* mono ms */
	int64_t			 heard_mono;	/* when the collector last reported */
	int			 paused;
	/* Notifications copied from the feed, oldest first. */
	struct notify_msg	*feed;		/* ring of UI_FEED_KEEP */
	size_t			 feed_n;
	size_t			 feed_head;
	unsigned long long	 feed_seen;
	int			 feed_connected;
	char			*feed_error;
	int			 feed_follow;
	/* Per-view state. */
	struct list		 lists[V_ALL];
	char			*filter[V_ALL];	/* owned */
	int			 queue_pane;	/* 0 priority set, 1 FIFO */
	long			 queue_sel[2];	/* absolute selection per pane */
	long			 queue_off[2];	/* first row of each page */
	int			 queue_rows;	/* rows per pane page */
	char			*task_id;	/* the open task, owned */
	size_t			 task_len;
	char			*user_id;	/* the open user, owned */
	size_t			 user_len;
	unsigned		 census_now;
	/* Marked tasks (Space), for actions on many rows. */
	char			**marks;	/* owned */
	size_t			 *mark_lens;
	size_t			  nmarks;
	/* The operator action in progress (a dialog), and what a prompt for
	 * its argument will act on. */
	struct job		*job;
	char			 typed[24];	/* the count typed to confirm */
	char			**pending;	/* owned */
	size_t			 *pending_lens;
	size_t			  npending;
	/* Overlays and messages. */
	int			 help;
	int			 help_top;	/* first help line shown */
	char			*message;	/* owned */
	int64_t			 message_until;
	int			 quit;
	/* In-process workers (W, +, -), on their own threads. */
	struct worker_pool	*pool;		/* NULL when stopped */
	int			 pool_threads;
	struct worklog		 wlog;
	pthread_t		 stopper;	/* stops a pool without blocking keys */
	int			 stopper_live;
	/* Plumbing. */
	SCREEN			*screen;
	struct collector	 col;
	struct feed		 feedt;
	int			 wake[2];	/* the self-pipe: signals and threads */
	int			 dirty;
	int64_t			 key_us;	/* when the key being handled arrived */
	FILE			*latency_log;	/* OCRTOP_LATENCY_LOG, for the benchmark */
};

/* Runs the dashboard until q or a signal; returns the exit status. */
int ui_run(struct ctx *ctx, const struct ui_opts *opts, const struct collector_opts *copts);

/* Switches to theme t (mono without colours), with the profile's header
 * colour. */
void ui_set_theme(struct ui *ui, const struct theme *t);
/* For views: the attributes of an element. */
attr_t ui_attr(const struct ui *ui, enum element e);
/* For views: opens the detail of a task or a user. */
void ui_open_task(struct ui *ui, const char *id, size_t len);
void ui_open_user(struct ui *ui, const char *id, size_t len);
/* Enter opens the selected row's task or user (a list view's key handler);
 * returns 1 if ch was Enter. */
int ui_open_selected(struct ui *ui, int ch);
/* For views: asks the collector again (after a change of page or detail). */
void ui_request(struct ui *ui);
/* For views: shows a message on the footer for a few seconds. */
void ui_message(struct ui *ui, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* For views: opens the line editor with a label; done gets the line. */
void ui_prompt(struct ui *ui, const char *label, void (*done)(struct ui *ui, const char *line));
/* For views: the i-th notification, oldest first. */
const struct notify_msg *ui_feed_at(const struct ui *ui, size_t i);
/* For views: true when the model holds numbers. */
int ui_has_data(const struct ui *ui);
/* For views: the in-process workers' counters (threads 0 when stopped). */
void ui_pool_stats(struct ui *ui, struct worker_stats *st);
/* The view drawn now (a detail, or the screen), and screen number v. */
const struct view_ops *ui_current(const struct ui *ui);
const struct view_ops *ui_screen(int v);
/* For views: handles a key as if typed (after a mark, the move down). */
void ui_key(struct ui *ui, int ch);
/* For views: draws a section title. */
void ui_title(struct ui *ui, int y, int x, int w, const char *title);
/* Lays out a table's columns between the screen's margins (from x 1, cols - 2
 * wide) and draws their titles on row y; returns how many fit. */
int ui_columns(struct ui *ui, int y, int cols, const struct column *c, int nc, int *x, int *w);

#endif
