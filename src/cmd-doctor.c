/* `ocrtop doctor`: checks what ocrtop and the platform depend on, and
 * says for each what to fix: the config file, the connection and the
 * login, the ACL permissions of each action, Redis settings that endanger
 * the queue (eviction, persistence, memory, role, version), tesseract's
 * data for the language, OMP_THREAD_LIMIT, and the terminal. */
#include "config.h"

#include <langinfo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <curses.h>
#include <jansson.h>
#include <term.h>

#include "buf.h"
#include "cmd.h"
#include "info.h"
#include "json-out.h"
#include "ocr.h"
#include "sanitize.h"
#include "timefmt.h"
#include "xmalloc.h"

enum level {
	L_OK,
	L_INFO,
	L_WARN,
	L_FAIL
};

enum {
	OPT_JSON = 1,
	OPT_LANG
};

struct finding {
	enum level	 level;
	char		*name;
	char		*what;
	char		*fix;		/* NULL when nothing to do */
};

struct doctor {
	struct finding	*f;
	size_t		 n;
	int		 json;
	const char	*lang;
};

/* What each action needs Redis to allow, for ACL DRYRUN. A leading ~
 * stands for the namespace. */
static const struct {
	const char	*action;
	const char	*argv[8];
} needs[] = {
	{ "dashboard", { "SCAN", "0", "MATCH", "~:*", NULL } },
	{ "dashboard", { "PSUBSCRIBE", "~:notifications*", NULL } },
	{ "dashboard", { "XREVRANGE", "~:audit", "+", "-", NULL } },
	{ "actions", { "EVALSHA", "0000000000000000000000000000000000000000", "2", "~:task:data:x", "~:task:queue",
	    NULL } },
	{ "actions", { "PUBLISH", "~:notifications", "x", NULL } },
	{ "actions", { "XADD", "~:audit", "*", "a", "b", NULL } },
	{ "logout-all", { "MGET", "~:session:x", NULL } },
	{ "logout-all", { "EVALSHA", "0000000000000000000000000000000000000000", "1", "~:session:x", NULL } },
	{ "worker", { "BLMOVE", "~:task:queue", "~:task:queue", "RIGHT", "LEFT", "1", NULL } },
	{ "worker", { "ZADD", "~:workers", "1", "w", NULL } },
};

