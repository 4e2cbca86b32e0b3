/* Lua scripts and EVALSHA. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scripts.h"
#include "xmalloc.h"

/* Shared prelude: the server's time in milliseconds, whether a token still
 * holds a task's claim, and putting a task back where it came from. A claim
 * is "<token>|<origin>": "P<score>" for the priority set, "F" for the FIFO
 * list. */
#define PRELUDE \
	"local function now_ms()\n" \
	"  local t = redis.call('TIME')\n" \
	"  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)\n" \
	"end\n" \
	"local function put_back(origin, prio, queue, id, front)\n" \
	"  if origin and string.sub(origin, 1, 1) == 'P' then\n" \
	"    redis.call('ZADD', prio, tonumber(string.sub(origin, 2)) or 0, id)\n" \
	"  elseif front then\n" \
	"    redis.call('RPUSH', queue, id)\n" \
	"  else\n" \
	"    redis.call('LPUSH', queue, id)\n" \
	"  end\n" \
	"end\n" \
	"local function own_claim(claims, id, token)\n" \
	"  local claim = redis.call('HGET', claims, id)\n" \
	"  if claim and string.sub(claim, 1, #token + 1) == token .. '|' then return claim end\n" \
	"  return nil\n" \
	"end\n" \
	"local function origin_of(claim)\n" \
	"  return claim and string.match(claim, '|(.*)$') or 'F'\n" \
	"end\n" \
	"local function publish(base, id, user, msg)\n" \
	"  redis.call('PUBLISH', base, msg)\n" \
	"  if user and user ~= '' then redis.call('PUBLISH', base .. ':user:' .. user, msg) end\n" \
	"  redis.call('PUBLISH', base .. ':task:' .. id, msg)\n" \
	"end\n" \
	"local function fail_for_good(task, failed, counter, daily, daily_ttl, base, id, err, now)\n" \
	"  redis.call('HSET', task, 'status', 'failed', 'error', err, 'failed_at', now)\n" \
	"  redis.call('ZADD', failed, now, id)\n" \
	"  redis.pcall('INCR', counter)\n" \
	"  redis.pcall('HINCRBY', daily, 'tasks_failed', 1)\n" \
	"  redis.pcall('EXPIRE', daily, daily_ttl)\n" \
	"  local user = redis.call('HGET', task, 'user_id') or ''\n" \
	"  publish(base, id, user, cjson.encode({type = 'task_failed', task_id = id, user_id = user,\n" \
	"    status = 'failed', error = err, timestamp = math.floor(now / 1000)}))\n" \
	"end\n"

/* KEYS: priority queue leases claims task orphans
 * ARGV: id source(P|F) lease_ms worker_id token
 * Every reply ends with the heads left (the priority set's top, the
 * FIFO's next), or '': the next claim's candidates, so it needs no peek. */
