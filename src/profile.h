/* The config file and its named profiles: $OCRTOP_CONFIG, or
 * $XDG_CONFIG_HOME/ocrtop/config (~/.config/ocrtop/config).
 *
 *	# for every profile
 *	interval = 2s
 *	[prod]
 *	url = redis://10.0.0.5:6379/0
 *	env_file = /etc/ocr/.env.redis
 *	read_only = yes
 *	header = red
 *
 * Settings before the first [section] apply to every run; `ocrtop -p
 * prod` (or OCRTOP_PROFILE) adds the section's over them. Flags and the
 * environment override the file (ctx.c says exactly how). */
#ifndef OCRTOP_PROFILE_H
#define OCRTOP_PROFILE_H

#include <stdint.h>

struct profile {
	char		*name;		/* the profile chosen, or NULL */
	char		*path;		/* the file read, or NULL when there is none */
	char		*url;
	char		*env_file;
	char		*ns;
	char		*theme;
	char		*header;	/* the header's colour: red, green, ... */
	int		 read_only;	/* 1 yes, 0 no, -1 not said */
	int64_t		 interval_ms;	/* 0: not said */
	int64_t		 timeout_ms;
};

/* Reads the file: the top settings, then those of profile name (NULL:
 * none). No file is fine unless a profile is asked for. -1 with *cause
 * ("FILE:LINE: ..."). */
int profile_load(struct profile *p, const char *name, char **cause);
/* The colour number of a header colour name, or -1. */
short profile_color(const char *name);
/* Frees what p holds. */
void profile_free(struct profile *p);

#endif
