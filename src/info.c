/* INFO reply parsing. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "info.h"
#include "xmalloc.h"

static int to_ll(const char *s, size_t len, long long *out);

void
info_parse(struct info *info, const char *text, size_t len)
{
	char *p, *end;
	const char *section = "";
	size_t cap = 0;

	memset(info, 0, sizeof *info);
	info->text = xstrndup(text, len);
	p = info->text;
	end = p + strlen(p);	/* a NUL inside the reply ends it */
	while (p < end) {
		char *eol = strchr(p, '\n'), *colon;

		if (eol == NULL)
			eol = end;
		*eol = '\0';
		if (eol > p && eol[-1] == '\r')
			eol[-1] = '\0';
		if (*p == '#') {
			for (section = p + 1; *section == ' '; section++)
				;
		} else if ((colon = strchr(p, ':')) != NULL) {
			*colon = '\0';
			if (info->n == cap) {
				cap = cap == 0 ? 128 : cap * 2;
				info->fields = xreallocarray(info->fields, cap, sizeof *info->fields);
			}
			info->fields[info->n].section = section;
			info->fields[info->n].name = p;
			info->fields[info->n].value = colon + 1;
			info->n++;
		}
		p = eol + 1;
	}
}

const char *
info_get(const struct info *info, const char *name)
{
	size_t i;

	for (i = 0; i < info->n; i++)
		if (strcmp(info->fields[i].name, name) == 0)
			return info->fields[i].value;
	return NULL;
}

static int
to_ll(const char *s, size_t len, long long *out)
{
	char tmp[32], *end;

	if (len == 0 || len >= sizeof tmp)
		return -1;
	memcpy(tmp, s, len);
	tmp[len] = '\0';
	errno = 0;
	*out = strtoll(tmp, &end, 10);
	return errno != 0 || *end != '\0' ? -1 : 0;
}

int
info_get_ll(const struct info *info, const char *name, long long *out)
{
	const char *v = info_get(info, name);

	return v == NULL ? -1 : to_ll(v, strlen(v), out);
}

int
info_get_double(const struct info *info, const char *name, double *out)
{
	const char *v = info_get(info, name);
	char *end;

	if (v == NULL || *v == '\0')
		return -1;
	errno = 0;
	*out = strtod(v, &end);
	return errno != 0 || *end != '\0' ? -1 : 0;
}

int
info_subfield_ll(const char *value, const char *key, long long *out)
{
	size_t klen = strlen(key);
	const char *p = value;

	while (p != NULL && *p != '\0') {
		size_t n = strcspn(p, ",");

		if (n > klen && strncmp(p, key, klen) == 0 && p[klen] == '=')
			return to_ll(p + klen + 1, n - klen - 1, out);
		p = p[n] == ',' ? p + n + 1 : NULL;
	}
	return -1;
}

void
info_free(struct info *info)
{
	free(info->text);
	free(info->fields);
	memset(info, 0, sizeof *info);
}
