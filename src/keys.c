/* Key and channel names. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "keys.h"
#include "xmalloc.h"

static char *with_colon(const char *s);

static char *
with_colon(const char *s)
{
	size_t n = strlen(s);

	return n > 0 && s[n - 1] == ':' ? xstrdup(s) : xasprintf("%s:", s);
}

void
keys_init(struct keys *k, const char *ns, const struct key_overrides *o)
{
	memset(k, 0, sizeof *k);
	k->ns = xstrdup(ns);
	k->queue = o->queue != NULL ? xstrdup(o->queue) : xasprintf("%s:task:queue", ns);
	k->priority = xasprintf("%s:task:priority", ns);
	k->task_prefix = o->task_data != NULL ? with_colon(o->task_data) : xasprintf("%s:task:data:", ns);
	k->session_prefix = o->session != NULL ? with_colon(o->session) : xasprintf("%s:session:", ns);
	k->channel = o->channel != NULL ? xstrdup(o->channel) : xasprintf("%s:notifications", ns);
	k->stats_total = xasprintf("%s:stats:tasks:total", ns);
	k->stats_completed = xasprintf("%s:stats:tasks:completed", ns);
	k->stats_failed = xasprintf("%s:stats:tasks:failed", ns);
	k->stats_pending = xasprintf("%s:stats:tasks:pending", ns);
	k->daily_prefix = xasprintf("%s:stats:daily:", ns);
	k->result_prefix = xasprintf("%s:cache:result:", ns);
	k->leases = xasprintf("%s:task:leases", ns);
	k->claims = xasprintf("%s:task:claims", ns);
	k->failed = xasprintf("%s:task:failed", ns);
	k->orphans = xasprintf("%s:task:orphans", ns);
	k->workers = xasprintf("%s:workers", ns);
	k->worker_prefix = xasprintf("%s:worker:", ns);
	k->audit = xasprintf("%s:audit", ns);
}

void
keys_free(struct keys *k)
{
	char **all[] = {
		&k->ns, &k->queue, &k->priority, &k->task_prefix, &k->session_prefix, &k->channel,
		&k->stats_total, &k->stats_completed, &k->stats_failed, &k->stats_pending,
		&k->daily_prefix, &k->result_prefix, &k->leases, &k->claims, &k->failed,
		&k->orphans, &k->workers, &k->worker_prefix, &k->audit
	};
	size_t i;

	for (i = 0; i < sizeof all / sizeof all[0]; i++)
		free(*all[i]);
	memset(k, 0, sizeof *k);
}

char *
keys_join(const char *prefix, const char *id, size_t idlen)
{
	size_t plen = strlen(prefix);
	char *s = xmalloc(plen + idlen + 1);

	memcpy(s, prefix, plen);
	memcpy(s + plen, id, idlen);
	s[plen + idlen] = '\0';
	return s;
}

void
keys_match_prefix(struct buf *b, const char *prefix, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		if (strchr("*?[]\\", prefix[i]) != NULL)
			buf_addc(b, '\\');
		buf_addc(b, prefix[i]);
	}
	buf_addc(b, '*');
}
