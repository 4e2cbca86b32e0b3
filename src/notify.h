/* A platform notification as received on ns:notifications*: the channel,
 * the raw payload and, when it is JSON, the fields the Feed shows
 * (type, task_id, user_id, status, error, result.confidence,
 * result.word_count, timestamp in s or ms). */
#ifndef OCRTOP_NOTIFY_H
#define OCRTOP_NOTIFY_H

#include <stddef.h>
#include <stdint.h>

#define NOTIFY_PAYLOAD_MAX 4096		/* bytes of a payload kept */

struct notify_msg {
	int64_t	 received_ms;
	char	*channel;	/* owned, raw */
	size_t	 channel_len;
	char	*payload;	/* owned, raw, at most NOTIFY_PAYLOAD_MAX */
	size_t	 payload_len;
	int	 json;		/* the payload was a JSON object */
	char	*type;		/* owned text or NULL */
	char	*task_id;
	char	*user_id;
	char	*status;
	char	*error;
	double	 confidence;	/* NAN when absent */
	long long word_count;	/* -1 when absent */
	int64_t	 ts_ms;		/* -1 when absent */
};

/* Decodes one message. */
void notify_decode(struct notify_msg *m, const char *channel, size_t channel_len,
    const char *payload, size_t len, int64_t now_ms);
/* Returns 1 if the message mentions text in its channel, type, task, user,
 * status or payload (a plain substring match). */
int notify_matches(const struct notify_msg *m, const char *text);
/* Deep-copies src into dst. */
void notify_copy(struct notify_msg *dst, const struct notify_msg *src);
/* Frees what m owns. */
void notify_free(struct notify_msg *m);

#endif