static const char claim_lua[] = PRELUDE
	"local id, now = ARGV[1], now_ms()\n"
	"local function heads(...)\n"
	"  local r = {...}\n"
	"  local top = redis.pcall('ZREVRANGE', KEYS[1], 0, 0)\n"
	"  r[#r + 1] = type(top) == 'table' and top[1] or ''\n"
	"  local tail = redis.pcall('LINDEX', KEYS[2], -1)\n"
	"  r[#r + 1] = type(tail) == 'string' and tail or ''\n"
	"  return r\n"
	"end\n"
	"local origin\n"
	"if ARGV[2] == 'P' then\n"
	"  local top = redis.call('ZREVRANGE', KEYS[1], 0, 0, 'WITHSCORES')\n"
	"  if top[1] ~= id then return heads('retry') end\n"
	"  redis.call('ZREM', KEYS[1], id)\n"
	"  origin = 'P' .. top[2]\n"
	"else\n"
	"  if redis.call('LINDEX', KEYS[2], -1) ~= id then return heads('retry') end\n"
	"  redis.call('RPOP', KEYS[2])\n"
	"  origin = 'F'\n"
	"end\n"
	"local t = redis.call('TYPE', KEYS[5]).ok\n"
	"if t ~= 'hash' then\n"
	"  redis.call('ZADD', KEYS[6], now, id)\n"
	"  return heads('orphan', t)\n"
	"end\n"
	"local status = redis.call('HGET', KEYS[5], 'status') or ''\n"
	"if redis.call('ZSCORE', KEYS[3], id) or status == 'completed' or status == 'cancelled' then\n"
	"  return heads('skip', status)\n"
	"end\n"
	"local attempts = math.floor(tonumber(redis.call('HGET', KEYS[5], 'attempts') or '0') or 0) + 1\n"
	"redis.call('ZADD', KEYS[3], now + tonumber(ARGV[3]), id)\n"
	"redis.call('HSET', KEYS[4], id, ARGV[5] .. '|' .. origin)\n"
	"redis.call('HSET', KEYS[5], 'status', 'processing', 'worker_id', ARGV[4], 'started_at', now,\n"
	"  'attempts', attempts)\n"
	"local f = redis.call('HMGET', KEYS[5], 'user_id', 'file_id', 'file_path')\n"
	"return heads('ok', attempts, f[1] or '', f[2] or '', f[3] or '', now)\n";

/* KEYS: leases claims task result completed_counter daily
 * ARGV: id token result_json processing_ms channel result_ttl task_ttl
 *       daily_ttl confidence word_count */
static const char complete_lua[] = PRELUDE
	"local id = ARGV[1]\n"
	"local claim = own_claim(KEYS[2], id, ARGV[2])\n"
	"if not claim then return {'late'} end\n"
	"local now = now_ms()\n"
	"redis.call('ZREM', KEYS[1], id)\n"
	"redis.call('HDEL', KEYS[2], id)\n"
	"redis.call('SET', KEYS[4], ARGV[3], 'EX', ARGV[6])\n"
	"if redis.call('TYPE', KEYS[3]).ok == 'hash' then\n"
	"  redis.call('HSET', KEYS[3], 'status', 'completed', 'completed_at', now)\n"
	"  redis.call('HDEL', KEYS[3], 'error', 'failed_at')\n"
	"  redis.call('EXPIRE', KEYS[3], ARGV[7])\n"
	"end\n"
	"redis.pcall('INCR', KEYS[5])\n"
	"redis.pcall('HINCRBY', KEYS[6], 'tasks_completed', 1)\n"
	"local sum = redis.pcall('HINCRBY', KEYS[6], 'processing_time_sum', ARGV[4])\n"
	"local n = redis.pcall('HINCRBY', KEYS[6], 'processing_time_count', 1)\n"
	"if type(sum) == 'number' and type(n) == 'number' and n > 0 then\n"
	"  redis.pcall('HSET', KEYS[6], 'avg_processing_time', math.floor(sum / n + 0.5))\n"
	"end\n"
	"redis.pcall('EXPIRE', KEYS[6], ARGV[8])\n"
	"local user = redis.call('HGET', KEYS[3], 'user_id') or ''\n"
	"publish(ARGV[5], id, user, cjson.encode({type = 'task_completed', task_id = id, user_id = user,\n"
	"  status = 'completed', result = {confidence = tonumber(ARGV[9]), word_count = tonumber(ARGV[10])},\n"
	"  timestamp = math.floor(now / 1000)}))\n"
	"return {'ok'}\n";

/* KEYS: leases claims task priority queue failed failed_counter daily
 * ARGV: id token error permanent(0|1) max_attempts channel daily_ttl */
