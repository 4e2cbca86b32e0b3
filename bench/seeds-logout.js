// Seed 000's "logout from all devices", as the seed writes it: node-redis
// v4, scanIterator over the session keys, then one awaited GET and, for
// the user's sessions, one awaited DEL per key. The same commands as
// bench/seeds-logout.c (see there). The seed passes no COUNT (the server's
// default, 10); bench-logout.sh passes 100 unless told otherwise.
//
// usage: node seeds-logout.js SOCKET USER_ID [COUNT]
// (NODE_PATH must reach the redis package; COUNT 0 sends none.) Prints
// "result scanned=.. deleted=..".
'use strict';

const { createClient } = require('redis');

async function main() {
	const [sock, userId, count = '100'] = process.argv.slice(2);
	const options = { MATCH: 'ocr:session:*' };
	const redis = createClient({ socket: { path: sock } });
	let scanned = 0, deleted = 0;

	if (Number(count) > 0)
		options.COUNT = Number(count);
	await redis.connect();
	// The seed's loop, verbatim but for the counters.
	for await (const key of redis.scanIterator(options)) {
		const sessionData = await redis.get(key);
		// A key that expires or is logged out between SCAN and GET gives
		// null here, and session.user_id throws: the seed's loop dies.
		// Nothing else touches the keys in the benchmark.
		const session = JSON.parse(sessionData);
		scanned++;
		if (session.user_id === userId) {
			await redis.del(key);
			deleted++;
		}
	}
	await redis.quit();
	console.log(`result scanned=${scanned} deleted=${deleted}`);
}

main().catch((err) => {
	console.error(`seeds-logout.js: ${err.message}`);
	process.exit(1);
});
