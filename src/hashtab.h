/* Two small open-addressing tables for the census: a set of 64-bit key
 * hashes (SCAN may return a key twice; the census counts it once) and a
 * string -> counters map (sessions per user, failures per error text). */
#ifndef OCRTOP_HASHTAB_H
#define OCRTOP_HASHTAB_H

#include <stddef.h>
#include <stdint.h>

/* A fast 64-bit hash of len bytes (never 0). */
uint64_t hash_bytes(const void *p, size_t len);

struct idset {
	uint64_t	*slots;		/* owned; 0 marks an empty slot */
	size_t		 cap;		/* slots, or 0 */
	size_t		 n;
};

/* Adds h; returns 1 if it was new, 0 if already present. */
int idset_add(struct idset *s, uint64_t h);
/* Returns 1 if h is in the set. */
int idset_has(const struct idset *s, uint64_t h);
/* Makes room for n more without growing: sized for them (not to the next
 * power of two), so the census's set of 400k keys takes 4 MB, not 8. */
void idset_reserve(struct idset *s, size_t n);
/* Frees the set. */
void idset_free(struct idset *s);

struct strcount_entry {
	char		*s;		/* owned, NUL-terminated (may hold NULs) */
	size_t		 len;
	uint64_t	 h;
	long long	 count;
	long long	 aux;		/* more counters for the caller */
	long long	 aux2;
	uint32_t	 marks[4];	/* a tiny set of hashes for the caller */
};

struct strcount {
	struct strcount_entry	**slots;	/* owned entries; NULL marks empty */
	size_t			  cap;
	size_t			  n;
};

/* Returns the entry for s[0..len), adding it with zero counters. */
struct strcount_entry *strcount_get(struct strcount *t, const char *s, size_t len);
/* Returns the entry for s[0..len), or NULL. */
struct strcount_entry *strcount_find(const struct strcount *t, const char *s, size_t len);
/* Returns a new array of the n entries, by count descending, then by
 * string; the entries stay owned by t. */
struct strcount_entry **strcount_sorted(const struct strcount *t);
/* Frees the table and its entries. */
void strcount_free(struct strcount *t);

#endif
