/* Global options and their resolution. */
#include "config.h"

#include <langinfo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "ctx.h"
#include "sanitize.h"
#include "timefmt.h"
#include "xmalloc.h"

enum {
	OPT_URL = 1,
	OPT_ENV_FILE,
	OPT_NAMESPACE,
	OPT_TIMEOUT,
	OPT_NO_COLOR,
	OPT_HELP,
	OPT_VERSION,
	OPT_READ_ONLY,
	OPT_AUDIT_LOG,
	OPT_PROFILE
};

const struct opt ctx_options[] = {
	{ "url", 'u', OPT_URL, OPT_ARG, "URL",
	  "Redis to use: redis://[[user]:password@]host[:port][/db] or unix:///path" },
	{ "profile", 'p', OPT_PROFILE, OPT_ARG, "NAME", "use profile NAME of the config file (also OCRTOP_PROFILE)" },
	{ "env-file", 0, OPT_ENV_FILE, OPT_ARG, "FILE", "read REDIS_* settings from FILE (default ./.env.redis)" },
	{ "namespace", 'n', OPT_NAMESPACE, OPT_ARG, "NS", "key namespace (default ocr)" },
	{ "timeout", 0, OPT_TIMEOUT, OPT_ARG, "DURATION", "connect and command timeout (default 5s)" },
	{ "read-only", 0, OPT_READ_ONLY, OPT_NOARG, NULL, "refuse every change (also OCRTOP_READ_ONLY=1)" },
	{ "audit-log", 0, OPT_AUDIT_LOG, OPT_ARG, "FILE", "the local audit log (default $XDG_STATE_HOME/ocrtop/audit.log)" },
	{ "no-color", 0, OPT_NO_COLOR, OPT_NOARG, NULL, "no colours (also NO_COLOR)" },
	{ "help", 'h', OPT_HELP, OPT_NOARG, NULL, "show help and exit" },
	{ "version", 'V', OPT_VERSION, OPT_NOARG, NULL, "show versions and exit" },
	{ NULL, 0, 0, 0, NULL, NULL }
};

static int env_ms(struct ctx *ctx, const char *name, int *out, char **cause);
static int apply_profile(struct ctx *ctx, char **cause);

void
ctx_init(struct ctx *ctx)
{
	const char *cs;

	memset(ctx, 0, sizeof *ctx);
	ctx->timeout_ms = -1;
	cs = nl_langinfo(CODESET);
	ctx->san = cs != NULL && strcmp(cs, "UTF-8") == 0 ? 0 : SAN_ASCII;
	ctx->no_color = getenv("NO_COLOR") != NULL && getenv("NO_COLOR")[0] != '\0';
	cs = getenv("OCRTOP_READ_ONLY");
	if (cs != NULL && *cs != '\0' && strcmp(cs, "0") != 0)
		ctx_set_read_only(ctx, "OCRTOP_READ_ONLY is set");
	cs = getenv("OCRTOP_PROFILE");
	if (cs != NULL && *cs != '\0')
		ctx->profile_name = xstrdup(cs);
	ctx->prof.read_only = -1;
}

/* The config file sits below flags and the environment: its env_file is
 * used unless --env-file is given; its url unless --url is given or the
 * environment (or that env file) names a Redis; its namespace unless -n
 * (the REDIS_*_PREFIX variables still apply to it); its timeout unless --timeout or REDIS_*_TIMEOUT. read_only only ever
 * adds a refusal. A ./.env.redis found by chance comes last. */
static int
apply_profile(struct ctx *ctx, char **cause)
{
	const struct profile *p = &ctx->prof;
	char *why;

	if (profile_load(&ctx->prof, ctx->profile_name, cause) < 0)
		return -1;
	if (ctx->env_file == NULL && p->env_file != NULL)
		ctx->env_file = xstrdup(p->env_file);
	if (ctx->env_file != NULL && envfile_load(&ctx->env, ctx->env_file, cause) < 0)
		return -1;
	if (ctx->url == NULL && p->url != NULL && ctx_lookup(ctx, "REDIS_URL") == NULL &&
	    ctx_lookup(ctx, "REDIS_HOST") == NULL)
		ctx->url = xstrdup(p->url);
	if (ctx->timeout_ms <= 0 && p->timeout_ms > 0 && ctx_lookup(ctx, "REDIS_CONNECTION_TIMEOUT") == NULL &&
	    ctx_lookup(ctx, "REDIS_COMMAND_TIMEOUT") == NULL)
		ctx->timeout_ms = (int)p->timeout_ms;
	if (p->read_only == 1 && !ctx->read_only) {
		why = p->name != NULL ? xasprintf("profile %s is read-only", p->name) :
		    xasprintf("read_only in %s", p->path);
		ctx_set_read_only(ctx, why);
		free(why);
	}
	return 0;
}

void
ctx_set_read_only(struct ctx *ctx, const char *why)
{
	ctx->read_only = 1;
	free(ctx->read_only_why);
	ctx->read_only_why = xstrdup(why);
}

int
ctx_refuse_if_read_only(struct ctx *ctx, const char *action)
{
	char *msg;

	if (!ctx->read_only)
		return 0;
	msg = xasprintf("%s: refused, read-only (%s)", action, ctx->read_only_why);
	ctx_error(ctx, msg);
	free(msg);
	return EXIT_REFUSED;
}

