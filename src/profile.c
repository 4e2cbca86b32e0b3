/* The config file. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "buf.h"
#include "paths.h"
#include "profile.h"
#include "timefmt.h"
#include "xmalloc.h"

static const struct {
	const char	*name;
	short		 color;
} colors[] = {			/* curses' COLOR_* numbers */
	{ "black", 0 }, { "red", 1 }, { "green", 2 }, { "yellow", 3 },
	{ "blue", 4 }, { "magenta", 5 }, { "cyan", 6 }, { "white", 7 },
};

static int set(struct profile *p, const char *key, const char *val, char **err);
static char *trim(char *s);
static int yes_no(const char *v);

short
profile_color(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof colors / sizeof colors[0]; i++)
		if (strcasecmp(name, colors[i].name) == 0)
			return colors[i].color;
	return -1;
}

static char *
trim(char *s)
{
	char *end;

	while (isspace((unsigned char)*s))
		s++;
	end = s + strlen(s);
	while (end > s && isspace((unsigned char)end[-1]))
		*--end = '\0';
	if (end - s >= 2 && (*s == '"' || *s == '\'') && end[-1] == *s) {
		end[-1] = '\0';
		s++;
	}
	return s;
}

static int
yes_no(const char *v)
{
	if (strcasecmp(v, "yes") == 0 || strcasecmp(v, "true") == 0 || strcmp(v, "1") == 0 ||
	    strcasecmp(v, "on") == 0)
		return 1;
	if (strcasecmp(v, "no") == 0 || strcasecmp(v, "false") == 0 || strcmp(v, "0") == 0 ||
	    strcasecmp(v, "off") == 0)
		return 0;
	return -1;
}

/* One "key = value"; *err says what is wrong with it. */
static int
set(struct profile *p, const char *key, const char *val, char **err)
{
	char **str = NULL;

	if (strcmp(key, "url") == 0)
		str = &p->url;
	else if (strcmp(key, "env_file") == 0)
		str = &p->env_file;
	else if (strcmp(key, "namespace") == 0)
		str = &p->ns;
	else if (strcmp(key, "theme") == 0)
		str = &p->theme;
	else if (strcmp(key, "header") == 0) {
		if (profile_color(val) < 0) {
			*err = xasprintf("header: '%s' is not a colour (black, red, green, yellow, blue, magenta, cyan, "
			    "white)", val);
			return -1;
		}
		str = &p->header;
	} else if (strcmp(key, "read_only") == 0) {
		if ((p->read_only = yes_no(val)) < 0) {
			*err = xasprintf("read_only: '%s' is not yes or no", val);
			return -1;
		}
		return 0;
	} else if (strcmp(key, "interval") == 0 || strcmp(key, "timeout") == 0) {
		int64_t *ms = key[0] == 'i' ? &p->interval_ms : &p->timeout_ms;

		if (duration_parse(val, 1000, ms) < 0 || *ms < 100 || *ms > 3600000) {
			*err = xasprintf("%s: '%s' is not a duration from 0.1s to 1h", key, val);
			return -1;
		}
		return 0;
	} else {
		*err = xasprintf("unknown setting '%s' (url, env_file, namespace, read_only, interval, timeout, "
		    "theme, header)", key);
		return -1;
	}
	if (*val == '\0') {
		*err = xasprintf("%s: empty", key);
		return -1;
	}
	free(*str);
	*str = xstrdup(val);
	return 0;
}

int
profile_load(struct profile *p, const char *name, char **cause)
{
	const char *env = getenv("OCRTOP_CONFIG");
	struct buf sections = BUF_INIT;
	char line[4096], *err = NULL;
	FILE *f;
	int lineno = 0, in = 1, found = 0, rc = 0;
	struct stat st;

	memset(p, 0, sizeof *p);
	p->read_only = -1;
	p->name = name != NULL ? xstrdup(name) : NULL;
	p->path = env != NULL && *env != '\0' ? xstrdup(env) : paths_config_file("config");
	if (p->path == NULL || (f = fopen(p->path, "r")) == NULL) {
		if (p->path != NULL && errno != ENOENT) {
			*cause = xasprintf("cannot read %s: %s", p->path, strerror(errno));
			return -1;
		}
		if (name != NULL) {
			*cause = xasprintf("no profile '%s': there is no config file (%s)", name,
			    p->path != NULL ? p->path : "no home directory");
			return -1;
		}
		free(p->path);
		p->path = NULL;
		return 0;
	}
	while (fgets(line, sizeof line, f) != NULL) {
		char *s = line, *eq, *hash;

		lineno++;
		for (hash = s; (hash = strchr(hash, '#')) != NULL; hash++)
			if (hash == s || isspace((unsigned char)hash[-1])) {
				*hash = '\0';
				break;
			}
		s = trim(s);
		if (*s == '\0')
			continue;
		if (*s == '[') {
			char *end = strchr(s, ']');

			if (end == NULL || end[1] != '\0' || end == s + 1) {
				err = xstrdup("a section is [name]");
				break;
			}
			*end = '\0';
			buf_printf(&sections, "%s%s", sections.len > 0 ? ", " : "", s + 1);
			in = name != NULL && strcmp(s + 1, name) == 0;
			found |= in;
			continue;
		}
		if ((eq = strchr(s, '=')) == NULL) {
			err = xstrdup("expected key = value");
			break;
		}
		*eq = '\0';
		if (in && set(p, trim(s), trim(eq + 1), &err) < 0)
			break;
	}
	if (err == NULL && ferror(f))
		err = xstrdup(strerror(errno));
	if (err == NULL && fstat(fileno(f), &st) == 0 && (st.st_mode & 077) != 0 && p->url != NULL &&
	    strchr(p->url, '@') != NULL)
		fprintf(stderr, "ocrtop: warning: %s holds a password and others may read it (chmod 600 it)\n", p->path);
	fclose(f);
	if (err != NULL) {
		*cause = xasprintf("%s:%d: %s", p->path, lineno, err);
		free(err);
		rc = -1;
	} else if (name != NULL && !found) {
		*cause = xasprintf("no profile '%s' in %s (%s)", name, p->path,
		    sections.len > 0 ? buf_str(&sections) : "it has none");
		rc = -1;
	}
	buf_free(&sections);
	return rc;
}

void
profile_free(struct profile *p)
{
	free(p->name);
	free(p->path);
	free(p->url);
	free(p->env_file);
	free(p->ns);
	free(p->theme);
	free(p->header);
	memset(p, 0, sizeof *p);
	p->read_only = -1;
}
