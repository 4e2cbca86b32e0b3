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
}

void
keys_free(struct keys *k)
{
	free(k->ns);
	free(k->queue);
	free(k->priority);
	free(k->task_prefix);
	free(k->session_prefix);
	free(k->channel);
	free(k->stats_total);
	free(k->stats_completed);
	free(k->stats_failed);
	free(k->stats_pending);
	free(k->daily_prefix);
	free(k->result_prefix);
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
