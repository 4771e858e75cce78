/* SPDX-License-Identifier: MIT */
/*
 * storage/cursor.c
 *
 * The cursor codec: binary layout, base64url and the MAC. Pure given the
 * key; the key and the page query are storage/cursor_page.c.
 */
#include "storage/cursor.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#define VERSION		1
#define F_START		0x01
#define F_REVERSE	0x02
#define F_KEY		0x04	/* a sort key follows */
#define F_KEY_NULL	0x08	/* the sort key is SQL NULL */
#define HEAD_LEN	(1 + 1 + 8 + 8 + 16)
#define KLEN_LEN	4
#define MAC_LEN		32
#define TEXT_MAX	65536	/* longer text is no cursor of ours */

static const char b64[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

static void
put64(unsigned char *p, uint64_t v)
{
	int	i;

	for (i = 7; i >= 0; i--, v >>= 8)
		p[i] = (unsigned char)(v & 0xff);
}

static uint64_t
get64(const unsigned char *p)
{
	uint64_t	v = 0;
	int		i;

	for (i = 0; i < 8; i++)
		v = v << 8 | p[i];
	return v;
}

static int
hexval(int ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	if (ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	return -1;
}

/* A canonical uuid → 16 bytes; -1 when s is not one. */
static int
uuid_pack(unsigned char out[16], const char *s)
{
	int	i, n = 0, hi, lo;

	for (i = 0; n < 16; i += 2) {
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (s[i] != '-')
				return -1;
			i++;
		}
		hi = hexval(s[i]);
		lo = hi < 0 ? -1 : hexval(s[i + 1]);
		if (lo < 0)
			return -1;
		out[n++] = (unsigned char)(hi << 4 | lo);
	}
	return s[36] == '\0' ? 0 : -1;
}

static const char *
uuid_text(struct arena *a, const unsigned char in[16])
{
	static const char hex[] = "0123456789abcdef";
	char	*s = arena_alloc(a, 37), *o = s;
	int	 i;

	for (i = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			*o++ = '-';
		*o++ = hex[in[i] >> 4];
		*o++ = hex[in[i] & 15];
	}
	*o = '\0';
	return s;
}

/* HMAC over data ‖ bind; data has room for the 32 bytes of bind after n. */
static void
mac(unsigned char out[MAC_LEN], const unsigned char key[DB_CURSOR_KEY_LEN],
    unsigned char *data, size_t n, const unsigned char bind[32])
{
	unsigned char	tmp[MAC_LEN];
	unsigned int	len = MAC_LEN;

	memcpy(data + n, bind, 32);
	HMAC(EVP_sha256(), key, DB_CURSOR_KEY_LEN, data, n + 32, tmp, &len);
	memcpy(out, tmp, MAC_LEN);
}

const char *
db_cursor_encode(struct arena *a, const struct db_cursor_pos *p,
    const unsigned char key[DB_CURSOR_KEY_LEN], const unsigned char bind[32],
    time_t now)
{
	unsigned char	*raw;
	size_t		 n = HEAD_LEN, klen, i;
	char		*out, *o;
	unsigned	 acc = 0;
	int		 bits = 0;

	klen = !p->start && p->at.key != NULL ? strlen(p->at.key) : 0;
	raw = arena_alloc(a, HEAD_LEN + KLEN_LEN + klen + MAC_LEN + 32);
	memset(raw, 0, HEAD_LEN);
	raw[0] = VERSION;
	raw[1] = (unsigned char)((p->start ? F_START : 0) |
	    (p->reverse ? F_REVERSE : 0));
	put64(raw + 2, (uint64_t)now);
	if (!p->start) {
		put64(raw + 10, (uint64_t)strtoll(p->at.created, NULL, 10));
		if (uuid_pack(raw + 18, p->at.id) == -1)
			abort();	/* ids come from the database */
		raw[1] |= p->at.key == NULL ? F_KEY_NULL : F_KEY;
	}
	if (!p->start && p->at.key != NULL) {
		raw[n++] = (unsigned char)(klen >> 24);
		raw[n++] = (unsigned char)(klen >> 16);
		raw[n++] = (unsigned char)(klen >> 8);
		raw[n++] = (unsigned char)(klen & 0xff);
		memcpy(raw + n, p->at.key, klen);
		n += klen;
	}
	mac(raw + n, key, raw, n, bind);
	n += MAC_LEN;
	out = o = arena_alloc(a, (n * 4 + 2) / 3 + 1);
	for (i = 0; i < n; i++) {
		acc = acc << 8 | raw[i];
		bits += 8;
		while (bits >= 6) {
			bits -= 6;
			*o++ = b64[(acc >> bits) & 63];
		}
	}
	if (bits > 0)
		*o++ = b64[(acc << (6 - bits)) & 63];
	*o = '\0';
	return out;
}

/* base64url without padding → bytes; -1 on a bad character or length. */
static int
unb64(unsigned char *out, size_t cap, size_t *n, const char *s)
{
	unsigned	 acc = 0;
	int		 bits = 0;
	const char	*hit;

	*n = 0;
	for (; *s != '\0'; s++) {
		hit = strchr(b64, *s);
		if (hit == NULL || *n >= cap)
			return -1;
		acc = acc << 6 | (unsigned)(hit - b64);
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			out[(*n)++] = (unsigned char)((acc >> bits) & 0xff);
		}
	}
	/* Leftover bits must be zero, so each cursor has one spelling. */
	return bits >= 6 || (acc & ((1u << bits) - 1)) != 0 ? -1 : 0;
}

