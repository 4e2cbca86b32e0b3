// Seed 000's worker loop, as the seeds write it: node-redis v4, BRPOP, then
// one awaited command at a time, with the OCR step stubbed out. The same
// commands as bench/seeds-worker.c (see there); leaves when BRPOP has
// waited 0.1 s for nothing.
//
// usage: node seeds-worker.js SOCKET [INDEX]
// (NODE_PATH must reach the redis package.) Prints
// "result threads=1 done=.. wall_ms=..".
'use strict';

const { createClient } = require('redis');

const STUB_TEXT = 'stub result';

async function main() {
	const sock = process.argv[2];
	const workerId = `seeds-worker-js-${process.argv[3] || 0}`;
	const redis = createClient({ socket: { path: sock } });
	const t0 = process.hrtime.bigint();
	let done = 0;

	await redis.connect();
	for (;;) {
		const popped = await redis.brPop('ocr:task:queue', 0.1);
		if (popped === null)
			break;
		const taskId = popped.element;
		const key = `ocr:task:data:${taskId}`;
		const task = await redis.hGetAll(key);

		await redis.hSet(key, {
			status: 'processing',
			worker_id: workerId,
			started_at: Date.now()
		});
		await redis.hIncrBy(key, 'attempts', 1);
		// The OCR step, stubbed: a fixed result.
		const result = { text: STUB_TEXT, confidence: 0.95, word_count: 2, processing_ms: 0,
			worker_id: workerId };
		await redis.set(`ocr:cache:result:${taskId}`, JSON.stringify(result), { EX: 3600 });
		await redis.hSet(key, { status: 'completed', completed_at: Date.now() });
		await redis.incr('ocr:stats:tasks:completed');
		const today = new Date().toISOString().split('T')[0];
		await redis.hIncrBy(`ocr:stats:daily:${today}`, 'tasks_completed', 1);
		const msg = JSON.stringify({
			type: 'task_completed',
			task_id: taskId,
			user_id: task.user_id,
			status: 'completed',
			result: { confidence: result.confidence, word_count: result.word_count },
			timestamp: Math.floor(Date.now() / 1000)
		});
		await redis.publish('ocr:notifications', msg);
		await redis.publish(`ocr:notifications:user:${task.user_id}`, msg);
		await redis.publish(`ocr:notifications:task:${taskId}`, msg);
		await redis.expire(key, 86400);
		done++;
	}
	await redis.quit();
	const ms = Number(process.hrtime.bigint() - t0) / 1e6;
	console.log(`result threads=1 done=${done} wall_ms=${ms.toFixed(1)}`);
}

main().catch((err) => {
	console.error(`seeds-worker.js: ${err.message}`);
	process.exit(1);
});