static int doctor_exec(struct ctx *ctx, int argc, char **argv);
static int doctor_option(void *state, int id, char *arg, char **cause);
static void add(struct doctor *d, enum level l, const char *name, const char *fix, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
static void check_config(struct doctor *d, const struct ctx *ctx);
static int check_connection(struct doctor *d, struct ctx *ctx, struct conn *c, struct info *info);
static void check_acl(struct doctor *d, struct ctx *ctx, struct conn *c);
static void check_probes(struct doctor *d, struct ctx *ctx, struct conn *c);
static void acl_verdict(struct doctor *d, const char *action, const char *user, const struct buf *denied);
static void check_redis(struct doctor *d, const struct info *info);
static void check_ocr(struct doctor *d);
static void check_terminal(struct doctor *d, const struct ctx *ctx);
static int report(struct doctor *d, const struct ctx *ctx, const char *endpoint);

static const struct opt doctor_options[] = {
	{ "lang", 0, OPT_LANG, OPT_ARG, "LANG", "the tesseract language(s) to check (eng)" },
	{ "json", 0, OPT_JSON, OPT_NOARG, NULL, "print the findings as JSON" },
	{ NULL, 0, 0, 0, NULL, NULL }
};

const struct cmd_entry cmd_doctor_entry = {
	.name = "doctor",
	.usage = "[--lang LANG] [--json]",
	.summary = "check the connection, permissions, Redis settings, tesseract and the terminal; say what to fix",
	.options = doctor_options,
	.exec = doctor_exec,
};

static int
doctor_option(void *state, int id, char *arg, char **cause)
{
	struct doctor *d = state;

	(void)cause;
	if (id == OPT_JSON)
		d->json = 1;
	else
		d->lang = arg;
	return 0;
}

static void
add(struct doctor *d, enum level l, const char *name, const char *fix, const char *fmt, ...)
{
	struct finding *f;
	struct buf b = BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	d->f = xreallocarray(d->f, d->n + 1, sizeof *d->f);
	f = &d->f[d->n++];
	f->level = l;
	f->name = xstrdup(name);
	f->what = buf_detach(&b);
	f->fix = fix != NULL ? xstrdup(fix) : NULL;
}

static void
check_config(struct doctor *d, const struct ctx *ctx)
{
	if (ctx->prof.path == NULL)
		add(d, L_INFO, "config", NULL, "no config file (optional: $XDG_CONFIG_HOME/ocrtop/config)");
	else
		add(d, L_OK, "config", NULL, "%s%s%s", ctx->prof.path, ctx->prof.name != NULL ? ", profile " : "",
		    ctx->prof.name != NULL ? ctx->prof.name : "");
	if (ctx->read_only)
		add(d, L_INFO, "read-only", NULL, "actions refuse: %s", ctx->read_only_why);
}

/* Connects and reads INFO; 0 when Redis can be used. */
static int
check_connection(struct doctor *d, struct ctx *ctx, struct conn *c, struct info *info)
{
	char *cause = NULL;
	int64_t t0 = mono_us();
	redisReply *r;

	if (ctx_connect(ctx, c, "doctor", &cause) < 0) {
		const char *fix = strstr(cause, "WRONGPASS") != NULL || strstr(cause, "NOAUTH") != NULL ||
		    strstr(cause, "password") != NULL ? "set REDIS_PASSWORD (and REDIS_USERNAME for an ACL user) in the "
		    "environment or an env file (--env-file)" : "check the URL (-u, REDIS_URL, REDIS_HOST/PORT, the profile) "
		    "and that redis-server runs and is reachable from here";

		add(d, L_FAIL, "connection", fix, "%s", cause);
		free(cause);
		return -1;
	}
	r = conn_cmd(c, &cause, "INFO");
	if (r == NULL || r->type != REDIS_REPLY_STRING) {
		add(d, L_WARN, "connection", "allow INFO for this ACL user (+info); ocrtop shows less without it",
		    "connected, but INFO is refused: %s", cause != NULL ? cause : r != NULL && r->str != NULL ? r->str : "?");
		freeReplyObject(r);
		free(cause);
		return 0;
	}
	info_parse(info, r->str, r->len);
	freeReplyObject(r);
	add(d, L_OK, "connection", NULL, "%s: Redis %s (%s), %.1f ms", c->desc,
	    info_get(info, "redis_version") != NULL ? info_get(info, "redis_version") : "?",
	    info_get(info, "role") != NULL ? info_get(info, "role") : "?", (double)(mono_us() - t0) / 1000.0);
	return 0;
}

static void
acl_verdict(struct doctor *d, const char *action, const char *user, const struct buf *denied)
{
	if (denied->len > 0)
		add(d, L_FAIL, action, "grant these commands and keys to the ACL user (ACL SETUSER)",
		    "ACL user '%s' may not: %s", user, buf_str(denied));
	else
		add(d, L_OK, action, NULL, "ACL user '%s' may", user);
}

/* ACL DRYRUN answers exactly, when this user may run it. */
static void
check_acl(struct doctor *d, struct ctx *ctx, struct conn *c)
{
	char *cause = NULL, *user;
	redisReply *r = conn_cmd(c, &cause, "ACL WHOAMI");
	size_t i, j;
	const char *last = NULL;
	struct buf denied = BUF_INIT;

	if (r == NULL || r->type != REDIS_REPLY_STRING) {
		freeReplyObject(r);
		free(cause);
		check_probes(d, ctx, c);
		return;
	}
	user = xstrndup(r->str, r->len);
	freeReplyObject(r);
	for (i = 0; i < sizeof needs / sizeof needs[0]; i++) {
		const char *argv[12];
		char *owned[8];
		int argc = 0, k;

		if (last != NULL && strcmp(last, needs[i].action) != 0) {
			acl_verdict(d, last, user, &denied);
			buf_clear(&denied);
		}
		last = needs[i].action;
		argv[argc++] = "ACL";
		argv[argc++] = "DRYRUN";
		argv[argc++] = user;
		for (j = 0; needs[i].argv[j] != NULL; j++) {
			owned[j] = needs[i].argv[j][0] == '~' ? xasprintf("%s%s", ctx->keys.ns, needs[i].argv[j] + 1) : NULL;
			argv[argc++] = owned[j] != NULL ? owned[j] : needs[i].argv[j];
		}
		r = conn_cmdv(c, &cause, argc, argv, NULL);
		if (r == NULL && i == 0) {
			/* DRYRUN itself refused (Redis < 7, or no +acl): probe instead. */
			free(cause);
			for (k = 0; k < (int)j; k++)
				free(owned[k]);
			free(user);
			buf_free(&denied);
			check_probes(d, ctx, c);
			return;
		}
		if ((r == NULL || r->type != REDIS_REPLY_STATUS) && strcmp(argv[3], "EVALSHA") == 0)
			buf_printf(&denied, "%sscripts on %s", denied.len > 0 ? ", " : "", argv[6]);
		else if (r == NULL || r->type != REDIS_REPLY_STATUS)
			buf_printf(&denied, "%s%s %s", denied.len > 0 ? ", " : "", argv[3], argc > 4 ? argv[4] : "");
		freeReplyObject(r);
		free(cause);
		cause = NULL;
		for (k = 0; k < (int)j; k++)
			free(owned[k]);
	}
	acl_verdict(d, last, user, &denied);
	buf_free(&denied);
	free(user);
}

/* Without DRYRUN: try harmless commands. Writes go to a key of ocrtop's
 * own that expires at once, and only when not read-only. */
static void
check_probes(struct doctor *d, struct ctx *ctx, struct conn *c)
{
	char *cause = NULL, *key = xasprintf("%s:ocrtop:doctor:%ld", ctx->keys.ns, (long)getpid()), *pattern;
	redisReply *r;

	pattern = xasprintf("%s:*", ctx->keys.ns);
	r = conn_cmd(c, &cause, "SCAN 0 MATCH %s COUNT 10", pattern);
	if (r == NULL)
		add(d, L_FAIL, "dashboard", "allow SCAN, INFO, MGET, HMGET, PSUBSCRIBE on the namespace", "SCAN refused: %s",
		    cause);
	else
		add(d, L_OK, "dashboard", NULL, "SCAN allowed (ACL DRYRUN unavailable: the rest is checked in use)");
	freeReplyObject(r);
	free(cause);
	cause = NULL;
	if (ctx->read_only) {
		add(d, L_INFO, "actions", NULL, "not checked: read-only");
	} else if ((r = conn_cmd(c, &cause, "EVAL %s 1 %s", "return redis.call('SET', KEYS[1], '1', 'PX', 1000)",
	    key)) == NULL) {
		add(d, L_FAIL, "actions", "allow EVAL/EVALSHA and writes on the namespace's keys",
		    "a script writing %s was refused: %s", key, cause);
		free(cause);
	} else {
		add(d, L_OK, "actions", NULL, "scripts may write the namespace's keys");
		freeReplyObject(conn_cmd(c, &cause, "DEL %s", key));
		free(cause);
	}
	freeReplyObject(r);
	free(pattern);
	free(key);
}

static void
check_redis(struct doctor *d, const struct info *info)
{
	const char *policy = info_get(info, "maxmemory_policy"), *role = info_get(info, "role");
	const char *version = info_get(info, "redis_version"), *bgsave = info_get(info, "rdb_last_bgsave_status");
	long long maxmem = 0, used = 0, evicted = 0, aof = 0, last_save = 0, changes = 0;
	int major = 0, minor = 0;

	if (info->n == 0)
		return;
	if (version != NULL && sscanf(version, "%d.%d", &major, &minor) == 2 && (major < 6 || (major == 6 && minor < 2)))
		add(d, L_FAIL, "version", "upgrade Redis to 6.2 or later", "Redis %s: ocrtop's workers need BLMOVE (6.2)",
		    version);
	else
		add(d, L_OK, "version", NULL, "Redis %s", version != NULL ? version : "?");
	if (role != NULL && strcmp(role, "master") != 0)
		add(d, L_FAIL, "role", "point ocrtop at the primary (Sentinel: SENTINEL get-master-addr-by-name)",
		    "this Redis is a %s: actions and workers fail on it (READONLY)", role);
	if (policy != NULL && strncmp(policy, "allkeys-", 8) == 0)
		add(d, L_FAIL, "eviction", "set maxmemory-policy noeviction (or volatile-lru) in redis.conf, and size maxmemory "
		    "for the queue", "maxmemory-policy %s: under memory pressure Redis deletes queued tasks and their data", policy);
	else if (policy != NULL)
		add(d, L_OK, "eviction", NULL, "maxmemory-policy %s", policy);
	info_get_ll(info, "maxmemory", &maxmem);
	info_get_ll(info, "used_memory", &used);
	if (maxmem == 0)
		add(d, L_WARN, "memory", "set maxmemory below the machine's RAM in redis.conf",
		    "no maxmemory: Redis grows until the kernel's OOM killer stops it");
	else if ((double)used > 0.8 * (double)maxmem)
		add(d, L_WARN, "memory", "raise maxmemory, or drain the queue", "used %lld of %lld bytes (over 80%%)", used,
		    maxmem);
	else
		add(d, L_OK, "memory", NULL, "used %lld of %lld bytes", used, maxmem);
	if (info_get_ll(info, "evicted_keys", &evicted) == 0 && evicted > 0)
		add(d, L_FAIL, "evictions", "find what was lost (ocrtop fsck) and stop evictions (maxmemory, policy)",
		    "%lld keys were evicted since Redis started", evicted);
	info_get_ll(info, "aof_enabled", &aof);
	info_get_ll(info, "rdb_last_save_time", &last_save);
	info_get_ll(info, "rdb_changes_since_last_save", &changes);
	if (bgsave != NULL && strcmp(bgsave, "ok") != 0)
		add(d, L_FAIL, "persistence", "see Redis's log: the disk may be full or not writable",
		    "the last RDB save failed (%s)", bgsave);
	else if (!aof && changes > 0 && now_ms() / 1000 - last_save > 3600)
		add(d, L_WARN, "persistence", "enable appendonly yes (or RDB save points) in redis.conf",
		    "no AOF, and %lld changes not saved for over an hour: a restart loses queued tasks", changes);
	else
		add(d, L_OK, "persistence", NULL, "%s", aof ? "AOF on" : "RDB saves recent");
}

static void
check_ocr(struct doctor *d)
{
	const char *omp = getenv("OMP_THREAD_LIMIT"), *prefix = getenv("TESSDATA_PREFIX");
	char *cause = NULL, *fix;
	struct ocr_engine *e = ocr_engine_new(d->lang, -1, &cause);

	if (e == NULL) {
		fix = xasprintf("install tesseract-ocr-%.*s (Debian), or set TESSDATA_PREFIX to where %s.traineddata is",
		    (int)strcspn(d->lang, "+"), d->lang, d->lang);
		add(d, L_FAIL, "tesseract", fix, "cannot load language '%s'%s%s: %s", d->lang,
		    prefix != NULL ? " from TESSDATA_PREFIX=" : "", prefix != NULL ? prefix : "", cause);
		free(fix);
		free(cause);
	} else {
		add(d, L_OK, "tesseract", NULL, "language '%s' loads", d->lang);
		ocr_engine_free(e);
	}
	if (omp == NULL)
		add(d, L_INFO, "OMP_THREAD_LIMIT", "set OMP_THREAD_LIMIT=1 in services (the unit in contrib/ does)",
		    "unset: workers set it to 1 and restart themselves (OpenMP costs tesseract 2-3x)");
	else if (strcmp(omp, "1") != 0)
		add(d, L_WARN, "OMP_THREAD_LIMIT", "set OMP_THREAD_LIMIT=1; run more worker threads instead",
		    "%s: OpenMP threads in each recognition cost tesseract 2-3x its throughput", omp);
	else
		add(d, L_OK, "OMP_THREAD_LIMIT", NULL, "1");
}

static void
check_terminal(struct doctor *d, const struct ctx *ctx)
{
	const char *term = getenv("TERM");
	struct winsize ws;
	int err = 0, colors;

	if (!isatty(STDOUT_FILENO)) {
		add(d, L_INFO, "terminal", NULL, "not a terminal: the dashboard needs one");
		return;
	}
	if (term == NULL || setupterm(term, STDOUT_FILENO, &err) != OK) {
		add(d, L_FAIL, "terminal", "set TERM to your terminal's type (xterm-256color, screen-256color)",
		    "TERM '%s' is unknown here", term != NULL ? term : "");
		return;
	}
	colors = tigetnum("colors");
	del_curterm(cur_term);
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && (ws.ws_col < 80 || ws.ws_row < 24))
		add(d, L_WARN, "terminal", "make the window at least 80x24", "%dx%d: the dashboard needs 80x24", ws.ws_col,
		    ws.ws_row);
	else
		add(d, L_OK, "terminal", NULL, "%s, %dx%d, %d colours%s", term, ws.ws_col, ws.ws_row, colors < 0 ? 0 : colors,
		    ctx->no_color ? " (NO_COLOR: not used)" : "");
	if (ctx->san != 0)
		add(d, L_WARN, "locale", "use a UTF-8 locale (LANG=C.UTF-8)", "%s: not UTF-8, so text outside ASCII "
		    "shows as escapes and lines are drawn in ASCII", nl_langinfo(CODESET));
}

