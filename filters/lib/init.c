/*
 * cchc: what every program does first and last: its name for messages and
 * the limits from the environment (cchc_init), and --version.  This file
 * sits above diag.c, input.c, csvr.c and output.c, which never call it:
 * the library's layers are buf and diag at the bottom, then input,
 * output and the CSV and text modules, then this.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util.h"

/* Name the program for messages and read CCHC_MAX_DOC and CCHC_MAX_ROW. */
void
cchc_init(const char *prog)
{
	diag_prog(prog);
	in_max_doc = env_size("CCHC_MAX_DOC", in_max_doc);
	csvr_max_row = env_size("CCHC_MAX_ROW", csvr_max_row);
}

/* --version: the program and the one version of the toolkit (VERSION). */
_Noreturn void
print_version(void)
{
	const char *b = strrchr(argv0, '/');

	printf("%s (cchc) %s\n", b ? b + 1 : argv0, CCHC_VERSION);
	exit(fshut(stdout, "stdout") ? 1 : 0);
}
