/* Redis endpoint URLs and their resolution. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "endpoint.h"
#include "xmalloc.h"

static char *percent_decode(const char *s, size_t len);
static int parse_uint(const char *s, size_t len, long max, long *out);
static int parse_query(const char *q, int *db, char **cause);
static int password_span(const char *url, size_t *off, size_t *len);

static char *
percent_decode(const char *s, size_t len)
{
	struct buf b = BUF_INIT;
	size_t i;

	for (i = 0; i < len; i++) {
		if (s[i] == '%' && i + 2 < len && isxdigit((unsigned char)s[i + 1]) &&
		    isxdigit((unsigned char)s[i + 2])) {
			char hex[3] = { s[i + 1], s[i + 2], '\0' };

			buf_addc(&b, (char)strtol(hex, NULL, 16));
			i += 2;
		} else
			buf_addc(&b, s[i]);
	}
	return buf_detach(&b);
}

static int
parse_uint(const char *s, size_t len, long max, long *out)
{
	long v = 0;
	size_t i;

	if (len == 0 || len > 9)
		return -1;
	for (i = 0; i < len; i++) {
		if (!isdigit((unsigned char)s[i]))
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	if (v > max)
		return -1;
	*out = v;
	return 0;
}

static int
parse_query(const char *q, int *db, char **cause)
{
	while (*q != '\0') {
		size_t n = strcspn(q, "&");
		long v;

		if (n > 3 && strncmp(q, "db=", 3) == 0 && parse_uint(q + 3, n - 3, 1L << 30, &v) == 0)
			*db = (int)v;
		else {
			char *param = xstrndup(q, strcspn(q, "=&"));

			*cause = xasprintf("URL parameter '%s' is not supported (only db=N)", param);
			free(param);
			return -1;
		}
		q += n;
		if (*q == '&')
			q++;
	}
	return 0;
}

int
endpoint_parse_url(struct endpoint *ep, const char *url, char **cause)
{
	const char *rest, *at, *hp, *end, *slash, *query;
	char *masked;
	long v;

	memset(ep, 0, sizeof *ep);
	if (strncasecmp(url, "rediss://", 9) == 0) {
		*cause = xstrdup("TLS (rediss://) is not supported yet: reach Redis through a TLS "
		    "tunnel (stunnel, spiped) and use redis://, or a unix:// socket");
		return -1;
	}
	if (strncasecmp(url, "unix://", 7) == 0) {
		rest = url + 7;
		ep->kind = ENDPOINT_UNIX;
		if (*rest != '/' && (at = strchr(rest, '@')) != NULL && at[1] == '/') {
			const char *colon = memchr(rest, ':', (size_t)(at - rest));

			if (colon != NULL) {
				ep->user = percent_decode(rest, (size_t)(colon - rest));
				ep->password = percent_decode(colon + 1, (size_t)(at - colon - 1));
			} else
				ep->user = percent_decode(rest, (size_t)(at - rest));
			rest = at + 1;
		}
		query = strchr(rest, '?');
		end = query != NULL ? query : rest + strlen(rest);
		if (*rest != '/' || end == rest + 1) {
			*cause = xstrdup("a unix:// URL needs an absolute socket path: unix:///path/to/redis.sock");
			goto fail;
		}
		ep->path = xstrndup(rest, (size_t)(end - rest));
		if (query != NULL && parse_query(query + 1, &ep->db, cause) < 0)
			goto fail;
		goto done;
	}
	if (strncasecmp(url, "redis://", 8) != 0) {
		masked = endpoint_mask_url(url);
		*cause = xasprintf("'%s' is not a Redis URL: expected redis://[[user]:password@]host[:port][/db] "
		    "or unix:///path/to/redis.sock", masked);
		free(masked);
		return -1;
	}
	ep->kind = ENDPOINT_TCP;
	rest = url + 8;
	at = strrchr(rest, '@');
	if (at != NULL) {
		const char *colon = memchr(rest, ':', (size_t)(at - rest));

		if (colon != NULL) {
			if (colon > rest)
				ep->user = percent_decode(rest, (size_t)(colon - rest));
			ep->password = percent_decode(colon + 1, (size_t)(at - colon - 1));
		} else if (at > rest)
			ep->user = percent_decode(rest, (size_t)(at - rest));
		hp = at + 1;
	} else
		hp = rest;
	query = strchr(hp, '?');
	end = query != NULL ? query : hp + strlen(hp);
	slash = memchr(hp, '/', (size_t)(end - hp));
	if (slash != NULL) {
		if (end > slash + 1) {
			if (parse_uint(slash + 1, (size_t)(end - slash - 1), 1L << 30, &v) < 0) {
				*cause = xstrdup("the database in a redis:// URL must be a number: redis://host:port/0");
				goto fail;
			}
			ep->db = (int)v;
		}
		end = slash;
	}
	ep->port = 6379;
	if (hp < end && *hp == '[') {
		const char *close = memchr(hp, ']', (size_t)(end - hp));

		if (close == NULL) {
			*cause = xstrdup("unterminated [IPv6 address] in the Redis URL");
			goto fail;
		}
		ep->host = xstrndup(hp + 1, (size_t)(close - hp - 1));
		hp = close + 1;
		if (hp < end && *hp != ':') {
			*cause = xstrdup("expected ':port' after the [IPv6 address] in the Redis URL");
			goto fail;
		}
	} else {
		const char *colon = memchr(hp, ':', (size_t)(end - hp));
		const char *hend = colon != NULL ? colon : end;

		ep->host = hend > hp ? xstrndup(hp, (size_t)(hend - hp)) : xstrdup("127.0.0.1");
		hp = hend;
	}
	if (hp < end && *hp == ':') {
		if (parse_uint(hp + 1, (size_t)(end - hp - 1), 65535, &v) < 0 || v == 0) {
			*cause = xstrdup("the port in the Redis URL must be a number from 1 to 65535");
			goto fail;
		}
		ep->port = (int)v;
	}
	if (query != NULL && parse_query(query + 1, &ep->db, cause) < 0)
		goto fail;
done:
	if (ep->password != NULL && ep->password[0] == '\0') {
		free(ep->password);
		ep->password = NULL;
	}
	if (ep->user != NULL && ep->user[0] == '\0') {
		free(ep->user);
		ep->user = NULL;
	}
	return 0;
fail:
	endpoint_free(ep);
	return -1;
}

int
endpoint_resolve(struct endpoint *ep, const char *url, endpoint_lookup_fn lookup, void *arg, char **cause)
{
	const char *v;
	long n;

	if (url == NULL || *url == '\0')
		url = lookup(arg, "REDIS_URL");
	if (url != NULL && *url != '\0') {
		if (endpoint_parse_url(ep, url, cause) < 0)
			return -1;
	} else {
		memset(ep, 0, sizeof *ep);
		v = lookup(arg, "REDIS_HOST");
		if (v != NULL && v[0] == '/') {
			ep->kind = ENDPOINT_UNIX;
			ep->path = xstrdup(v);
		} else {
			ep->kind = ENDPOINT_TCP;
			ep->host = xstrdup(v != NULL && *v != '\0' ? v : "127.0.0.1");
			ep->port = 6379;
			v = lookup(arg, "REDIS_PORT");
			if (v != NULL && *v != '\0') {
				if (parse_uint(v, strlen(v), 65535, &n) < 0 || n == 0) {
					*cause = xstrdup("REDIS_PORT must be a number from 1 to 65535");
					endpoint_free(ep);
					return -1;
				}
				ep->port = (int)n;
			}
		}
		v = lookup(arg, "REDIS_DB");
		if (v != NULL && *v != '\0') {
			if (parse_uint(v, strlen(v), 1L << 30, &n) < 0) {
				*cause = xstrdup("REDIS_DB must be a database number (0, 1, ...)");
				endpoint_free(ep);
				return -1;
			}
			ep->db = (int)n;
		}
	}
	if (ep->password == NULL) {
		v = lookup(arg, "REDIS_PASSWORD");
		if (v != NULL && *v != '\0') {
			ep->password = xstrdup(v);
			if (ep->user == NULL) {
				v = lookup(arg, "REDIS_USERNAME");
				if (v != NULL && *v != '\0')
					ep->user = xstrdup(v);
			}
		}
	}
	return 0;
}

char *
endpoint_describe(const struct endpoint *ep)
{
	struct buf b = BUF_INIT;

	if (ep->kind == ENDPOINT_UNIX) {
		buf_printf(&b, "unix://%s%s%s", ep->user != NULL ? ep->user : "",
		    ep->user != NULL ? "@" : "", ep->path);
		if (ep->db != 0)
			buf_printf(&b, "?db=%d", ep->db);
		return buf_detach(&b);
	}
	buf_adds(&b, "redis://");
	if (ep->user != NULL)
		buf_printf(&b, "%s@", ep->user);
	if (strchr(ep->host, ':') != NULL)
		buf_printf(&b, "[%s]", ep->host);
	else
		buf_adds(&b, ep->host);
	buf_printf(&b, ":%d/%d", ep->port, ep->db);
	return buf_detach(&b);
}

/* Finds the password in a URL: the part of the userinfo after its first
 * ':', up to the last '@'. */