static const char fail_lua[] = PRELUDE
	"local id = ARGV[1]\n"
	"local claim = own_claim(KEYS[2], id, ARGV[2])\n"
	"if not claim then return {'late'} end\n"
	"local now = now_ms()\n"
	"redis.call('ZREM', KEYS[1], id)\n"
	"redis.call('HDEL', KEYS[2], id)\n"
	"if redis.call('TYPE', KEYS[3]).ok ~= 'hash' then return {'nodata'} end\n"
	"redis.call('HSET', KEYS[3], 'error', ARGV[3], 'failed_at', now)\n"
	"local attempts = tonumber(redis.call('HGET', KEYS[3], 'attempts') or '0') or 0\n"
	"if ARGV[4] == '0' and attempts < tonumber(ARGV[5]) then\n"
	"  redis.call('HSET', KEYS[3], 'status', 'pending')\n"
	"  redis.call('HDEL', KEYS[3], 'worker_id', 'started_at')\n"
	"  put_back(origin_of(claim), KEYS[4], KEYS[5], id, false)\n"
	"  return {'retry', attempts}\n"
	"end\n"
	"fail_for_good(KEYS[3], KEYS[6], KEYS[7], KEYS[8], ARGV[7], ARGV[6], id, ARGV[3], now)\n"
	"return {'failed', attempts}\n";

/* KEYS: leases claims task priority queue
 * ARGV: id token */
static const char release_lua[] = PRELUDE
	"local id = ARGV[1]\n"
	"local claim = own_claim(KEYS[2], id, ARGV[2])\n"
	"if not claim then return {'late'} end\n"
	"redis.call('ZREM', KEYS[1], id)\n"
	"redis.call('HDEL', KEYS[2], id)\n"
	"if redis.call('TYPE', KEYS[3]).ok ~= 'hash' then return {'nodata'} end\n"
	"local attempts = tonumber(redis.call('HGET', KEYS[3], 'attempts') or '0') or 0\n"
	"redis.call('HSET', KEYS[3], 'status', 'pending', 'attempts', attempts > 0 and attempts - 1 or 0)\n"
	"redis.call('HDEL', KEYS[3], 'worker_id', 'started_at')\n"
	"put_back(origin_of(claim), KEYS[4], KEYS[5], id, true)\n"
	"return {'released'}\n";

/* KEYS: leases claims
 * ARGV: id token lease_ms */
static const char extend_lua[] = PRELUDE
	"if not own_claim(KEYS[2], ARGV[1], ARGV[2]) then return 0 end\n"
	"redis.call('ZADD', KEYS[1], 'XX', now_ms() + tonumber(ARGV[3]), ARGV[1])\n"
	"return 1\n";

/* KEYS: leases claims task priority queue failed failed_counter daily
 * ARGV: id max_attempts channel daily_ttl force(0|1) */
static const char recover_lua[] = PRELUDE
	"local id = ARGV[1]\n"
	"local deadline = redis.call('ZSCORE', KEYS[1], id)\n"
	"if not deadline then return {'gone'} end\n"
	"local now = now_ms()\n"
	"if tonumber(deadline) > now and ARGV[5] ~= '1' then return {'alive'} end\n"
	"local claim = redis.call('HGET', KEYS[2], id)\n"
	"redis.call('ZREM', KEYS[1], id)\n"
	"redis.call('HDEL', KEYS[2], id)\n"
	"if redis.call('TYPE', KEYS[3]).ok ~= 'hash' then return {'nodata'} end\n"
	"local worker = redis.call('HGET', KEYS[3], 'worker_id') or '?'\n"
	"local attempts = tonumber(redis.call('HGET', KEYS[3], 'attempts') or '0') or 0\n"
	"if attempts >= tonumber(ARGV[2]) then\n"
	"  fail_for_good(KEYS[3], KEYS[6], KEYS[7], KEYS[8], ARGV[4], ARGV[3], id,\n"
	"    'worker lost ' .. attempts .. ' times (died or hung; max attempts ' .. ARGV[2] .. ')', now)\n"
	"  return {'failed', worker}\n"
	"end\n"
	"redis.call('HSET', KEYS[3], 'status', 'pending', 'error', 'worker ' .. worker .. ' lost (lease expired)')\n"
	"redis.call('HDEL', KEYS[3], 'worker_id', 'started_at')\n"
	"put_back(origin_of(claim), KEYS[4], KEYS[5], id, true)\n"
	"return {'requeued', worker}\n";

