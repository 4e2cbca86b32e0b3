/* Themes. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "paths.h"
#include "theme.h"
#include "xmalloc.h"

#define LOADED_MAX 8		/* theme files read by one process */

#define C(fg, bg, a) { (fg), (bg), (a) }

const struct theme theme_default = {
	"default", 1, {
		[EL_NORMAL] = C(-1, -1, A_NORMAL),
		[EL_HEADER] = C(COLOR_BLACK, COLOR_CYAN, A_NORMAL),
		[EL_TAB] = C(-1, -1, A_NORMAL),
		[EL_TAB_ACTIVE] = C(COLOR_BLACK, COLOR_WHITE, A_BOLD),
		[EL_TITLE] = C(COLOR_CYAN, -1, A_BOLD),
		[EL_LABEL] = C(-1, -1, A_DIM),
		[EL_VALUE] = C(-1, -1, A_BOLD),
		[EL_DIM] = C(-1, -1, A_DIM),
		[EL_OK] = C(COLOR_GREEN, -1, A_NORMAL),
		[EL_WARN] = C(COLOR_YELLOW, -1, A_BOLD),
		[EL_CRIT] = C(COLOR_RED, -1, A_BOLD),
		[EL_BAR] = C(COLOR_GREEN, -1, A_NORMAL),
		[EL_BAR_EMPTY] = C(-1, -1, A_DIM),
		[EL_SPARK] = C(COLOR_CYAN, -1, A_NORMAL),
		[EL_SELECTED] = C(COLOR_BLACK, COLOR_CYAN, A_NORMAL),
		[EL_BANNER] = C(COLOR_WHITE, COLOR_RED, A_BOLD),
		[EL_READONLY] = C(COLOR_BLACK, COLOR_YELLOW, A_BOLD),
		[EL_FOOTER] = C(-1, -1, A_NORMAL),
		[EL_KEY] = C(COLOR_CYAN, -1, A_BOLD),
	}
};

const struct theme theme_mono = {
	"mono", 0, {
		[EL_NORMAL] = C(-1, -1, A_NORMAL),
		[EL_HEADER] = C(-1, -1, A_REVERSE),
		[EL_TAB] = C(-1, -1, A_NORMAL),
		[EL_TAB_ACTIVE] = C(-1, -1, A_REVERSE | A_BOLD),
		[EL_TITLE] = C(-1, -1, A_BOLD | A_UNDERLINE),
		[EL_LABEL] = C(-1, -1, A_NORMAL),
		[EL_VALUE] = C(-1, -1, A_BOLD),
		[EL_DIM] = C(-1, -1, A_DIM),
		[EL_OK] = C(-1, -1, A_NORMAL),
		[EL_WARN] = C(-1, -1, A_BOLD),
		[EL_CRIT] = C(-1, -1, A_BOLD | A_REVERSE),
		[EL_BAR] = C(-1, -1, A_NORMAL),
		[EL_BAR_EMPTY] = C(-1, -1, A_DIM),
		[EL_SPARK] = C(-1, -1, A_NORMAL),
		[EL_SELECTED] = C(-1, -1, A_REVERSE),
		[EL_BANNER] = C(-1, -1, A_REVERSE | A_BOLD),
		[EL_READONLY] = C(-1, -1, A_REVERSE | A_BOLD),
		[EL_FOOTER] = C(-1, -1, A_NORMAL),
		[EL_KEY] = C(-1, -1, A_BOLD),
	}
};

const struct theme *
theme_find(const char *name)
{
	if (strcmp(name, theme_default.name) == 0)
		return &theme_default;
	if (strcmp(name, theme_mono.name) == 0)
		return &theme_mono;
	return NULL;
}

const struct theme *
theme_lookup(const char *name, char **cause)
{
	static struct theme loaded[LOADED_MAX];
	static char *names[LOADED_MAX];
	static int nloaded;
	const struct theme *t = theme_find(name);
	char *file, *paths[2];
	int i;

	if (t != NULL)
		return t;
	for (i = 0; i < nloaded; i++)
		if (strcmp(names[i], name) == 0)
			return &loaded[i];
	if (nloaded == LOADED_MAX) {
		*cause = xstrdup("too many theme files");
		return NULL;
	}
	file = xasprintf("themes/%s.theme", name);
	paths[0] = strchr(name, '/') != NULL ? xstrdup(name) : paths_config_file(file);
	paths[1] = strchr(name, '/') != NULL ? NULL : xasprintf("%s/%s", OCRTOP_PKGDATADIR, file);
	free(file);
	for (i = 0; i < 2 && t == NULL; i++) {
		if (paths[i] == NULL || access(paths[i], F_OK) != 0)
			continue;
		if (theme_parse_file(paths[i], &loaded[nloaded], cause) < 0)
			break;
		names[nloaded] = xstrdup(name);
		loaded[nloaded].name = names[nloaded];
		t = &loaded[nloaded++];
	}
	if (t == NULL && i == 2)
		*cause = xasprintf("no theme '%s' (default, mono, or NAME.theme in ~/.config/ocrtop/themes or %s/themes)",
		    name, OCRTOP_PKGDATADIR);
	free(paths[0]);
	free(paths[1]);
	return t;
}

const struct theme *
theme_apply(const struct theme *t)
{
	int i;

	if (!t->color || !has_colors())
		return &theme_mono;
	start_color();
	use_default_colors();
	for (i = 0; i < EL_COUNT; i++)
		init_pair((short)(i + 1), t->el[i].fg, t->el[i].bg);
	return t;
}

attr_t
theme_attr(const struct theme *t, enum element e)
{
	if (!t->color)
		return t->el[e].attr;
	return t->el[e].attr | COLOR_PAIR(e + 1);
}
