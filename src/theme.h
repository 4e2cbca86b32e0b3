/* Colours are data: semantic elements, and one attribute table per theme.
 * The monochrome theme uses only bold, reverse and dim, and is chosen
 * under NO_COLOR, --no-color, or a terminal without colours. */
#ifndef OCRTOP_THEME_H
#define OCRTOP_THEME_H

#include <curses.h>

enum element {
	EL_NORMAL,
	EL_HEADER,
	EL_TAB,
	EL_TAB_ACTIVE,
	EL_TITLE,
	EL_LABEL,
	EL_VALUE,
	EL_DIM,
	EL_OK,
	EL_WARN,
	EL_CRIT,
	EL_BAR,
	EL_BAR_EMPTY,
	EL_SPARK,
	EL_SELECTED,
	EL_BANNER,
	EL_READONLY,
	EL_FOOTER,
	EL_KEY,
	EL_COUNT
};

struct theme_entry {
	short	fg;
	short	bg;
	attr_t	attr;
};

struct theme {
	const char		*name;
	int			 color;
	struct theme_entry	 el[EL_COUNT];
};

extern const struct theme theme_default;
extern const struct theme theme_mono;

/* Returns the built-in theme named name ("default", "mono"), or NULL. */
const struct theme *theme_find(const char *name);
/* Returns a built-in theme, or one read from a theme file: name itself
 * when it holds a '/', else NAME.theme in $XDG_CONFIG_HOME/ocrtop/themes,
 * then in the installed themes. Loaded themes live as long as the
 * process. NULL with *cause. */
const struct theme *theme_lookup(const char *name, char **cause);
/* Reads a theme file over the default theme (theme-file.c). -1 with *cause. */
int theme_parse_file(const char *path, struct theme *t, char **cause);
/* Sets up colour pairs for t (after initscr); returns the theme actually
 * usable (mono when the terminal has no colours). */
const struct theme *theme_apply(const struct theme *t);
/* The attributes of an element. */
attr_t theme_attr(const struct theme *t, enum element e);

#endif
