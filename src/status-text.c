/* Snapshot to text. */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sanitize.h"
#include "status-text.h"
#include "timefmt.h"

#define LABEL_W 10

static void label(struct buf *out, const char *name);
static void count_or_unknown(struct buf *out, long long n);
static void text_queue(struct buf *out, const struct snapshot *s, unsigned san);
static void text_census(struct buf *out, const struct census_result *c, unsigned san);
static void text_daily(struct buf *out, const struct snapshot *s);
static void text_redis(struct buf *out, const struct redis_health *h, unsigned san);
static void text_alerts(struct buf *out, const struct snapshot *s, unsigned san);
static void cell(struct buf *out, const char *text, int width);
static void ascii_separators(struct buf *out, size_t start);

static void
label(struct buf *out, const char *name)
{
	buf_printf(out, "%-*s", LABEL_W, name);
}

static void
count_or_unknown(struct buf *out, long long n)
{
	if (n == NUM_UNKNOWN)
		buf_addc(out, '?');
	else
		fmt_count(out, n);
}

/* Appends text right-aligned in width columns. */
static void
cell(struct buf *out, const char *text, int width)
{
	int w;

	for (w = sanitize_width(text); w < width; w++)
		buf_addc(out, ' ');
	buf_adds(out, text);
}

static void
text_queue(struct buf *out, const struct snapshot *s, unsigned san)
{
	const struct queue_state *q = &s->queue;
	size_t i;
	int k;

	label(out, "Queue");
	buf_adds(out, "FIFO ");
	if (q->queue_wrong_type != NULL) {
		sanitize_append(out, q->queue_wrong_type, strlen(q->queue_wrong_type), 20, san);
		buf_adds(out, " (not a list)");
	} else
		count_or_unknown(out, q->depth);
	if (q->oldest_age_ms >= 0) {
		buf_adds(out, " · oldest ");
		fmt_duration(out, q->oldest_age_ms);
	}
	buf_adds(out, " · priority ");
	if (q->priority_wrong_type != NULL) {
		sanitize_append(out, q->priority_wrong_type, strlen(q->priority_wrong_type), 20, san);
		buf_adds(out, " (not a sorted set)");
	} else
		count_or_unknown(out, q->priority_depth);
	buf_addc(out, '\n');
	if (q->priority_depth != NUM_UNKNOWN && q->priority_depth > 0) {
		label(out, "");
		buf_adds(out, "by score");
		for (k = 0; k < PRIORITY_BUCKETS; k++) {
			buf_printf(out, " %d:", k);
			count_or_unknown(out, q->by_score[k]);
		}
		buf_addc(out, '\n');
		label(out, "");
		buf_adds(out, "next    ");
		for (i = 0; i < q->ntop; i++) {
			buf_adds(out, i == 0 ? " " : " · ");
			sanitize_append(out, q->top[i].id, q->top[i].len, 40, san);
			buf_printf(out, " (%g)", q->top[i].score);
		}
		buf_addc(out, '\n');
	}
}

static void
text_census(struct buf *out, const struct census_result *c, unsigned san)
{
	struct strcount_entry **users;
	size_t i;
	int st;

	label(out, "Tasks");
	if (c == NULL) {
		buf_adds(out, "census not run\n");
		return;
	}
	fmt_count(out, c->tasks);
	buf_adds(out, " hashes:");
	for (st = 0; st < TS_COUNT; st++) {
		buf_printf(out, "%s %s ", st == 0 ? "" : " ·", census_status_name((enum task_status)st));
		fmt_count(out, c->by_status[st]);
		if (st == TS_PROCESSING && c->stuck > 0) {
			buf_adds(out, " (stuck ");
			fmt_count(out, c->stuck);
			buf_addc(out, ')');
		}
	}
	buf_addc(out, '\n');
	label(out, "Sessions");
	fmt_count(out, c->sessions);
	buf_adds(out, " · users ");
	fmt_count(out, (long long)c->users.n);
	buf_adds(out, " · idle ");
	fmt_count(out, c->idle);
	buf_adds(out, " · malformed ");
	fmt_count(out, c->malformed);
	buf_addc(out, '\n');
	if (c->users.n == 0)
		return;
	label(out, "");
	buf_adds(out, "top users");
	users = strcount_sorted(&c->users);
	for (i = 0; i < c->users.n && i < 5; i++) {
		buf_adds(out, i == 0 ? " " : " · ");
		sanitize_append(out, users[i]->s, users[i]->len, 40, san);
		buf_adds(out, " (");
		fmt_count(out, users[i]->count);
		buf_addc(out, ')');
	}
	free(users);
	buf_addc(out, '\n');
}

