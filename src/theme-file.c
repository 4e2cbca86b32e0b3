/* Theme files: `element = fg bg [bold] [dim] [reverse] [underline]` lines
 * over a built-in base, so a theme says only what it changes.
 *
 *	# solarized-dark.theme
 *	base = default
 *	header = black yellow
 *	title = blue default bold
 *
 * Colours: default, black, red, green, yellow, blue, magenta, cyan, white,
 * bright-NAME, or a number up to 255. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "theme.h"
#include "xmalloc.h"

static const char *const element_names[EL_COUNT] = {
	[EL_NORMAL] = "normal", [EL_HEADER] = "header", [EL_TAB] = "tab", [EL_TAB_ACTIVE] = "tab_active",
	[EL_TITLE] = "title", [EL_LABEL] = "label", [EL_VALUE] = "value", [EL_DIM] = "dim", [EL_OK] = "ok",
	[EL_WARN] = "warn", [EL_CRIT] = "crit", [EL_BAR] = "bar", [EL_BAR_EMPTY] = "bar_empty",
	[EL_SPARK] = "spark", [EL_SELECTED] = "selected", [EL_BANNER] = "banner", [EL_READONLY] = "readonly",
	[EL_FOOTER] = "footer", [EL_KEY] = "key",
};

static const char *const color_names[] = {
	"black", "red", "green", "yellow", "blue", "magenta", "cyan", "white"
};

static int parse_color(const char *w, short *out);
static int parse_line(char *s, struct theme *t, char **err);

static int
parse_color(const char *w, short *out)
{
	int bright = strncmp(w, "bright-", 7) == 0;
	size_t i;
	char *end;
	long n;

	if (strcmp(w, "default") == 0) {
		*out = -1;
		return 0;
	}
	for (i = 0; i < sizeof color_names / sizeof color_names[0]; i++) {
		if (strcmp(w + (bright ? 7 : 0), color_names[i]) == 0) {
			*out = (short)(i + (bright ? 8 : 0));
			return 0;
		}
	}
	n = strtol(w, &end, 10);
	if (*w == '\0' || *end != '\0' || n < 0 || n > 255)
		return -1;
	*out = (short)n;
	return 0;
}

static int
parse_line(char *s, struct theme *t, char **err)
{
	char *eq = strchr(s, '='), *name = s, *w, *save = NULL;
	struct theme_entry e = { -1, -1, A_NORMAL };
	int el, k = 0;

	if (eq == NULL) {
		*err = xstrdup("expected element = fg bg [attributes]");
		return -1;
	}
	*eq = '\0';
	name = strtok_r(name, " \t", &save);
	if (name != NULL && strcmp(name, "base") == 0) {
		const char *which = strtok_r(eq + 1, " \t\r\n", &save);
		const struct theme *base = theme_find(which != NULL ? which : "");

		if (base == NULL) {
			*err = xstrdup("base: default or mono");
			return -1;
		}
		memcpy(t->el, base->el, sizeof t->el);
		t->color = base->color;
		return 0;
	}
	for (el = 0; name != NULL && el < EL_COUNT; el++)
		if (strcmp(name, element_names[el]) == 0)
			break;
	if (name == NULL || el == EL_COUNT) {
		*err = xasprintf("unknown element '%s'", name != NULL ? name : "");
		return -1;
	}
	for (w = strtok_r(eq + 1, " \t\r\n", &save); w != NULL; w = strtok_r(NULL, " \t\r\n", &save), k++) {
		if (k < 2 && parse_color(w, k == 0 ? &e.fg : &e.bg) == 0)
			continue;
		if (strcmp(w, "bold") == 0)
			e.attr |= A_BOLD;
		else if (strcmp(w, "dim") == 0)
			e.attr |= A_DIM;
		else if (strcmp(w, "reverse") == 0)
			e.attr |= A_REVERSE;
		else if (strcmp(w, "underline") == 0)
			e.attr |= A_UNDERLINE;
		else if (strcmp(w, "normal") != 0) {
			*err = xasprintf("'%s' is not a colour or an attribute (bold, dim, reverse, underline)", w);
			return -1;
		}
	}
	t->el[el] = e;
	return 0;
}

int
theme_parse_file(const char *path, struct theme *t, char **cause)
{
	FILE *f = fopen(path, "r");
	char line[512], *err = NULL;
	int lineno = 0;

	if (f == NULL) {
		*cause = xasprintf("cannot read %s: %s", path, strerror(errno));
		return -1;
	}
	*t = theme_default;
	while (err == NULL && fgets(line, sizeof line, f) != NULL) {
		char *s = line, *hash = strchr(line, '#');

		lineno++;
		if (hash != NULL)
			*hash = '\0';
		while (isspace((unsigned char)*s))
			s++;
		if (*s != '\0')
			parse_line(s, t, &err);
	}
	fclose(f);
	if (err != NULL) {
		*cause = xasprintf("%s:%d: %s", path, lineno, err);
		free(err);
		return -1;
	}
	return 0;
}