int
ctx_option(void *arg_ctx, int id, char *arg, char **cause)
{
	struct ctx *ctx = arg_ctx;
	int64_t ms;

	switch (id) {
	case OPT_URL:
		free(ctx->url);
		ctx->url = xstrdup(arg);
		if (endpoint_wipe_url_password(arg))
			fputs("ocrtop: warning: a password on the command line can be seen by other users "
			    "(ps); prefer REDIS_PASSWORD or --env-file\n", stderr);
		break;
	case OPT_ENV_FILE:
		free(ctx->env_file);
		ctx->env_file = xstrdup(arg);
		break;
	case OPT_NAMESPACE:
		if (*arg == '\0') {
			*cause = xstrdup("--namespace must not be empty");
			return -1;
		}
		free(ctx->ns);
		ctx->ns = xstrdup(arg);
		break;
	case OPT_TIMEOUT:
		if (duration_parse(arg, 1000, &ms) < 0 || ms <= 0 || ms > 86400000) {
			*cause = xasprintf("--timeout: '%s' is not a duration (e.g. 5s, 500ms)", arg);
			return -1;
		}
		ctx->timeout_ms = (int)ms;
		break;
	case OPT_NO_COLOR:
		ctx->no_color = 1;
		break;
	case OPT_READ_ONLY:
		ctx_set_read_only(ctx, "--read-only");
		break;
	case OPT_AUDIT_LOG:
		free(ctx->audit_log);
		ctx->audit_log = xstrdup(arg);
		break;
	case OPT_PROFILE:
		free(ctx->profile_name);
		ctx->profile_name = xstrdup(arg);
		break;
	case OPT_HELP:
		ctx->help = 1;
		break;
	case OPT_VERSION:
		ctx->version = 1;
		break;
	}
	return 0;
}

const char *
ctx_lookup(void *arg, const char *name)
{
	const struct ctx *ctx = arg;
	const char *v = getenv(name);

	if (v != NULL && *v != '\0')
		return v;
	return envfile_get(&ctx->env, name);
}

static int
env_ms(struct ctx *ctx, const char *name, int *out, char **cause)
{
	const char *v = ctx_lookup(ctx, name);
	int64_t ms;

	if (v == NULL)
		return 0;
	if (duration_parse(v, 1, &ms) < 0 || ms <= 0 || ms > 86400000) {
		*cause = xasprintf("%s must be a number of milliseconds", name);
		return -1;
	}
	*out = (int)ms;
	return 0;
}

int
ctx_resolve(struct ctx *ctx, char **cause)
{
	struct key_overrides ko;
	const char *ns;

	if (ctx->resolved)
		return 0;
	if (apply_profile(ctx, cause) < 0)
		return -1;
	if (ctx->env_file == NULL && access(".env.redis", F_OK) == 0 && envfile_load(&ctx->env, ".env.redis", cause) < 0)
		return -1;
	if (endpoint_resolve(&ctx->ep, ctx->url, ctx_lookup, ctx, cause) < 0)
		return -1;
	ctx->conn_opts.connect_timeout_ms = ctx->conn_opts.command_timeout_ms = DEFAULT_TIMEOUT_MS;
	if (env_ms(ctx, "REDIS_CONNECTION_TIMEOUT", &ctx->conn_opts.connect_timeout_ms, cause) < 0 ||
	    env_ms(ctx, "REDIS_COMMAND_TIMEOUT", &ctx->conn_opts.command_timeout_ms, cause) < 0)
		return -1;
	if (ctx->timeout_ms > 0)
		ctx->conn_opts.connect_timeout_ms = ctx->conn_opts.command_timeout_ms = ctx->timeout_ms;

	/* The seeds' per-key overrides apply unless --namespace was given:
	 * a namespace chosen on the command line means all of its keys. */
	memset(&ko, 0, sizeof ko);
	ns = ctx->ns;
	if (ns == NULL) {
		ns = ctx->prof.ns != NULL ? ctx->prof.ns : "ocr";
		ko.queue = ctx_lookup(ctx, "REDIS_TASK_QUEUE_PREFIX");
		ko.task_data = ctx_lookup(ctx, "REDIS_TASK_DATA_PREFIX");
		ko.session = ctx_lookup(ctx, "REDIS_SESSION_PREFIX");
		ko.channel = ctx_lookup(ctx, "REDIS_PUBSUB_CHANNEL");
	}
	keys_init(&ctx->keys, ns, &ko);
	ctx->resolved = 1;
	return 0;
}

int
ctx_connect(struct ctx *ctx, struct conn *c, const char *role, char **cause)
{
	struct conn_opts o = ctx->conn_opts;
	char *name = xasprintf("ocrtop:%s", role);
	int rc;

	o.client_name = name;
	conn_init(c, &ctx->ep, &o);
	free(name);
	rc = conn_connect(c, cause);
	return rc;
}

void
ctx_error(const struct ctx *ctx, const char *cause)
{
	struct buf b = BUF_INIT;

	buf_adds(&b, "ocrtop: ");
	sanitize_append(&b, cause, strlen(cause), 0, ctx->san);
	buf_addc(&b, '\n');
	fputs(buf_str(&b), stderr);
	buf_free(&b);
}

void
ctx_free(struct ctx *ctx)
{
	free(ctx->url);
	free(ctx->env_file);
	free(ctx->ns);
	free(ctx->read_only_why);
	free(ctx->audit_log);
	free(ctx->profile_name);
	profile_free(&ctx->prof);
	envfile_free(&ctx->env);
	if (ctx->resolved) {
		endpoint_free(&ctx->ep);
		keys_free(&ctx->keys);
	}
	memset(ctx, 0, sizeof *ctx);
}
