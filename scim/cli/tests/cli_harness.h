/* SPDX-License-Identifier: MIT */
/*
 * scim/cli/tests/cli_harness.h
 *
 * What the scim/cli tests share: a clean environment before each test, a
 * subcommand by its words, and one parse of a command line. Linked into
 * every test program of this folder; include after <cmocka.h>.
 */
#ifndef SCIMD_CLI_HARNESS_H
#define SCIMD_CLI_HARNESS_H

#include "domain/base/err.h"
#include "scim/cli/cli_int.h"

/* Unsets the variable of every option that has one (SCIMD_*). */
void	h_cli_env_clear(void);
/* A cmocka setup: h_cli_env_clear. */
int	h_reset(void **state);

/* The subcommand `group [sub]` (sub NULL: none); fails the test if none. */
const struct cli_cmd	*h_cmd(const char *group, const char *sub);

/*
 * Parses `words` (the subcommand: "serve", "org policy") followed by the
 * NULL-terminated arguments into *a, freeing what a parse before left in
 * a->arena and clearing *a and *e first; the test frees the last parse's
 * arena with arena_free. Returns cli_parse's result.
 */
int	h_parse(struct cli_args *a, struct err *e, const char *words, ...);

#endif