static int
invalid(struct err *err)
{
	return err_set(err, 400, ST_INVALID_CURSOR, "cursor is invalid or "
	    "belongs to another query; start again with an empty cursor");
}

int
db_cursor_decode(struct db_cursor_pos *p, struct arena *a, const char *text,
    const unsigned char key[DB_CURSOR_KEY_LEN], const unsigned char bind[32],
    time_t now, struct err *err)
{
	unsigned char	*raw;
	unsigned char	 want[MAC_LEN], got[MAC_LEN];
	size_t		 n, body, klen, len = strlen(text);
	int64_t		 issued;

	memset(p, 0, sizeof(*p));
	if (len > TEXT_MAX)
		return invalid(err);
	raw = arena_alloc(a, len * 3 / 4 + 3 + 32);
	if (unb64(raw, len * 3 / 4 + 3, &n, text) == -1 ||
	    n < HEAD_LEN + MAC_LEN)
		return invalid(err);
	body = n - MAC_LEN;
	memcpy(got, raw + body, MAC_LEN);
	mac(want, key, raw, body, bind);
	if (CRYPTO_memcmp(want, got, MAC_LEN) != 0 || raw[0] != VERSION)
		return invalid(err);
	issued = (int64_t)get64(raw + 2);
	if ((int64_t)now - issued > DB_CURSOR_TTL)
		return err_set(err, 400, ST_EXPIRED_CURSOR, "cursor has expired "
		    "(cursors are valid for %d seconds); start again with an "
		    "empty cursor", DB_CURSOR_TTL);
	p->start = (raw[1] & F_START) != 0;
	p->reverse = (raw[1] & F_REVERSE) != 0;
	if (p->start)
		return body == HEAD_LEN ? 0 : invalid(err);
	p->at.created = arena_printf(a, "%lld", (long long)(int64_t)get64(raw + 10));
	p->at.id = uuid_text(a, raw + 18);
	if (raw[1] & F_KEY) {
		if (body < HEAD_LEN + KLEN_LEN)
			return invalid(err);
		klen = (size_t)raw[HEAD_LEN] << 24 | (size_t)raw[HEAD_LEN + 1] << 16 |
		    (size_t)raw[HEAD_LEN + 2] << 8 | raw[HEAD_LEN + 3];
		if (HEAD_LEN + KLEN_LEN + klen != body)
			return invalid(err);
		p->at.key = arena_strndup(a, (const char *)raw + HEAD_LEN +
		    KLEN_LEN, klen);
	} else if (body != HEAD_LEN)
		return invalid(err);
	return 0;
}

void
db_cursor_bind(unsigned char out[32], const struct db_sqlbuf *b,
    const char *order, const char *extra)
{
	EVP_MD_CTX	*ctx = EVP_MD_CTX_new();
	unsigned int	 len = 32;
	int		 i;

	if (ctx == NULL)
		abort();
	EVP_DigestInit_ex(ctx, EVP_sha256(), NULL);
	/* Each piece with its NUL, so no two splits hash alike. */
	EVP_DigestUpdate(ctx, b->text, b->len + 1);
	for (i = 0; i < b->nparams; i++)
		EVP_DigestUpdate(ctx, b->params[i] ? b->params[i] : "\1",
		    b->params[i] ? strlen(b->params[i]) + 1 : 1);
	EVP_DigestUpdate(ctx, order, strlen(order) + 1);
	EVP_DigestUpdate(ctx, extra ? extra : "", extra ? strlen(extra) + 1 : 1);
	EVP_DigestFinal_ex(ctx, out, &len);
	EVP_MD_CTX_free(ctx);
}
