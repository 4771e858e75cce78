/* SPDX-License-Identifier: MIT */
/*
 * domain/secret.h
 *
 * Bearer secrets (SCIM tokens, session tokens, SSO secrets): generation
 * from the OS CSPRNG and the SHA-256 digest under which they are stored.
 * The secret itself is never stored or logged.
 */
#ifndef SCIMD_SECRET_H
#define SCIMD_SECRET_H

#include <stddef.h>

#include "domain/base/err.h"

#define DOM_SECRET_LEN		64	/* printable length, prefix included */
#define DOM_SECRET_HASH_HEX	65	/* 64 hex digits + NUL */

/*
 * Writes a new secret "<prefix>_<43 base64url chars>" into out (at least
 * DOM_SECRET_LEN bytes). Returns 0, or -1 with err 500 if the CSPRNG fails.
 */
int	dom_secret_new(char out[DOM_SECRET_LEN], const char *prefix,
	    struct err *err);

/* Hex SHA-256 of the secret, the form stored and looked up. */
void	dom_secret_hash(char out[DOM_SECRET_HASH_HEX], const char *secret,
	    size_t len);

#endif
