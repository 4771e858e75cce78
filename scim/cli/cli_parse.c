/* SPDX-License-Identifier: MIT */
/*
 * scim/cli/cli_parse.c
 *
 * The one option parser of the command line: reads a subcommand's options
 * as scim/cli/cli_table.c describes them (type, range, words, default,
 * environment) and checks them before anything is opened. Not for finding
 * the subcommand or printing usage (scim/cli/cli_main.c).
 *
 * Options are GNU-style long options, `--name VALUE` or `--name=VALUE`; a
 * value is the next argument whatever it looks like, so `--removal-rate -1`
 * is a range error and not an unknown option. Unlike getopt_long, names are
 * never abbreviated: a new option can then not break an old command line.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "scim/cli/cli_int.h"

#define USAGE_ERR	400	/* err.status of a usage error; exit status 2 */

int
cli_parse_long(long *out, const char *s, long min, long max)
{
	char	*end;

	errno = 0;
	*out = strtol(s, &end, 10);
	return errno == 0 && end != s && *end == '\0' && *out >= min &&
	    *out <= max ? 0 : -1;
}

/*
 * The option `name` (len bytes) of `cmd`: 0 and *out; or -1 with *elsewhere
 * 1 when only other subcommands take it.
 */
static int
find_opt(enum cli_opt_id *out, int *elsewhere, const struct cli_cmd *cmd,
    const char *name, size_t len)
{
	int	i;

	*elsewhere = 0;
	for (i = 0; i < O_COUNT; i++) {
		if (strncmp(cli_opts[i].name, name, len) != 0 ||
		    cli_opts[i].name[len] != '\0')
			continue;
		/* Every subcommand opens the database or hands its URL on. */
		if (i == O_DATABASE || (cmd->allowed & CLI_OPT(i))) {
			*out = (enum cli_opt_id)i;
			return 0;
		}
		*elsewhere = 1;
	}
	return -1;
}

/* "admin, member or none" into buf. */
static const char *
words_text(char *buf, size_t size, const char *const *words)
{
	size_t	i, len = 0;

	buf[0] = '\0';
	for (i = 0; words[i] != NULL && len < size; i++)
		len += (size_t)snprintf(buf + len, size - len, "%s%s",
		    i == 0 ? "" : words[i + 1] == NULL ? " or " : ", ",
		    words[i]);
	return buf;
}

/*
 * The setters below take `who`, the name the operator used: "--workers" on
 * the command line, "SCIMD_WORKERS" from the environment, so an error names
 * what is to be fixed.
 */
static int
set_int(struct cli_args *a, enum cli_opt_id id, const char *who,
    const char *s, struct err *err)
{
	const struct cli_opt	*o = &cli_opts[id];

	if (o->none != NULL && strcmp(s, o->none) == 0) {
		a->n[id] = -1;
		return 0;
	}
	if (cli_parse_long(&a->n[id], s, o->min, o->max) == -1)
		return err_set(err, USAGE_ERR, ST_NONE,
		    "%s must be %ld..%ld%s%s, not \"%s\"", who, o->min,
		    o->max, o->none != NULL ? " or " : "",
		    o->none != NULL ? o->none : "", s);
	return 0;
}

static int
set_enum(struct cli_args *a, enum cli_opt_id id, const char *who,
    const char *s, struct err *err)
{
	const struct cli_opt	*o = &cli_opts[id];
	char			 buf[128];
	long			 i;

	for (i = 0; o->words[i] != NULL; i++) {
		if (strcmp(o->words[i], s) == 0) {
			a->n[id] = o->values != NULL ? o->values[i] : i;
			return 0;
		}
	}
	return err_set(err, USAGE_ERR, ST_NONE, "%s must be %s, not \"%s\"",
	    who, words_text(buf, sizeof(buf), o->words), s);
}

/* http(s)://host[/path], kept without trailing '/' so paths append to it. */
static int
set_url(struct cli_args *a, enum cli_opt_id id, const char *who,
    const char *s, struct err *err)
{
	size_t	len = strlen(s);

	if (strncmp(s, "http://", 7) != 0 && strncmp(s, "https://", 8) != 0)
		return err_set(err, USAGE_ERR, ST_NONE,
		    "%s must start with http:// or https://, not \"%s\"", who,
		    s);
	while (len > 0 && s[len - 1] == '/')
		len--;
	a->v[id] = arena_strndup(&a->arena, s, len);
	return 0;
}

/*
 * Stores the value `s` of option `id`, given as `who` (see set_int); argc
 * bounds a list's length.
 */
