/* SPDX-License-Identifier: MIT */
/*
 * scim/patch/patch_path.c
 *
 * Parses and resolves the `path` of a PATCH operation (RFC 7644 §3.5.2)
 * against the schema catalog. It does not evaluate anything: the engine
 * (patch_apply.c) does that with the result.
 */
#include "scim/patch/patch_int.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "scim/filter/filter.h"

static int
bad_path(struct err *err, const char *text, size_t off, const char *what)
{
	return err_set(err, 400, ST_INVALID_PATH,
	    "invalid path \"%.120s\": %s at offset %zu", text, what, off);
}

/*
 * ATTRNAME = ALPHA *(nameChar), nameChar = "-" / "_" / DIGIT / ALPHA
 * (RFC 7643 §2.1). "$ref" is also accepted because it is the name of a
 * sub-attribute (RFC 7643 §2.3.7). Returns the length, 0 when none.
 */
static size_t
attr_name_len(const char *s)
{
	size_t	n = 0;

	if (strncmp(s, "$ref", 4) == 0 && !isalnum((unsigned char)s[4]) &&
	    s[4] != '_' && s[4] != '-')
		return 4;
	if (!isalpha((unsigned char)s[0]))
		return 0;
	while (isalnum((unsigned char)s[n]) || s[n] == '-' || s[n] == '_')
		n++;
	return n;
}

/*
 * Offset of the ']' closing the value filter that starts at s (just
 * after '['), skipping quoted strings so `[value eq "a]b"]` works, or -1
 * when there is none. valFilter has no nested brackets (RFC 7644 §3.5.2
 * ABNF), so the first unquoted ']' closes it.
 */
static long
filter_end(const char *s)
{
	size_t	i;
	int	quoted = 0;

	for (i = 0; s[i] != '\0'; i++) {
		if (quoted && s[i] == '\\' && s[i + 1] != '\0')
			i++;
		else if (s[i] == '"')
			quoted = !quoted;
		else if (!quoted && s[i] == ']')
			return (long)i;
	}
	return -1;
}

/*
 * The URN part of the path: sets *schema_urn to the schema id of rt the
 * path is qualified with (NULL when unqualified) and *rest to what
 * follows it. A path that starts with "urn:" but names no schema of rt
 * is an error rather than an attribute named "urn".
 */
static int
split_urn(const char **schema_urn, const char **rest,
    const struct schema_rtype *rt, const char *text, struct err *err)
{
	size_t	n;

	*schema_urn = NULL;
	*rest = text;
	if (strncasecmp(text, "urn:", 4) != 0)
		return 0;
	n = schema_split_urn(rt, text, rest);
	if (n == 0)
		return err_set(err, 400, ST_INVALID_PATH,
		    "invalid path \"%.120s\": unrecognized schema for %s",
		    text, rt->id);
	if (rt->ext != NULL && strlen(rt->ext->id) == n &&
	    strncasecmp(text, rt->ext->id, n) == 0)
		*schema_urn = rt->ext->id;
	else
		*schema_urn = rt->core->id;
	return 0;
}

/*
 * Resolves urn + attr + sub. An unqualified name that is not in the core
 * schema is also looked up in the extension: RFC 7644 §3.10 wants
 * extension attributes qualified, but a lone "employeeNumber" can only
 * mean one thing and clients do send it.
 */
static int
resolve(struct scim_patch_path *out, const struct schema_rtype *rt,
    const char *urn, const char *attr, const char *sub, struct err *err)
{
	struct schema_ref	ref;

	if (schema_resolve(&ref, rt, urn, attr, NULL) == -1 &&
	    (urn != NULL || rt->ext == NULL ||
	    schema_resolve(&ref, rt, rt->ext->id, attr, NULL) == -1))
		return err_set(err, 400, ST_INVALID_PATH,
		    "invalid path \"%.120s\": unrecognized attribute \"%.60s\"",
		    out->text, attr);
	out->schema = ref.schema;
	out->attr = ref.attr;
	if (sub == NULL)
		return 0;
	out->sub = schema_sub_find(ref.attr, sub);
	if (out->sub == NULL)
		return err_set(err, 400, ST_INVALID_PATH,
		    "invalid path \"%.120s\": unrecognized sub-attribute "
		    "\"%.60s\" of \"%s\"", out->text, sub, ref.attr->name);
	return 0;
}

