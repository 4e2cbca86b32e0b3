/* INFO, SLOWLOG and CLIENT LIST for the Redis and Workers screens. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "redis-details.h"
#include "reply.h"
#include "xmalloc.h"

static void parse_slowlog(struct redis_details *d, const redisReply *r);
static const char *field(const char *line, size_t len, const char *name);

static void
parse_slowlog(struct redis_details *d, const redisReply *r)
{
	size_t i, j;

	d->slow = xcalloc(r->elements + 1, sizeof *d->slow);
	for (i = 0; i < r->elements; i++) {
		const redisReply *e = r->element[i];
		struct slowlog_entry *s = &d->slow[d->nslow];
		struct buf b = BUF_INIT;

		if (e->type != REDIS_REPLY_ARRAY || e->elements < 4)
			continue;
		s->id = reply_ll(e->element[0]);
		s->when_ms = e->element[1]->type == REDIS_REPLY_INTEGER ? e->element[1]->integer * 1000 : -1;
		s->duration_us = reply_ll(e->element[2]);
		for (j = 0; e->element[3]->type == REDIS_REPLY_ARRAY && j < e->element[3]->elements; j++) {
			const redisReply *a = e->element[3]->element[j];

			if (j > 0)
				buf_addc(&b, ' ');
			if (a->type == REDIS_REPLY_STRING)
				buf_add(&b, a->str, a->len);
		}
		s->command = buf_detach(&b);
		if (e->elements >= 6 && e->element[5]->type == REDIS_REPLY_STRING && e->element[5]->len > 0)
			s->client = reply_dup(e->element[5], 128, NULL);
		else if (e->elements >= 5)
			s->client = reply_dup(e->element[4], 128, NULL);
		d->nslow++;
	}
}

/* Finds "name=value" in a CLIENT LIST line of len bytes whose spaces were
 * turned into NULs; returns the value or "". */
static const char *
field(const char *line, size_t len, const char *name)
{
	size_t n = strlen(name);
	const char *p;

	for (p = line; p < line + len; p += strlen(p) + 1)
		if (strncmp(p, name, n) == 0 && p[n] == '=')
			return p + n + 1;
	return "";
}

void
redis_details_parse_clients(struct redis_details *d, const char *text, size_t len)
{
	const char *p = text, *end = text + len;
	size_t cap = 0;

	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		size_t n = (eol != NULL ? eol : end) - p;
		struct client_entry *c;
		char *q;

		if (n > 0 && p[n - 1] == '\r')
			n--;
		if (n > 0) {
			if (d->nclients == cap) {
				cap = cap == 0 ? 16 : cap * 2;
				d->clients = xreallocarray(d->clients, cap, sizeof *d->clients);
			}
			c = &d->clients[d->nclients++];
			memset(c, 0, sizeof *c);
			c->line = xstrndup(p, n);
			for (q = c->line; q < c->line + n; q++)
				if (*q == ' ')
					*q = '\0';
			c->id = field(c->line, n, "id");
			c->addr = field(c->line, n, "addr");
			c->name = field(c->line, n, "name");
			c->flags = field(c->line, n, "flags");
			c->cmd = field(c->line, n, "cmd");
			c->db = field(c->line, n, "db");
			c->age = field(c->line, n, "age");
			c->idle = field(c->line, n, "idle");
			c->user = field(c->line, n, "user");
			c->blocked = strchr(c->flags, 'b') != NULL;
		}
		p = eol != NULL ? eol + 1 : end;
	}
}

int
redis_details_is_worker(const struct client_entry *e)
{
	static const char *const popping[] = { "brpop", "blpop", "blmove", "brpoplpush", "bzpopmax",
	    "bzpopmin", "bzmpop", "blmpop", NULL };
	size_t i;

	if (!e->blocked)
		return 0;
	for (i = 0; popping[i] != NULL; i++)
		if (strcmp(e->cmd, popping[i]) == 0)
			return 1;
	return 0;
}

int
redis_details_read(struct conn *c, struct redis_details *d, char **cause)
{
	redisReply *r;

	memset(d, 0, sizeof *d);
	conn_appendf(c, "INFO all");
	conn_appendf(c, "SLOWLOG GET 32");
	conn_appendf(c, "CLIENT LIST");
	if ((r = conn_read(c, cause)) == NULL)
		return -1;
	if (r->type == REDIS_REPLY_STRING) {
		info_parse(&d->info, r->str, r->len);
		d->info_ok = 1;
	}
	freeReplyObject(r);
	if ((r = conn_read(c, cause)) == NULL) {
		redis_details_free(d);
		return -1;
	}
	if (r->type == REDIS_REPLY_ARRAY) {
		parse_slowlog(d, r);
		d->slowlog_ok = 1;
	}
	freeReplyObject(r);
	if ((r = conn_read(c, cause)) == NULL) {
		redis_details_free(d);
		return -1;
	}
	if (r->type == REDIS_REPLY_STRING || r->type == REDIS_REPLY_STATUS) {
		redis_details_parse_clients(d, r->str, r->len);
		d->clients_ok = 1;
	}
	freeReplyObject(r);
	return 0;
}

void
redis_details_free(struct redis_details *d)
{
	size_t i;

	if (d->info_ok)
		info_free(&d->info);
	for (i = 0; i < d->nslow; i++) {
		free(d->slow[i].command);
		free(d->slow[i].client);
	}
	free(d->slow);
	for (i = 0; i < d->nclients; i++)
		free(d->clients[i].line);
	free(d->clients);
	memset(d, 0, sizeof *d);
}