static void
text_daily(struct buf *out, const struct snapshot *s)
{
	struct buf c = BUF_INIT;
	size_t i;

	if (s->ndays == 0)
		return;
	label(out, "Daily");
	buf_adds(out, "date (UTC)    completed     failed   avg time\n");
	for (i = 0; i < s->ndays; i++) {
		const struct daily_stat *d = &s->days[i];

		label(out, "");
		buf_adds(out, d->date);
		buf_clear(&c);
		if (d->completed == NUM_UNKNOWN)
			buf_addc(&c, '-');
		else
			fmt_count(&c, d->completed);
		cell(out, buf_str(&c), 13);
		buf_clear(&c);
		if (d->failed == NUM_UNKNOWN)
			buf_addc(&c, '-');
		else
			fmt_count(&c, d->failed);
		cell(out, buf_str(&c), 11);
		buf_clear(&c);
		if (isnan(d->avg_ms))
			buf_addc(&c, '-');
		else
			fmt_duration(&c, (int64_t)llround(d->avg_ms));
		cell(out, buf_str(&c), 11);
		buf_addc(out, '\n');
	}
	buf_free(&c);
}

static void
text_redis(struct buf *out, const struct redis_health *h, unsigned san)
{
	label(out, "Redis");
	if (!h->available) {
		buf_adds(out, "INFO unavailable (renamed or forbidden by an ACL)\n");
		return;
	}
	buf_adds(out, "memory ");
	if (h->used_memory != NUM_UNKNOWN)
		fmt_bytes(out, (unsigned long long)h->used_memory);
	else
		buf_addc(out, '?');
	if (h->maxmemory > 0) {
		buf_adds(out, " of ");
		fmt_bytes(out, (unsigned long long)h->maxmemory);
		if (h->used_memory != NUM_UNKNOWN)
			buf_printf(out, " (%.0f%%)", 100.0 * (double)h->used_memory / (double)h->maxmemory);
	} else
		buf_adds(out, " (no maxmemory)");
	buf_adds(out, " · policy ");
	sanitize_append(out, h->policy, strlen(h->policy), 30, san);
	buf_adds(out, " · clients ");
	count_or_unknown(out, h->connected);
	buf_adds(out, " (");
	count_or_unknown(out, h->blocked);
	buf_adds(out, " blocked)\n");
	label(out, "");
	count_or_unknown(out, h->ops_per_sec);
	buf_adds(out, " ops/s · hit rate ");
	if (isnan(h->hit_rate))
		buf_adds(out, "-");
	else
		buf_printf(out, "%.1f%%", h->hit_rate * 100);
	buf_adds(out, " · evicted ");
	count_or_unknown(out, h->evicted);
	buf_adds(out, " · keys ");
	count_or_unknown(out, h->keys);
	buf_printf(out, " · last save %s · AOF %s\n",
	    h->last_bgsave_ok < 0 ? "?" : h->last_bgsave_ok ? "ok" : "FAILED",
	    h->aof_enabled < 0 ? "?" : h->aof_enabled ? "on" : "off");
}