/*
 * Parses the bracket filter and checks it against the attribute's
 * sub-attributes by wrapping it in the value path it came from, which is
 * what scim_filter_check knows how to check.
 */
static int
parse_filter(struct scim_patch_path *out, struct arena *a,
    const struct schema_rtype *rt, const char *urn, const char *ftext,
    struct err *err)
{
	struct query_node	*inner = NULL, *vp;

	if (!out->attr->multi)
		return err_set(err, 400, ST_INVALID_PATH,
		    "invalid path \"%.120s\": a value filter needs a "
		    "multi-valued attribute, \"%s\" is single-valued",
		    out->text, out->attr->name);
	if (scim_filter_parse(&inner, a, ftext, err) == -1)
		return -1;
	vp = arena_alloc(a, sizeof(*vp));
	memset(vp, 0, sizeof(*vp));
	vp->op = Q_VALUEPATH;
	vp->path.urn = urn;
	vp->path.attr = out->attr->name;
	vp->left = inner;
	if (scim_filter_check(vp, rt, err) == -1)
		return -1;
	out->filter = inner;
	return 0;
}

/*
 * PATH      = attrPath / valuePath [subAttr]
 * attrPath  = [URI ":"] ATTRNAME *1subAttr
 * valuePath = attrPath "[" valFilter "]"
 * subAttr   = "." ATTRNAME
 *
 * plus a bare schema URN, which names the whole extension object (the
 * form `{"path": "urn:…:enterprise:2.0:User", "value": {…}}`).
 */
int
scim_patch_path_parse(struct scim_patch_path *out, struct arena *a,
    const struct schema_rtype *rt, const char *text, struct err *err)
{
	const char	*urn, *p, *ftext = NULL;
	char		*attr, *sub = NULL;
	size_t		 n, len = strlen(text);
	long		 fend;

	memset(out, 0, sizeof(*out));
	out->text = text;
	if (len == 0)
		return bad_path(err, text, 0, "empty path");
	if (len > SCIM_PATCH_MAX_PATH)
		return err_set(err, 400, ST_INVALID_PATH,
		    "path is longer than %d bytes", SCIM_PATCH_MAX_PATH);
	if (strcasecmp(text, rt->core->id) == 0) {
		out->schema = rt->core;
		return 0;
	}
	if (rt->ext != NULL && strcasecmp(text, rt->ext->id) == 0) {
		out->schema = rt->ext;
		return 0;
	}
	if (split_urn(&urn, &p, rt, text, err) == -1)
		return -1;
	n = attr_name_len(p);
	if (n == 0 || p[0] == '$')
		return bad_path(err, text, (size_t)(p - text),
		    "expected an attribute name");
	attr = arena_strndup(a, p, n);
	p += n;
	if (*p == '[') {
		fend = filter_end(p + 1);
		if (fend < 0)
			return bad_path(err, text, (size_t)(p - text),
			    "unterminated value filter");
		if (fend == 0)
			return bad_path(err, text, (size_t)(p - text),
			    "empty value filter");
		ftext = arena_strndup(a, p + 1, (size_t)fend);
		p += fend + 2;
	}
	if (*p == '.') {
		p++;
		n = attr_name_len(p);
		if (n == 0)
			return bad_path(err, text, (size_t)(p - text),
			    "expected a sub-attribute name");
		sub = arena_strndup(a, p, n);
		p += n;
	}
	if (*p != '\0')
		return bad_path(err, text, (size_t)(p - text),
		    "unexpected character");
	if (resolve(out, rt, urn, attr, sub, err) == -1)
		return -1;
	if (ftext != NULL && parse_filter(out, a, rt, urn, ftext, err) == -1)
		return -1;
	return 0;
}