/* The task is held by a live ocrtop worker, or is processing by another
 * worker (no lease) and not forced, or is finished: operators see why. */
#define HELD_CHECKS \
	"local now = now_ms()\n" \
	"local deadline = redis.call('ZSCORE', KEYS_LEASES, id)\n" \
	"if deadline and tonumber(deadline) > now then\n" \
	"  return {'leased', redis.call('HGET', KEYS[1], 'worker_id') or ''}\n" \
	"end\n"

/* KEYS: task priority queue leases claims failed
 * ARGV: id reset_attempts(0|1) force(0|1) channel default_priority */
static const char requeue_lua[] = PRELUDE
	"local id = ARGV[1]\n"
	"local KEYS_LEASES = KEYS[4]\n"
	"if redis.call('TYPE', KEYS[1]).ok ~= 'hash' then return {'nodata'} end\n"
	HELD_CHECKS
	"if redis.call('ZSCORE', KEYS[2], id) then return {'queued', 'priority'} end\n"
	"local pos = redis.pcall('LPOS', KEYS[3], id, 'RANK', -1, 'MAXLEN', 100000)\n"
	"if type(pos) == 'number' then return {'queued', 'fifo'} end\n"
	"local status = redis.call('HGET', KEYS[1], 'status') or ''\n"
	"if status == 'processing' and not deadline and ARGV[3] ~= '1' then\n"
	"  return {'processing', redis.call('HGET', KEYS[1], 'worker_id') or ''}\n"
	"end\n"
	"local claim = redis.call('HGET', KEYS[5], id)\n"
	"redis.call('ZREM', KEYS[4], id)\n"
	"redis.call('HDEL', KEYS[5], id)\n"
	"redis.call('ZREM', KEYS[6], id)\n"
	"redis.call('HSET', KEYS[1], 'status', 'pending')\n"
	"if ARGV[2] == '1' then redis.call('HSET', KEYS[1], 'attempts', 0) end\n"
	"redis.call('HDEL', KEYS[1], 'worker_id', 'started_at', 'error', 'failed_at', 'completed_at')\n"
	"redis.call('PERSIST', KEYS[1])\n"
	"local origin = origin_of(claim)\n"
	"local prio = tonumber(redis.call('HGET', KEYS[1], 'priority') or '')\n"
	"local where = 'fifo'\n"
	"if string.sub(origin, 1, 1) == 'P' or (prio and prio > tonumber(ARGV[5])) then\n"
	"  redis.call('ZADD', KEYS[2], prio or tonumber(string.sub(origin, 2)) or 0, id)\n"
	"  where = 'priority'\n"
	"else\n"
	"  redis.call('LPUSH', KEYS[3], id)\n"
	"end\n"
	"local user = redis.call('HGET', KEYS[1], 'user_id') or ''\n"
	"publish(ARGV[4], id, user, cjson.encode({type = 'task_requeued', task_id = id, user_id = user,\n"
	"  status = 'pending', timestamp = math.floor(now / 1000)}))\n"
	"return {'done', where}\n";

/* KEYS: task priority queue leases
 * ARGV: id score */
static const char priority_lua[] = PRELUDE
	"local id = ARGV[1]\n"
	"local KEYS_LEASES = KEYS[4]\n"
	"if redis.call('TYPE', KEYS[1]).ok ~= 'hash' then return {'nodata'} end\n"
	HELD_CHECKS
	"local status = redis.call('HGET', KEYS[1], 'status') or ''\n"
	"if status ~= 'pending' and status ~= '' then return {'status', status} end\n"
	"redis.call('LREM', KEYS[3], 0, id)\n"
	"redis.call('ZADD', KEYS[2], ARGV[2], id)\n"
	"redis.call('HSET', KEYS[1], 'priority', ARGV[2])\n"
	"return {'done', 'priority'}\n";

/* KEYS: task priority queue leases
 * ARGV: id */
