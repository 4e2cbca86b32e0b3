/* The census's hash set and string counters. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hashtab.h"
#include "tap.h"

int
main(void)
{
	struct idset set = { NULL, 0, 0 };
	struct strcount t = { NULL, 0, 0 };
	struct strcount_entry **v;
	char key[32];
	int i, fresh = 0, again = 0;
	size_t cap;

	for (i = 0; i < 100000; i++) {
		snprintf(key, sizeof key, "ocr:session:%d", i);
		fresh += idset_add(&set, hash_bytes(key, strlen(key)));
	}
	for (i = 0; i < 100000; i += 7) {
		snprintf(key, sizeof key, "ocr:session:%d", i);
		again += idset_add(&set, hash_bytes(key, strlen(key)));
	}
	is_int(fresh, 100000, "100k distinct keys are all new");
	is_int(again, 0, "re-adding keys finds them");
	ok(idset_has(&set, hash_bytes("ocr:session:5", 13)), "membership");
	ok(!idset_has(&set, hash_bytes("ocr:session:x", 13)), "non-membership");
	idset_free(&set);

	/* Reserved: sized for the count (not a power of two), never grown. */
	for (i = 0; i < 500; i++) {
		snprintf(key, sizeof key, "ocr:task:%d", i);
		idset_add(&set, hash_bytes(key, strlen(key)));
	}
	idset_reserve(&set, 400035 - 500);
	cap = set.cap;
	ok(cap >= 400035 * 4 / 3 && cap < 400035 * 3 / 2, "a reserved set holds its count at a load near 3/4");
	for (i = 0, fresh = 0; i < 400035; i++) {
		snprintf(key, sizeof key, "ocr:task:%d", i);
		fresh += idset_add(&set, hash_bytes(key, strlen(key)));
	}
	is_int(fresh, 400035 - 500, "keys added before the reservation are still found");
	ok(set.cap == cap, "filling it to its count does not grow it");
	ok(idset_has(&set, hash_bytes("ocr:task:400034", 15)) && !idset_has(&set, hash_bytes("ocr:task:400035", 15)),
	    "membership in a table whose size is not a power of two");
	idset_free(&set);
	ok(hash_bytes("a\0b", 3) != hash_bytes("a\0c", 3), "bytes after a NUL count");

	for (i = 0; i < 1000; i++) {
		snprintf(key, sizeof key, "user-%d", i % 10);
		strcount_get(&t, key, strlen(key))->count++;
	}
	strcount_get(&t, "user-3", 6)->count += 5;
	strcount_get(&t, "bin\0ary", 7)->count = 100;
	is_int((long long)t.n, 11, "eleven distinct strings");
	v = strcount_sorted(&t);
	is_str(v[0]->s, "user-3", "the largest count comes first");
	is_int(v[0]->count, 105, "its count");
	is_int((long long)v[1]->len, 7, "binary strings keep their length");
	is_str(v[2]->s, "user-0", "ties sort by string");
	free(v);
	ok(strcount_find(&t, "user-99", 7) == NULL, "find does not add");
	strcount_free(&t);
	return done_testing();
}
