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
