/* One user's sessions (opened from Sessions or `:user ID`): the token
 * masked to its first six characters, IP, role, created, last activity,
 * idle time and TTL, flagged when idle past 30 minutes; the user's IPs
 * counted so one user on many addresses stands out. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "draw.h"
#include "hashtab.h"
#include "timefmt.h"
#include "ui.h"

#define IDLE_FLAG_MS (30 * 60000)

static void draw(struct ui *ui, int y0, int rows, int cols);
static void request(struct ui *ui, struct collect_req *req);
static void draw_row(void *arg, WINDOW *w, int y, size_t i, int selected);
static enum target_kind target(struct ui *ui, struct ui_target *t);

const struct view_ops view_user = {
	.name = "User",
	.draw = draw,
	.request = request,
	.keys = NULL,
	.target = target,
	.targets = TARGET_USER,
};

static const struct column columns[] = {
	{ "token", 9, 0, 0 },
	{ "ip", 15, 1, 0 },
	{ "role", 8, 1, 0 },
	{ "created", 9, 0, 1 },
	{ "last active", 11, 0, 1 },
	{ "ttl", 8, 0, 1 },
	{ "flags", 8, 1, 0 },
};
#define NCOLS ((int)(sizeof columns / sizeof columns[0]))

struct row_ctx {
	struct ui		*ui;
	const struct user_view	*uv;
	int			 x[NCOLS];
	int			 w[NCOLS];
	int			 n;
};

/* The user shown: logout-all acts on all their sessions. */
static enum target_kind
target(struct ui *ui, struct ui_target *t)
{
	if (ui->user_id == NULL)
		return TARGET_NONE;
	t->kind = TARGET_USER;
	t->id = ui->user_id;
	t->len = ui->user_len;
	return t->kind;
}

static void
request(struct ui *ui, struct collect_req *req)
{
	req->user_id = ui->user_id;
	req->user_len = ui->user_len;
}

static void
draw_row(void *arg, WINDOW *w, int y, size_t i, int selected)
{
	struct row_ctx *rc = arg;
	struct ui *ui = rc->ui;
	const struct user_session *s = &rc->uv->v[i];
	attr_t a = ui_attr(ui, selected ? EL_SELECTED : EL_NORMAL);
	struct buf b = BUF_INIT;
	int64_t now = now_ms();
	int c = 0;

	if (selected)
		draw_fill(w, y, 0, a);
	c = draw_bytes(w, y, rc->x[0], 6, s->token, s->token_len < 6 ? s->token_len : 6, a, ui->san);
	draw_str(w, y, rc->x[0] + c, 3, "\xe2\x80\xa6", a, ui->san);
	draw_str(w, y, rc->x[1], rc->w[1], s->ip != NULL ? s->ip : "-", a, ui->san);
	if (rc->n > 2)
		draw_str(w, y, rc->x[2], rc->w[2], s->role != NULL ? s->role : "-", a, ui->san);
	if (s->created_ms > 0)
		fmt_duration(&b, now - s->created_ms);
	if (rc->n > 3)
		draw_str_right(w, y, rc->x[3] + rc->w[3], rc->w[3], buf_str(&b), a, ui->san);
	buf_clear(&b);
	if (s->last_ms > 0) {
		fmt_duration(&b, now - s->last_ms);
		buf_adds(&b, " ago");
	}
	if (rc->n > 4)
		draw_str_right(w, y, rc->x[4] + rc->w[4], rc->w[4], buf_str(&b), a, ui->san);
	buf_clear(&b);
	if (s->ttl_ms >= 0)
		fmt_duration(&b, s->ttl_ms);
	else
		buf_adds(&b, s->ttl_ms == -1 ? "none" : "gone");
	if (rc->n > 5)
		draw_str_right(w, y, rc->x[5] + rc->w[5], rc->w[5], buf_str(&b), a, ui->san);
	if (rc->n > 6 && s->last_ms > 0 && now - s->last_ms > IDLE_FLAG_MS)
		draw_str(w, y, rc->x[6], rc->w[6], "idle>30m", selected ? a : ui_attr(ui, EL_WARN), ui->san);
	buf_free(&b);
}

static void
draw(struct ui *ui, int y0, int rows, int cols)
{
	const struct user_view *uv = ui_has_data(ui) ? ui->data->user : NULL;
	struct row_ctx rc;
	struct buf b = BUF_INIT;
	uint32_t ips[64];
	size_t i, nips = 0;
	int y = y0;

	buf_adds(&b, "USER ");
	draw_str(stdscr, y, 1, 5, buf_str(&b), ui_attr(ui, EL_TITLE), ui->san);
	draw_bytes(stdscr, y++, 6, cols - 8, ui->user_id, ui->user_len, ui_attr(ui, EL_VALUE), ui->san);
	if (uv == NULL || uv->user_len != ui->user_len || memcmp(uv->user, ui->user_id, ui->user_len) != 0) {
		draw_str(stdscr, y + 1, 2, cols - 4, "looking for sessions...", ui_attr(ui, EL_DIM), ui->san);
		buf_free(&b);
		return;
	}
	for (i = 0; i < uv->n && nips < 64; i++) {
		uint32_t h;
		size_t j;

		if (uv->v[i].ip == NULL)
			continue;
		h = (uint32_t)hash_bytes(uv->v[i].ip, strlen(uv->v[i].ip));
		for (j = 0; j < nips && ips[j] != h; j++)
			;
		if (j == nips)
			ips[nips++] = h;
	}
	buf_clear(&b);
	fmt_count_noun(&b, uv->matched, "session", "sessions");
	buf_printf(&b, " from %zu IP address%s", nips, nips == 1 ? "" : "es");
	if (!uv->done)
		buf_printf(&b, " \xc2\xb7 scanning %.0f%%", uv->progress * 100);
	draw_str(stdscr, y, 1, cols - 2, buf_str(&b), ui_attr(ui, nips > CENSUS_MAX_IPS ? EL_WARN : EL_NORMAL),
	    ui->san);
	y += 2;
	list_set_count(&ui->lists[V_USER], uv->n);
	rc.ui = ui;
	rc.uv = uv;
	rc.n = ui_columns(ui, y++, cols, columns, NCOLS, rc.x, rc.w);
	list_draw(&ui->lists[V_USER], stdscr, y, y0 + rows - y, draw_row, &rc);
	if (uv->n == 0 && uv->done)
		draw_str(stdscr, y, 1, cols - 2, "no sessions", ui_attr(ui, EL_DIM), ui->san);
	buf_free(&b);
}
