/* Open-addressing hash tables. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "hashtab.h"
#include "xmalloc.h"

static uint64_t mix(uint64_t x);
static size_t idset_home(uint64_t h, size_t cap);
static void idset_rehash(struct idset *s, size_t cap);
static size_t idset_slots_for(size_t n);
static void strcount_grow(struct strcount *t);
static int by_count(const void *a, const void *b);

static uint64_t
mix(uint64_t x)
{
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ULL;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebULL;
	x ^= x >> 31;
	return x;
}

uint64_t
hash_bytes(const void *p, size_t len)
{
	const unsigned char *s = p;
	uint64_t h = 0x9e3779b97f4a7c15ULL ^ len;

	while (len >= 8) {
		uint64_t w;

		memcpy(&w, s, 8);
		h = mix(h ^ w);
		s += 8;
		len -= 8;
	}
	if (len > 0) {
		uint64_t w = 0;

		memcpy(&w, s, len);
		h = mix(h ^ w ^ ((uint64_t)len << 56));
	}
	return h != 0 ? h : 1;
}

/* The home slot of h in a table of cap slots, cap any size below 2^32
 * (the high half of h scaled to cap; h comes from mix(), so every bit is
 * uniform). */
static size_t
idset_home(uint64_t h, size_t cap)
{
	return (size_t)(((h >> 32) * (uint64_t)cap) >> 32);
}

/* Moves the set into a table of cap slots. */
static void
idset_rehash(struct idset *s, size_t cap)
{
	uint64_t *slots = xcalloc(cap, sizeof *slots);
	size_t i, j;

	for (i = 0; i < s->cap; i++) {
		if (s->slots[i] == 0)
			continue;
		for (j = idset_home(s->slots[i], cap); slots[j] != 0; j = j + 1 == cap ? 0 : j + 1)
			;
		slots[j] = s->slots[i];
	}
	free(s->slots);
	s->slots = slots;
	s->cap = cap;
}

/* Slots for n entries at a load of at most 3/4. */
static size_t
idset_slots_for(size_t n)
{
	size_t cap = (n + 1) / 3 * 4 + 4;

	return cap < 1024 ? 1024 : cap;
}

void
idset_reserve(struct idset *s, size_t n)
{
	size_t cap = idset_slots_for(s->n + n);

	if (cap > s->cap)
		idset_rehash(s, cap);
}

int
idset_add(struct idset *s, uint64_t h)
{
	size_t j;

	if (h == 0)
		h = 1;
	if ((s->n + 1) * 4 > s->cap * 3)
		idset_rehash(s, s->cap == 0 ? 1024 : s->cap * 2);
	for (j = idset_home(h, s->cap); s->slots[j] != 0; j = j + 1 == s->cap ? 0 : j + 1)
		if (s->slots[j] == h)
			return 0;
	s->slots[j] = h;
	s->n++;
	return 1;
}

int
idset_has(const struct idset *s, uint64_t h)
{
	size_t j;

	if (h == 0)
		h = 1;
	if (s->cap == 0)
		return 0;
	for (j = idset_home(h, s->cap); s->slots[j] != 0; j = j + 1 == s->cap ? 0 : j + 1)
		if (s->slots[j] == h)
			return 1;
	return 0;
}

void
idset_free(struct idset *s)
{
	free(s->slots);
	memset(s, 0, sizeof *s);
}

static void
strcount_grow(struct strcount *t)
{
	size_t cap = t->cap == 0 ? 64 : t->cap * 2, i;
	struct strcount_entry **slots = xcalloc(cap, sizeof *slots);

	for (i = 0; i < t->cap; i++) {
		size_t j;

		if (t->slots[i] == NULL)
			continue;
		for (j = t->slots[i]->h & (cap - 1); slots[j] != NULL; j = (j + 1) & (cap - 1))
			;
		slots[j] = t->slots[i];
	}
	free(t->slots);
	t->slots = slots;
	t->cap = cap;
}

struct strcount_entry *
strcount_find(const struct strcount *t, const char *s, size_t len)
{
	uint64_t h = hash_bytes(s, len);
	size_t j;

	if (t->cap == 0)
		return NULL;
	for (j = h & (t->cap - 1); t->slots[j] != NULL; j = (j + 1) & (t->cap - 1)) {
		struct strcount_entry *e = t->slots[j];

		if (e->h == h && e->len == len && memcmp(e->s, s, len) == 0)
			return e;
	}
	return NULL;
}

struct strcount_entry *
strcount_get(struct strcount *t, const char *s, size_t len)
{
	struct strcount_entry *e = strcount_find(t, s, len);
	size_t j;

	if (e != NULL)
		return e;
	if ((t->n + 1) * 4 > t->cap * 3)
		strcount_grow(t);
	e = xcalloc(1, sizeof *e);
	e->s = xstrndup(s, len);
	e->len = len;
	e->h = hash_bytes(s, len);
	for (j = e->h & (t->cap - 1); t->slots[j] != NULL; j = (j + 1) & (t->cap - 1))
		;
	t->slots[j] = e;
	t->n++;
	return e;
}

static int
by_count(const void *a, const void *b)
{
	const struct strcount_entry *x = *(struct strcount_entry *const *)a;
	const struct strcount_entry *y = *(struct strcount_entry *const *)b;
	size_t n = x->len < y->len ? x->len : y->len;
	int c;

	if (x->count != y->count)
		return x->count > y->count ? -1 : 1;
	c = memcmp(x->s, y->s, n);
	if (c != 0)
		return c;
	return x->len < y->len ? -1 : x->len > y->len;
}

struct strcount_entry **
strcount_sorted(const struct strcount *t)
{
	struct strcount_entry **v = xcalloc(t->n, sizeof *v);
	size_t i, k = 0;

	for (i = 0; i < t->cap; i++)
		if (t->slots[i] != NULL)
			v[k++] = t->slots[i];
	qsort(v, k, sizeof *v, by_count);
	return v;
}

void
strcount_free(struct strcount *t)
{
	size_t i;

	for (i = 0; i < t->cap; i++) {
		if (t->slots[i] != NULL) {
			free(t->slots[i]->s);
			free(t->slots[i]);
		}
	}
	free(t->slots);
	memset(t, 0, sizeof *t);
}