static void
text_alerts(struct buf *out, const struct snapshot *s, unsigned san)
{
	size_t i;

	label(out, "Alerts");
	if (s->nalerts == 0) {
		buf_adds(out, "none\n");
		return;
	}
	for (i = 0; i < s->nalerts; i++) {
		const struct alert *a = &s->alerts[i];

		if (i > 0)
			label(out, "");
		buf_adds(out, a->sev == SEV_CRITICAL ? "CRITICAL  " : "WARNING   ");
		sanitize_append(out, a->message, strlen(a->message), 0, san);
		buf_addc(out, '\n');
	}
}

/* The report's own separators are U+00B7; a terminal that cannot show
 * UTF-8 gets '-' (data is already pure ASCII in that mode). */
static void
ascii_separators(struct buf *out, size_t start)
{
	size_t r, w;

	for (r = w = start; r < out->len; r++, w++) {
		if (out->data[r] == '\xc2' && r + 1 < out->len && out->data[r + 1] == '\xb7') {
			out->data[w] = '-';
			r++;
		} else
			out->data[w] = out->data[r];
	}
	buf_truncate(out, w);
}

void
status_text(struct buf *out, const struct snapshot *s, const char *endpoint, unsigned san)
{
	const struct redis_health *h = &s->redis;
	size_t start = out->len;

	buf_adds(out, "ocrtop status · ");
	sanitize_append(out, endpoint, strlen(endpoint), 0, san);
	if (h->available) {
		buf_adds(out, " · Redis ");
		sanitize_append(out, h->version, strlen(h->version), 20, san);
		buf_addc(out, ' ');
		sanitize_append(out, h->role, strlen(h->role), 12, san);
		if (h->uptime_s != NUM_UNKNOWN) {
			buf_adds(out, " · up ");
			fmt_duration(out, h->uptime_s * 1000);
		}
	}
	buf_adds(out, " · ");
	fmt_local_time(out, s->taken_ms);
	buf_adds(out, "\n\n");
	text_queue(out, s, san);
	text_census(out, s->census, san);
	label(out, "Counters");
	buf_adds(out, "total ");
	count_or_unknown(out, s->counters[CNT_TOTAL]);
	buf_adds(out, " · completed ");
	count_or_unknown(out, s->counters[CNT_COMPLETED]);
	buf_adds(out, " · failed ");
	count_or_unknown(out, s->counters[CNT_FAILED]);
	buf_addc(out, '\n');
	text_daily(out, s);
	text_redis(out, h, san);
	text_alerts(out, s, san);
	if (san & SAN_ASCII)
		ascii_separators(out, start);
}

int
status_check_line(struct buf *out, const struct snapshot *s, unsigned san)
{
	static const char *const names[] = { "OK", "WARNING", "CRITICAL" };
	const struct census_result *c = s->census;
	int worst = snapshot_worst(s);
	size_t i;

	buf_printf(out, "OCRTOP %s - ", names[worst]);
	for (i = 0; i < s->nalerts; i++) {
		sanitize_append(out, s->alerts[i].message, strlen(s->alerts[i].message), 0, san);
		buf_adds(out, "; ");
	}
	buf_adds(out, "queue ");
	count_or_unknown(out, s->queue.depth);
	buf_adds(out, ", priority ");
	count_or_unknown(out, s->queue.priority_depth);
	if (c != NULL) {
		buf_adds(out, ", processing ");
		fmt_count(out, c->by_status[TS_PROCESSING]);
		buf_adds(out, ", failed ");
		fmt_count(out, c->by_status[TS_FAILED]);
	}
	buf_printf(out, " | queue=%lld priority=%lld", s->queue.depth == NUM_UNKNOWN ? 0 : s->queue.depth,
	    s->queue.priority_depth == NUM_UNKNOWN ? 0 : s->queue.priority_depth);
	if (s->queue.oldest_age_ms >= 0)
		buf_printf(out, " oldest=%.3fs", (double)s->queue.oldest_age_ms / 1000.0);
	if (c != NULL)
		buf_printf(out, " processing=%lld stuck=%lld failed=%lld sessions=%lld",
		    c->by_status[TS_PROCESSING], c->stuck, c->by_status[TS_FAILED], c->sessions);
	buf_addc(out, '\n');
	return worst;
}