static int
report(struct doctor *d, const struct ctx *ctx, const char *endpoint)
{
	static const char *const names[] = { "ok", "info", "warn", "FAIL" };
	struct buf out = BUF_INIT, raw = BUF_INIT;
	size_t i, fails = 0, warns = 0;

	for (i = 0; i < d->n; i++) {
		fails += d->f[i].level == L_FAIL;
		warns += d->f[i].level == L_WARN;
	}
	if (d->json) {
		json_t *a = json_array();

		for (i = 0; i < d->n; i++)
			json_array_append_new(a, json_pack("{s:s, s:s, s:o, s:o}", "check", d->f[i].name, "level",
			    names[d->f[i].level], "what", json_bytes(d->f[i].what, strlen(d->f[i].what)), "fix",
			    d->f[i].fix != NULL ? json_string(d->f[i].fix) : json_null()));
		json_print(json_pack("{s:o, s:o, s:I, s:I}", "endpoint", json_bytes(endpoint, strlen(endpoint)), "checks", a,
		    "problems", (json_int_t)fails, "warnings", (json_int_t)warns));
	} else {
		buf_printf(&raw, "ocrtop doctor \xc2\xb7 %s\n", endpoint);
		for (i = 0; i < d->n; i++) {
			buf_printf(&raw, "  %-5s %-17s ", names[d->f[i].level], d->f[i].name);
			sanitize_append(&raw, d->f[i].what, strlen(d->f[i].what), 0, 0);
			buf_addc(&raw, '\n');
			if (d->f[i].fix != NULL && d->f[i].level >= L_WARN)
				buf_printf(&raw, "  %-5s %-17s fix: %s\n", "", "", d->f[i].fix);
		}
		buf_printf(&raw, "%zu problem%s, %zu warning%s\n", fails, fails == 1 ? "" : "s", warns, warns == 1 ? "" : "s");
		sanitize_lines_append(&out, raw.data, raw.len, ctx->san);
		fputs(buf_str(&out), stdout);
	}
	buf_free(&out);
	buf_free(&raw);
	return fails > 0 ? EXIT_ERROR : EXIT_OK;
}

