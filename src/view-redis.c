/* Screen 8, Redis: INFO section by section, the slow log and the clients,
 * as one scrolling list; a part an ACL or a renamed command forbids is
 * marked unavailable. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "draw.h"
#include "sanitize.h"
#include "timefmt.h"
#include "ui.h"
#include "xmalloc.h"

static void draw(struct ui *ui, int y0, int rows, int cols);
static void request(struct ui *ui, struct collect_req *req);

const struct view_ops view_redis = {
	.name = "Redis",
	.draw = draw,
	.request = request,
	.keys = NULL,
};

struct text_lines {
	char		**s;
	enum element	*el;
	size_t		 n;
};

static void line(struct text_lines *t, enum element e, const char *s);

static void
request(struct ui *ui, struct collect_req *req)
{
	(void)ui;
	req->want_details = 1;
}

static void
line(struct text_lines *t, enum element e, const char *s)
{
	t->s = xreallocarray(t->s, t->n + 1, sizeof *t->s);
	t->el = xreallocarray(t->el, t->n + 1, sizeof *t->el);
	t->s[t->n] = xstrdup(s);
	t->el[t->n++] = e;
}

static void
draw(struct ui *ui, int y0, int rows, int cols)
{
	const struct redis_details *d = ui_has_data(ui) ? ui->data->details : NULL;
	struct text_lines t = { NULL, NULL, 0 };
	struct buf b = BUF_INIT;
	const char *section = NULL;
	const char *f = ui->filter[V_REDIS];
	size_t i, first;
	int y;

	if (d == NULL) {
		draw_str(stdscr, y0 + 1, 2, cols - 4, "reading INFO...", ui_attr(ui, EL_DIM), ui->san);
		return;
	}
	if (!d->info_ok)
		line(&t, EL_WARN, "INFO is unavailable (renamed, or not allowed by the ACL)");
	for (i = 0; d->info_ok && i < d->info.n; i++) {
		const struct info_field *fl = &d->info.fields[i];

		if (f != NULL && strstr(fl->name, f) == NULL && strstr(fl->section, f) == NULL)
			continue;
		if (section == NULL || strcmp(section, fl->section) != 0) {
			section = fl->section;
			buf_clear(&b);
			buf_printf(&b, "# %s", section);
			line(&t, EL_TITLE, buf_str(&b));
		}
		buf_clear(&b);
		buf_printf(&b, "  %-32s %s", fl->name, fl->value);
		line(&t, EL_NORMAL, buf_str(&b));
	}
	line(&t, EL_TITLE, "# Slowlog (newest first)");
	if (!d->slowlog_ok)
		line(&t, EL_WARN, "  SLOWLOG is unavailable (renamed, or not allowed by the ACL)");
	else if (d->nslow == 0)
		line(&t, EL_DIM, "  empty");
	for (i = 0; d->slowlog_ok && i < d->nslow; i++) {
		const struct slowlog_entry *s = &d->slow[i];

		buf_clear(&b);
		buf_adds(&b, "  ");
		if (s->when_ms > 0)
			fmt_local_time(&b, s->when_ms);
		buf_printf(&b, "  %8.3f ms  ", (double)s->duration_us / 1000.0);
		sanitize_append(&b, s->command, strlen(s->command), 120, ui->san);
		line(&t, s->duration_us > 10000 ? EL_WARN : EL_NORMAL, buf_str(&b));
	}
	line(&t, EL_TITLE, "# Clients");
	if (!d->clients_ok)
		line(&t, EL_WARN, "  CLIENT LIST is unavailable (renamed, or not allowed by the ACL)");
	for (i = 0; d->clients_ok && i < d->nclients; i++) {
		const struct client_entry *c = &d->clients[i];

		buf_clear(&b);
		buf_printf(&b, "  id=%s addr=%s name=%s age=%s idle=%s flags=%s db=%s cmd=%s user=%s",
		    c->id, c->addr, c->name, c->age, c->idle, c->flags, c->db, c->cmd, c->user);
		line(&t, c->blocked ? EL_OK : EL_NORMAL, buf_str(&b));
	}
	list_set_count(&ui->lists[V_REDIS], t.n > (size_t)rows ? t.n - (size_t)rows + 1 : 1);
	first = ui->lists[V_REDIS].sel;
	for (i = first, y = y0; i < t.n && y < y0 + rows; i++, y++)
		draw_str(stdscr, y, 1, cols - 2, t.s[i], ui_attr(ui, t.el[i]), ui->san);
	for (i = 0; i < t.n; i++)
		free(t.s[i]);
	free(t.s);
	free(t.el);
	buf_free(&b);
}