static const char front_lua[] = PRELUDE
	"local id = ARGV[1]\n"
	"local KEYS_LEASES = KEYS[4]\n"
	"if redis.call('TYPE', KEYS[1]).ok ~= 'hash' then return {'nodata'} end\n"
	HELD_CHECKS
	"local status = redis.call('HGET', KEYS[1], 'status') or ''\n"
	"if status ~= 'pending' and status ~= '' then return {'status', status} end\n"
	"if redis.call('ZSCORE', KEYS[2], id) then\n"
	"  local top = redis.call('ZREVRANGE', KEYS[2], 0, 0, 'WITHSCORES')\n"
	"  if top[1] ~= id then redis.call('ZADD', KEYS[2], tonumber(top[2]) + 1, id) end\n"
	"  return {'done', 'priority'}\n"
	"end\n"
	"redis.call('LREM', KEYS[3], 0, id)\n"
	"redis.call('RPUSH', KEYS[3], id)\n"
	"return {'done', 'fifo'}\n";

/* KEYS: task priority queue leases claims failed
 * ARGV: id channel */
static const char cancel_lua[] = PRELUDE
	"local id = ARGV[1]\n"
	"if redis.call('TYPE', KEYS[1]).ok ~= 'hash' then return {'nodata'} end\n"
	"local status = redis.call('HGET', KEYS[1], 'status') or ''\n"
	"if status == 'cancelled' then return {'already', status} end\n"
	"if status == 'completed' then return {'status', status} end\n"
	"local now = now_ms()\n"
	"redis.call('ZREM', KEYS[2], id)\n"
	"redis.call('LREM', KEYS[3], 0, id)\n"
	"redis.call('ZREM', KEYS[4], id)\n"
	"redis.call('HDEL', KEYS[5], id)\n"
	"redis.call('ZREM', KEYS[6], id)\n"
	"redis.call('HSET', KEYS[1], 'status', 'cancelled', 'cancelled_at', now)\n"
	"redis.call('HDEL', KEYS[1], 'worker_id', 'started_at')\n"
	"local user = redis.call('HGET', KEYS[1], 'user_id') or ''\n"
	"publish(ARGV[2], id, user, cjson.encode({type = 'task_cancelled', task_id = id, user_id = user,\n"
	"  status = 'cancelled', timestamp = math.floor(now / 1000)}))\n"
	"return {'done', status}\n";

/* KEYS: task priority queue leases claims failed orphans result
 * ARGV: id */
static const char delete_lua[] = PRELUDE
	"local id = ARGV[1]\n"
	"local existed = redis.call('DEL', KEYS[1])\n"
	"local queued = redis.call('ZREM', KEYS[2], id) + redis.call('LREM', KEYS[3], 0, id)\n"
	"redis.call('ZREM', KEYS[4], id)\n"
	"redis.call('HDEL', KEYS[5], id)\n"
	"redis.call('ZREM', KEYS[6], id)\n"
	"redis.call('ZREM', KEYS[7], id)\n"
	"redis.call('DEL', KEYS[8])\n"
	"if existed == 0 and queued == 0 then return {'nodata'} end\n"
	"return {'done', tostring(existed)}\n";

/* KEYS: candidate session keys
 * ARGV: field value. Deletes each key whose current value is a JSON object
 * with field equal to value (a number compares as its digits). Returns
 * one character per key: 1 deleted, 0 not. */
static const char logout_lua[] =
	"local done = {}\n"
	"for i, k in ipairs(KEYS) do\n"
	"  done[i] = '0'\n"
	"  local v = redis.pcall('GET', k)\n"
	"  if type(v) == 'string' then\n"
	"    local ok, obj = pcall(cjson.decode, v)\n"
	"    if ok and type(obj) == 'table' then\n"
	"      local f = obj[ARGV[1]]\n"
	"      if (type(f) == 'string' and f == ARGV[2]) or\n"
	"          (type(f) == 'number' and f == math.floor(f) and string.format('%.0f', f) == ARGV[2]) then\n"
	"        redis.call('DEL', k)\n"
	"        done[i] = '1'\n"
	"      end\n"
	"    end\n"
	"  end\n"
	"end\n"
	"return table.concat(done)\n";

