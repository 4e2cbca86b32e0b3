/* Fake platform data for the benchmarks. */
#include <stdio.h>
#include <string.h>

#include "fake.h"

static const char hexdigits[] = "0123456789abcdef";

void
fake_seed(struct fake_rng *r, uint64_t seed)
{
	r->s = seed;
}

/* splitmix64: tiny, fast, and the same sequence everywhere. */
uint64_t
fake_next(struct fake_rng *r)
{
	uint64_t z = (r->s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

uint64_t
fake_below(struct fake_rng *r, uint64_t n)
{
	return n == 0 ? 0 : fake_next(r) % n;
}

void
fake_uuid(struct fake_rng *r, char *out)
{
	uint64_t a = fake_next(r), b = fake_next(r);
	int i, o = 0;

	for (i = 0; i < 32; i++) {
		uint64_t w = i < 16 ? a : b;
		unsigned d = (unsigned)(w >> ((i % 16) * 4)) & 0xf;

		if (i == 12)
			d = 4;				/* version 4 */
		else if (i == 16)
			d = 8 | (d & 3);		/* variant 10xx */
		if (i == 8 || i == 12 || i == 16 || i == 20)
			out[o++] = '-';
		out[o++] = hexdigits[d];
	}
	out[o] = '\0';
}

void
fake_token(struct fake_rng *r, char *out)
{
	int i;

	for (i = 0; i < FAKE_TOKEN_LEN; i += 16) {
		uint64_t w = fake_next(r);
		int j;

		for (j = 0; j < 16; j++)
			out[i + j] = hexdigits[(w >> (j * 4)) & 0xf];
	}
	out[FAKE_TOKEN_LEN] = '\0';
}

void
fake_users(struct fake_rng *r, struct fake_user *users, size_t n)
{
	static const char *const domains[] = { "example.com", "example.org", "mail.example.net" };
	size_t i;

	for (i = 0; i < n; i++) {
		uint64_t x = fake_next(r);

		fake_uuid(r, users[i].id);
		snprintf(users[i].email, sizeof users[i].email, "user%zu%s@%s", i,
		    x % 7 == 0 ? "+ocr" : "", domains[(x >> 8) % 3]);
		users[i].role = x % 50 == 0 ? "admin" : "user";
	}
}

size_t
fake_pick_user(struct fake_rng *r, size_t nusers)
{
	double u = (double)(fake_next(r) >> 11) / 9007199254740992.0;	/* [0, 1) */

	return (size_t)(u * u * (double)nusers);
}

size_t
fake_session(struct fake_rng *r, const struct fake_user *users, size_t nusers,
    int64_t now_ms, char *out, struct fake_session_info *info)
{
	const struct fake_user *u;
	char ip[48];
	int64_t last, created;
	uint64_t x = fake_next(r);
	int n;

	info->user = fake_pick_user(r, nusers);
	u = &users[info->user];
	/* One in five sessions is idle: 45 minutes to 3 days without a request. */
	info->idle = x % 5 == 0;
	if (info->idle)
		last = now_ms - FAKE_IDLE_MIN_MS - (int64_t)fake_below(r, 3 * 86400000ULL);
	else
		last = now_ms - (int64_t)fake_below(r, (uint64_t)FAKE_ACTIVE_MS);
	created = last - (int64_t)fake_below(r, 4 * 3600000ULL);
	info->last_ms = last;
	/* Express behind a dual-stack socket reports IPv4 as ::ffff:a.b.c.d. */
	snprintf(ip, sizeof ip, "%s%s%u.%u", (x >> 8) % 3 == 0 ? "::ffff:" : "",
	    (x >> 16) % 2 ? "10.0." : "192.168.", (unsigned)(x >> 24) & 0xff,
	    1 + (unsigned)((x >> 32) % 254));
	n = snprintf(out, FAKE_SESSION_MAX,
	    "{\"user_id\":\"%s\",\"email\":\"%s\",\"role\":\"%s\",\"ip_address\":\"%s\","
	    "\"created_at\":%lld,\"last_activity\":%lld}",
	    u->id, u->email, u->role, ip, (long long)created, (long long)last);
	return n < 0 ? 0 : (size_t)n;
}
