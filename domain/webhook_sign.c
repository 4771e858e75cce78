/* SPDX-License-Identifier: MIT */
/*
 * domain/webhook_sign.c
 *
 * What Standard Webhooks (standardwebhooks.com) fixes about a delivery:
 * the secret's form and the signature; and the retry schedule.
 */
#include "domain/webhook.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include "domain/base/log.h"

#define SECRET_PREFIX	"whsec_"
#define RETRY_BASE_MS	500L
#define RETRY_MAX_MS	3600000L

int
dom_webhook_secret_new(char out[DOM_WEBHOOK_SECRET_LEN], struct err *err)
{
	unsigned char	raw[32];

	if (RAND_bytes(raw, sizeof(raw)) != 1) {
		log_error("random generator failed");
		return err_internal(err);
	}
	memcpy(out, SECRET_PREFIX, sizeof(SECRET_PREFIX) - 1);
	/* 32 bytes are 44 base64 characters and a NUL: exactly the room. */
	EVP_EncodeBlock((unsigned char *)out + sizeof(SECRET_PREFIX) - 1, raw,
	    sizeof(raw));
	return 0;
}

/* One "v1,…" signature into out (room for 3 + 44 + NUL); -1 on a bad key. */
static int
sign_one(char out[64], const char *secret, const char *msg_id, long long ts,
    const char *body, size_t len)
{
	unsigned char	 key[96], md[EVP_MAX_MD_SIZE];
	unsigned int	 mdlen = 0;
	char		*msg;
	size_t		 klen, slen, hlen;
	int		 n;

	if (strncmp(secret, SECRET_PREFIX, sizeof(SECRET_PREFIX) - 1) != 0)
		return -1;
	secret += sizeof(SECRET_PREFIX) - 1;
	slen = strlen(secret);
	if (slen < 4 || slen % 4 != 0 || slen > 128)
		return -1;
	n = EVP_DecodeBlock(key, (const unsigned char *)secret, (int)slen);
	if (n < 0)
		return -1;
	/* EVP_DecodeBlock counts the padding as zero bytes. */
	klen = (size_t)n - (secret[slen - 1] == '=') - (secret[slen - 2] == '=');
	/* The signed content: "id.timestamp.body". */
	msg = xmalloc(strlen(msg_id) + 32 + len);
	hlen = (size_t)sprintf(msg, "%s.%lld.", msg_id, ts);
	memcpy(msg + hlen, body, len);
	n = HMAC(EVP_sha256(), key, (int)klen, (unsigned char *)msg, hlen + len,
	    md, &mdlen) != NULL;
	free(msg);
	if (!n)
		return -1;
	memcpy(out, "v1,", 3);
	EVP_EncodeBlock((unsigned char *)out + 3, md, (int)mdlen);
	return 0;
}

const char *
dom_webhook_sign(struct arena *a, const char *secret, const char *previous,
    const char *msg_id, long long ts, const char *body, size_t len)
{
	char	cur[64], prev[64];

	if (sign_one(cur, secret, msg_id, ts, body, len) == -1)
		return NULL;
	if (previous == NULL)
		return arena_strdup(a, cur);
	if (sign_one(prev, previous, msg_id, ts, body, len) == -1)
		return NULL;
	return arena_printf(a, "%s %s", cur, prev);
}

long
dom_webhook_retry_ms(int attempt, unsigned rnd)
{
	long	ms = RETRY_BASE_MS;
	int	i;

	for (i = 1; i < attempt && ms < RETRY_MAX_MS; i++)
		ms *= 2;
	if (ms > RETRY_MAX_MS)
		ms = RETRY_MAX_MS;
	/* Jitter spreads the retries of many deliveries that failed at once. */
	return ms / 2 + (long)((double)(ms / 2) * ((double)rnd / 4294967296.0));
}
