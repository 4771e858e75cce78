/* SPDX-License-Identifier: MIT */
/*
 * domain/secret.c
 *
 * 32 random bytes give 256 bits: a stored SHA-256 without salt is then
 * safe, since the input cannot be guessed.
 */
#include "domain/secret.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

#include <openssl/evp.h>
#include <openssl/rand.h>

#include "domain/base/log.h"

static const char b64url[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

int
dom_secret_new(char out[DOM_SECRET_LEN], const char *prefix, struct err *err)
{
	unsigned char	raw[32];
	size_t		n, i;
	unsigned	acc = 0;
	int		bits = 0;

	/* Room for the prefix, '_' and all 43 characters of 32 bytes. */
	assert(strlen(prefix) <= DOM_SECRET_LEN - 46);
	if (RAND_bytes(raw, sizeof(raw)) != 1) {
		log_error("random generator failed");
		return err_internal(err);
	}
	n = (size_t)snprintf(out, DOM_SECRET_LEN, "%s_", prefix);
	for (i = 0; i < sizeof(raw) && n < DOM_SECRET_LEN - 1; i++) {
		acc = (acc << 8) | raw[i];
		bits += 8;
		while (bits >= 6 && n < DOM_SECRET_LEN - 1) {
			bits -= 6;
			out[n++] = b64url[(acc >> bits) & 0x3f];
		}
	}
	if (bits > 0 && n < DOM_SECRET_LEN - 1)
		out[n++] = b64url[(acc << (6 - bits)) & 0x3f];
	out[n] = '\0';
	return 0;
}

void
dom_secret_hash(char out[DOM_SECRET_HASH_HEX], const char *secret, size_t len)
{
	unsigned char	md[EVP_MAX_MD_SIZE];
	unsigned int	mdlen = 0, i;

	EVP_Digest(secret, len, md, &mdlen, EVP_sha256(), NULL);
	for (i = 0; i < mdlen && i < 32; i++)
		snprintf(out + 2 * i, 3, "%02x", md[i]);
	out[64] = '\0';
}