/* KEYS: candidate session keys
 * ARGV: the value each held when it was judged idle. Deletes a key only if
 * it still holds exactly that value (a refreshed session survives). */
static const char purge_idle_lua[] =
	"local n = 0\n"
	"for i, k in ipairs(KEYS) do\n"
	"  local v = redis.pcall('GET', k)\n"
	"  if type(v) == 'string' and v == ARGV[i] then\n"
	"    redis.call('DEL', k)\n"
	"    n = n + 1\n"
	"  end\n"
	"end\n"
	"return n\n";

/* KEYS: task priority queue leases orphans
 * ARGV: id */
static const char unqueue_lua[] = PRELUDE
	"if redis.call('EXISTS', KEYS[1]) == 1 then return {'status', 'has data'} end\n"
	"local n = redis.call('ZREM', KEYS[2], ARGV[1]) + redis.call('LREM', KEYS[3], 0, ARGV[1])\n"
	"if n == 0 then return {'already'} end\n"
	"redis.call('ZADD', KEYS[5], now_ms(), ARGV[1])\n"
	"return {'done', 'set aside'}\n";

/* KEYS: task priority queue leases
 * ARGV: id. In both queues: the FIFO copies go; twice in the FIFO: the
 * copy nearest the front stays. */
static const char dedupe_lua[] =
	"local id = ARGV[1]\n"
	"local pos = redis.pcall('LPOS', KEYS[3], id, 'COUNT', 0)\n"
	"local n = type(pos) == 'table' and #pos or 0\n"
	"if redis.call('ZSCORE', KEYS[2], id) and n > 0 then\n"
	"  redis.call('LREM', KEYS[3], 0, id)\n"
	"  return {'done', 'kept in the priority set'}\n"
	"end\n"
	"if n > 1 then\n"
	"  redis.call('LREM', KEYS[3], n - 1, id)\n"
	"  return {'done', 'one FIFO entry kept'}\n"
	"end\n"
	"return {'already'}\n";

/* KEYS: counter
 * ARGV: value */
static const char raise_lua[] =
	"local v = tonumber(redis.call('GET', KEYS[1]) or '0')\n"
	"if v == nil or v < tonumber(ARGV[1]) then redis.call('SET', KEYS[1], ARGV[1]) return 1 end\n"
	"return 0\n";

static const struct {
	const char	*name;
	const char	*source;
} defs[SCRIPT_COUNT] = {
	[SCRIPT_CLAIM] = { "claim", claim_lua },
	[SCRIPT_COMPLETE] = { "complete", complete_lua },
	[SCRIPT_FAIL] = { "fail", fail_lua },
	[SCRIPT_RELEASE] = { "release", release_lua },
	[SCRIPT_EXTEND] = { "extend", extend_lua },
	[SCRIPT_RECOVER] = { "recover", recover_lua },
	[SCRIPT_REQUEUE] = { "requeue", requeue_lua },
	[SCRIPT_PRIORITY] = { "priority", priority_lua },
	[SCRIPT_FRONT] = { "front", front_lua },
	[SCRIPT_CANCEL] = { "cancel", cancel_lua },
	[SCRIPT_DELETE] = { "delete", delete_lua },
	[SCRIPT_LOGOUT] = { "logout", logout_lua },
	[SCRIPT_PURGE_IDLE] = { "purge-idle", purge_idle_lua },
	[SCRIPT_UNQUEUE] = { "unqueue", unqueue_lua },
	[SCRIPT_DEDUPE] = { "dedupe", dedupe_lua },
	[SCRIPT_RAISE] = { "raise", raise_lua },
};

static int load(struct scripts *s, struct conn *c, enum script_id id, char **cause);
static void append_call(struct scripts *s, struct conn *c, const struct script_call *k);

const char *
scripts_name(enum script_id id)
{
	return defs[id].name;
}