static int
set_value(struct cli_args *a, enum cli_opt_id id, const char *who,
    const char *s, int argc, struct err *err)
{
	a->v[id] = s;
	switch (cli_opts[id].type) {
	case CLI_LIST:
		if (a->list == NULL)
			a->list = arena_alloc(&a->arena,
			    (size_t)argc * sizeof(*a->list));
		a->list[a->nlist++] = s;
		return 0;
	case CLI_INT:
		return set_int(a, id, who, s, err);
	case CLI_ENUM:
		return set_enum(a, id, who, s, err);
	case CLI_URL:
		return set_url(a, id, who, s, err);
	case CLI_FLAG:
		a->n[id] = 1;
		return 0;
	case CLI_STR:
		break;
	}
	return 0;
}

/*
 * Reads the option at argv[*i], and its value, advancing *i past what it
 * used. Returns 0, or -1 with err set.
 */
static int
read_opt(struct cli_args *a, const struct cli_cmd *cmd, int argc,
    char **argv, int *i, struct err *err)
{
	const char	*arg = argv[*i], *name = arg + 2, *eq, *val;
	char		 who[64];
	enum cli_opt_id	 id;
	size_t		 len;
	int		 elsewhere;

	if (arg[0] != '-' || arg[1] != '-')
		return err_set(err, USAGE_ERR, ST_NONE,
		    "unrecognized option \"%s\"", arg);
	eq = strchr(name, '=');
	len = eq != NULL ? (size_t)(eq - name) : strlen(name);
	if (find_opt(&id, &elsewhere, cmd, name, len) == -1)
		return err_set(err, USAGE_ERR, ST_NONE, elsewhere ?
		    "--%.*s does not apply here" :
		    "unrecognized option \"--%.*s\"", (int)len, name);
	snprintf(who, sizeof(who), "--%s", cli_opts[id].name);
	if (cli_opts[id].type == CLI_FLAG) {
		if (eq != NULL)
			return err_set(err, USAGE_ERR, ST_NONE,
			    "--%s takes no value", cli_opts[id].name);
		return set_value(a, id, who, arg, argc, err);
	}
	if (eq != NULL) {
		val = eq + 1;
	} else if (*i + 1 < argc) {
		val = argv[++*i];
	} else {
		return err_set(err, USAGE_ERR, ST_NONE, "--%s requires a value",
		    cli_opts[id].name);
	}
	return set_value(a, id, who, val, argc, err);
}

/* Numbers start at their defaults; strings left NULL get theirs later. */
static void
set_defaults(struct cli_args *a)
{
	int	i;

	for (i = 0; i < O_COUNT; i++)
		a->n[i] = cli_opts[i].dflt;
}

/*
 * What the command line left unset comes from the option's environment
 * variable when it is set and not empty, checked as the flag would be,
 * else from the string default. Returns 0, or -1 with err naming the
 * variable.
 */
static int
env_defaults(struct cli_args *a, const struct cli_cmd *cmd, int argc,
    struct err *err)
{
	const struct cli_opt	*o;
	const char		*e;
	int			 i;

	for (i = 0; i < O_COUNT; i++) {
		o = &cli_opts[i];
		if (a->v[i] != NULL ||
		    (i != O_DATABASE && !(cmd->allowed & CLI_OPT(i))))
			continue;
		e = o->env != NULL ? getenv(o->env) : NULL;
		if (e == NULL || e[0] == '\0')
			a->v[i] = o->sdflt;
		else if (set_value(a, (enum cli_opt_id)i, o->env, e, argc,
		    err) == -1)
			return -1;
	}
	return 0;
}

int
cli_parse(struct cli_args *a, const struct cli_cmd *cmd, int argc,
    char **argv, struct err *err)
{
	int	i, rest = 0;

	set_defaults(a);
	for (i = 1; i < argc; i++) {
		if (rest || argv[i][0] != '-' || argv[i][1] == '\0')
			return err_set(err, USAGE_ERR, ST_NONE,
			    "unexpected argument \"%s\"", argv[i]);
		if (strcmp(argv[i], "--") == 0)
			rest = 1;
		else if (strcmp(argv[i], "--help") == 0 ||
		    strcmp(argv[i], "-h") == 0)
			return 1;
		else if (read_opt(a, cmd, argc, argv, &i, err) == -1)
			return -1;
	}
	if (env_defaults(a, cmd, argc, err) == -1)
		return -1;
	for (i = 0; i < O_COUNT; i++)
		if ((cmd->required & CLI_OPT(i)) && a->v[i] == NULL)
			return err_set(err, USAGE_ERR, ST_NONE,
			    "--%s is required", cli_opts[i].name);
	cli_args_derive(a);
	return 0;
}