static int
doctor_exec(struct ctx *ctx, int argc, char **argv)
{
	struct doctor d;
	struct info info;
	struct conn c;
	char *cause = NULL, *endpoint;
	int first, rc;
	size_t i;

	memset(&d, 0, sizeof d);
	d.lang = "eng";
	first = cmd_parse(ctx, &cmd_doctor_entry, argc, argv, doctor_option, &d);
	if (first <= 0)
		return first < 0 ? EXIT_USAGE : EXIT_OK;
	if (first < argc) {
		ctx_error(ctx, "doctor takes no operands");
		return EXIT_USAGE;
	}
	if (ctx_resolve(ctx, &cause) < 0) {
		ctx_error(ctx, cause);
		free(cause);
		return EXIT_USAGE;
	}
	memset(&info, 0, sizeof info);
	check_config(&d, ctx);
	if (check_connection(&d, ctx, &c, &info) == 0) {
		check_acl(&d, ctx, &c);
		check_redis(&d, &info);
	}
	check_ocr(&d);
	check_terminal(&d, ctx);
	endpoint = endpoint_describe(&ctx->ep);
	rc = report(&d, ctx, endpoint);
	free(endpoint);
	for (i = 0; i < d.n; i++) {
		free(d.f[i].name);
		free(d.f[i].what);
		free(d.f[i].fix);
	}
	free(d.f);
	info_free(&info);
	conn_free(&c);
	return rc;
}
