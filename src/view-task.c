/* One task (opened with Enter from any list, or `:task ID`): where it is
 * (FIFO position, priority score), its timeline created -> started ->
 * completed or failed with durations, every hash field with timestamps
 * rendered, its TTL, its cached OCR result, and its notifications from the
 * feed. Drawn as scrollable lines. */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "buf.h"
#include "draw.h"
#include "reply.h"
#include "sanitize.h"
#include "timefmt.h"
#include "ui.h"
#include "xmalloc.h"

static void draw(struct ui *ui, int y0, int rows, int cols);
static void request(struct ui *ui, struct collect_req *req);
static enum target_kind target(struct ui *ui, struct ui_target *t);

const struct view_ops view_task = {
	.name = "Task",
	.draw = draw,
	.request = request,
	.keys = NULL,
	.target = target,
	.targets = TARGET_TASK,
};

/* Lines of the detail, built each frame then drawn from the scroll offset. */
struct lines {
	struct buf	*text;
	enum element	*el;
	size_t		 n;
};

static void add(struct lines *l, enum element e, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void add_data(struct lines *l, enum element e, const char *label, const void *s, size_t len, unsigned san);
static void timeline(struct lines *l, const struct task_detail *d);
static void result(struct lines *l, const struct task_detail *d, unsigned san);
static void stamp(struct buf *b, int64_t ms);

/* The task shown. */
static enum target_kind
target(struct ui *ui, struct ui_target *t)
{
	if (ui->task_id == NULL)
		return TARGET_NONE;
	t->kind = TARGET_TASK;
	t->id = ui->task_id;
	t->len = ui->task_len;
	return t->kind;
}

static void
request(struct ui *ui, struct collect_req *req)
{
	req->task_id = ui->task_id;
	req->task_len = ui->task_len;
}

static void
add(struct lines *l, enum element e, const char *fmt, ...)
{
	va_list ap;

	l->text = xreallocarray(l->text, l->n + 1, sizeof *l->text);
	l->el = xreallocarray(l->el, l->n + 1, sizeof *l->el);
	memset(&l->text[l->n], 0, sizeof l->text[l->n]);
	va_start(ap, fmt);
	buf_vprintf(&l->text[l->n], fmt, ap);
	va_end(ap);
	l->el[l->n++] = e;
}

/* A line "label  value" whose value is data (sanitized now, one line). */
static void
add_data(struct lines *l, enum element e, const char *label, const void *s, size_t len, unsigned san)
{
	struct buf b = BUF_INIT;

	sanitize_append(&b, s, len, 0, san);
	add(l, e, "  %-16s %s", label, buf_str(&b));
	buf_free(&b);
}

static void
stamp(struct buf *b, int64_t ms)
{
	fmt_local_time(b, ms);
	buf_adds(b, " (");
	fmt_duration(b, now_ms() - ms);
	buf_adds(b, " ago)");
}

static void
timeline(struct lines *l, const struct task_detail *d)
{
	static const char *const steps[] = { "created_at", "started_at", "completed_at", "failed_at" };
	int64_t t[4], prev = -1;
	struct buf b = BUF_INIT;
	size_t i;

	for (i = 0; i < 4; i++) {
		const struct task_field *f = task_detail_field(d, steps[i]);

		t[i] = f != NULL ? ts_parse(f->value, f->value_len) : -1;
	}
	add(l, EL_TITLE, "TIMELINE");
	for (i = 0; i < 4; i++) {
		if (t[i] <= 0)
			continue;
		buf_clear(&b);
		stamp(&b, t[i]);
		if (prev > 0) {
			buf_adds(&b, "  +");
			fmt_duration(&b, t[i] - prev);
			buf_adds(&b, i == 1 ? " waiting" : " running");
		}
		add(l, i >= 2 ? (i == 3 ? EL_CRIT : EL_OK) : EL_NORMAL, "  %-16s %s",
		    i == 0 ? "created" : i == 1 ? "started" : i == 2 ? "completed" : "failed", buf_str(&b));
		prev = t[i];
	}
	if (t[0] <= 0 && t[1] <= 0 && t[2] <= 0 && t[3] <= 0)
		add(l, EL_DIM, "  no timestamps");
	buf_free(&b);
}

static void
result(struct lines *l, const struct task_detail *d, unsigned san)
{
	json_error_t err;
	json_t *root;
	struct buf b = BUF_INIT;

	add(l, EL_TITLE, "OCR RESULT");
	if (d->result == NULL) {
		add(l, EL_DIM, "  none cached");
		return;
	}
	root = json_loadb(d->result, d->result_len, 0, &err);
	if (json_is_object(root)) {
		json_t *text = json_object_get(root, "text"), *conf = json_object_get(root, "confidence");
		json_t *words = json_object_get(root, "word_count");

		if (json_is_number(conf))
			add(l, EL_NORMAL, "  %-16s %.2f", "confidence", json_number_value(conf));
		if (json_is_integer(words))
			add(l, EL_NORMAL, "  %-16s %lld", "words", (long long)json_integer_value(words));
		if (json_is_string(text)) {
			const char *p = json_string_value(text), *end = p + json_string_length(text);
			int shown = 0;

			while (p < end && shown < 8) {
				const char *nl = memchr(p, '\n', (size_t)(end - p));
				size_t n = (size_t)((nl != NULL ? nl : end) - p);

				if (n > 0) {
					add_data(l, EL_VALUE, shown == 0 ? "text" : "", p, n, san);
					shown++;
				}
				p += n + 1;
			}
		}
	} else
		add_data(l, EL_NORMAL, "raw", d->result, d->result_len, san);
	buf_clear(&b);
	if (d->result_ttl_ms >= 0) {
		fmt_duration(&b, d->result_ttl_ms);
		add(l, EL_DIM, "  %-16s %s", "expires in", buf_str(&b));
	}
	json_decref(root);
	buf_free(&b);
}

static void
draw(struct ui *ui, int y0, int rows, int cols)
{
	const struct task_detail *d = ui_has_data(ui) ? ui->data->task : NULL;
	struct lines l = { NULL, NULL, 0 };
	struct buf b = BUF_INIT;
	size_t i, shown;
	int y;

	draw_str(stdscr, y0, 1, 5, "TASK ", ui_attr(ui, EL_TITLE), ui->san);
	draw_bytes(stdscr, y0, 6, cols - 8, ui->task_id, ui->task_len, ui_attr(ui, EL_VALUE), ui->san);
	if (d == NULL || d->idlen != ui->task_len || memcmp(d->id, ui->task_id, ui->task_len) != 0) {
		draw_str(stdscr, y0 + 2, 2, cols - 4, "reading the task...", ui_attr(ui, EL_DIM), ui->san);
		return;
	}
	if (!d->exists)
		add(&l, EL_WARN, "no data: %s%s", "the task hash does not exist (expired, deleted, or never written)", "");
	else if (d->wrong_type != NULL)
		add(&l, EL_CRIT, "the key holds a %s, not a hash", d->wrong_type);
	buf_clear(&b);
	if (d->fifo_index >= 0 && d->fifo_len != NUM_UNKNOWN) {
		long long ahead = d->fifo_len - 1 - d->fifo_index;

		buf_adds(&b, "FIFO position ");
		fmt_count(&b, ahead + 1);
		buf_adds(&b, " of ");
		fmt_count(&b, d->fifo_len);
		buf_adds(&b, " (");
		fmt_count_noun(&b, ahead, "task", "tasks");
		buf_adds(&b, " ahead)");
	} else
		buf_adds(&b, "not in the FIFO list");
	if (d->in_priority)
		buf_printf(&b, " \xc2\xb7 in the priority set with score %g", d->score);
	else
		buf_adds(&b, " \xc2\xb7 not in the priority set");
	add(&l, EL_NORMAL, "%s", buf_str(&b));
	buf_clear(&b);
	if (d->ttl_ms >= 0) {
		buf_adds(&b, "data expires in ");
		fmt_duration(&b, d->ttl_ms);
	} else if (d->exists)
		buf_adds(&b, "data does not expire");
	if (b.len > 0)
		add(&l, EL_DIM, "%s", buf_str(&b));
	add(&l, EL_NORMAL, "%s", "");
	timeline(&l, d);
	add(&l, EL_NORMAL, "%s", "");
	add(&l, EL_TITLE, "FIELDS");
	for (i = 0; i < d->nfields; i++) {
		const struct task_field *f = &d->fields[i];
		struct buf name = BUF_INIT, val = BUF_INIT;
		int64_t t = -1;

		sanitize_append(&name, f->name, f->name_len, 16, ui->san);
		sanitize_append(&val, f->value, f->value_len, 0, ui->san);
		if (f->name_len > 3 && memcmp(f->name + f->name_len - 3, "_at", 3) == 0)
			t = ts_parse(f->value, f->value_len);
		if (t > 0) {
			buf_adds(&val, "  = ");
			stamp(&val, t);
		}
		add(&l, strcmp(buf_str(&name), "error") == 0 ? EL_CRIT : EL_NORMAL, "  %-16s %s",
		    buf_str(&name), buf_str(&val));
		buf_free(&name);
		buf_free(&val);
	}
	add(&l, EL_NORMAL, "%s", "");
	result(&l, d, ui->san);
	add(&l, EL_NORMAL, "%s", "");
	add(&l, EL_TITLE, "NOTIFICATIONS (from the feed)");
	for (i = 0, shown = 0; i < ui->feed_n; i++) {
		const struct notify_msg *m = ui_feed_at(ui, i);

		if (m->task_id == NULL || strlen(m->task_id) != ui->task_len ||
		    memcmp(m->task_id, ui->task_id, ui->task_len) != 0)
			continue;
		buf_clear(&b);
		fmt_local_time(&b, m->received_ms);
		buf_printf(&b, "  %s %s", m->type != NULL ? m->type : "?", m->status != NULL ? m->status : "");
		add_data(&l, EL_NORMAL, "", buf_str(&b), b.len, ui->san);
		shown++;
	}
	if (shown == 0)
		add(&l, EL_DIM, "  none seen since ocrtop started");

	list_set_count(&ui->lists[V_TASK], l.n > (size_t)(rows - 1) ? l.n - (size_t)(rows - 1) + 1 : 1);
	for (i = ui->lists[V_TASK].sel, y = y0 + 1; i < l.n && y < y0 + rows; i++, y++)
		draw_str(stdscr, y, 1, cols - 2, buf_str(&l.text[i]), ui_attr(ui, l.el[i]), ui->san);
	for (i = 0; i < l.n; i++)
		buf_free(&l.text[i]);
	free(l.text);
	free(l.el);
	buf_free(&b);
}