static int
password_span(const char *url, size_t *off, size_t *len)
{
	const char *rest = strstr(url, "://"), *at, *colon;

	rest = rest != NULL ? rest + 3 : url;
	at = strrchr(rest, '@');
	if (at == NULL)
		return 0;
	colon = memchr(rest, ':', (size_t)(at - rest));
	if (colon == NULL || at == colon + 1)
		return 0;
	*off = (size_t)(colon + 1 - url);
	*len = (size_t)(at - colon - 1);
	return 1;
}

char *
endpoint_mask_url(const char *url)
{
	size_t off, len;
	struct buf b = BUF_INIT;

	if (!password_span(url, &off, &len))
		return xstrdup(url);
	buf_add(&b, url, off);
	buf_adds(&b, "***");
	buf_adds(&b, url + off + len);
	return buf_detach(&b);
}

int
endpoint_wipe_url_password(char *url)
{
	size_t off, len, mask, total;

	if (!password_span(url, &off, &len))
		return 0;
	total = strlen(url);
	mask = len < 3 ? len : 3;
	memset(url + off, '*', mask);
	memmove(url + off + mask, url + off + len, total - off - len + 1);
	memset(url + total - (len - mask), '\0', len - mask);
	return 1;
}

void
endpoint_copy(struct endpoint *dst, const struct endpoint *src)
{
	*dst = *src;
	dst->host = src->host != NULL ? xstrdup(src->host) : NULL;
	dst->path = src->path != NULL ? xstrdup(src->path) : NULL;
	dst->user = src->user != NULL ? xstrdup(src->user) : NULL;
	dst->password = src->password != NULL ? xstrdup(src->password) : NULL;
}

void
endpoint_free(struct endpoint *ep)
{
	if (ep->password != NULL) {
		explicit_bzero(ep->password, strlen(ep->password));
		free(ep->password);
	}
	free(ep->host);
	free(ep->path);
	free(ep->user);
	memset(ep, 0, sizeof *ep);
}