static int
load(struct scripts *s, struct conn *c, enum script_id id, char **cause)
{
	const char *argv[3] = { "SCRIPT", "LOAD", defs[id].source };
	redisReply *r = conn_cmdv(c, cause, 3, argv, NULL);

	if (r == NULL)
		return -1;
	if (r->type != REDIS_REPLY_STRING || r->len != 40) {
		*cause = xasprintf("%s: unexpected reply to SCRIPT LOAD", c->desc);
		freeReplyObject(r);
		return -1;
	}
	memcpy(s->sha[id], r->str, 40);
	s->sha[id][40] = '\0';
	freeReplyObject(r);
	return 0;
}

/* The EVALSHA command line of one call. */
static void
append_call(struct scripts *s, struct conn *c, const struct script_call *k)
{
	int argc = 3 + k->nkeys + k->nargs, i;
	const char **argv = xcalloc((size_t)argc, sizeof *argv);
	size_t *lens = xcalloc((size_t)argc, sizeof *lens);
	char nk[16];

	snprintf(nk, sizeof nk, "%d", k->nkeys);
	argv[0] = "EVALSHA";
	lens[0] = 7;
	argv[1] = s->sha[k->id];
	lens[1] = 40;
	argv[2] = nk;
	lens[2] = strlen(nk);
	for (i = 0; i < k->nkeys; i++) {
		argv[3 + i] = k->keys[i];
		lens[3 + i] = k->klens != NULL ? k->klens[i] : strlen(k->keys[i]);
	}
	for (i = 0; i < k->nargs; i++) {
		argv[3 + k->nkeys + i] = k->args[i];
		lens[3 + k->nkeys + i] = k->alens != NULL ? k->alens[i] : strlen(k->args[i]);
	}
	conn_append(c, argc, argv, lens);
	free(argv);
	free(lens);
}

int
scripts_call_many(struct scripts *s, struct conn *c, const struct script_call *calls, size_t n,
    redisReply **replies, char **causes, char **cause)
{
	size_t i;

	for (i = 0; i < n; i++) {
		replies[i] = NULL;
		causes[i] = NULL;
		if (s->sha[calls[i].id][0] == '\0' && load(s, c, calls[i].id, cause) < 0)
			return -1;
	}
	for (i = 0; i < n; i++)
		append_call(s, c, &calls[i]);
	for (i = 0; i < n; i++)
		if ((replies[i] = conn_read(c, cause)) == NULL)
			goto fail;
	for (i = 0; i < n; i++) {
		redisReply *r = replies[i];

		if (r->type == REDIS_REPLY_ERROR && strncmp(r->str, "NOSCRIPT", 8) == 0) {
			/* Redis restarted and forgot it: load it again and run
			 * this call once more, after the others. */
			freeReplyObject(r);
			replies[i] = NULL;
			s->sha[calls[i].id][0] = '\0';
			if (load(s, c, calls[i].id, cause) < 0)
				goto fail;
			append_call(s, c, &calls[i]);
			if ((r = replies[i] = conn_read(c, cause)) == NULL)
				goto fail;
		}
		if (r->type == REDIS_REPLY_ERROR) {
			char *what = xasprintf("the %s script", defs[calls[i].id].name);

			causes[i] = conn_error_text(c, what, r->str, r->len);
			free(what);
			freeReplyObject(r);
			replies[i] = NULL;
		}
	}
	return 0;
fail:
	for (i = 0; i < n; i++) {
		freeReplyObject(replies[i]);
		replies[i] = NULL;
		free(causes[i]);
		causes[i] = NULL;
	}
	return -1;
}

redisReply *
scripts_call(struct scripts *s, struct conn *c, enum script_id id,
    int nkeys, const char *const *keys, const size_t *klens,
    int nargs, const char *const *args, const size_t *alens, char **cause)
{
	struct script_call k = { id, nkeys, keys, klens, nargs, args, alens };
	redisReply *r;
	char *why;

	if (scripts_call_many(s, c, &k, 1, &r, &why, cause) < 0)
		return NULL;
	if (r == NULL)
		*cause = why;
	return r;
}
