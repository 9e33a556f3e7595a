/*
 * main.c - mailharden: the wizard, or a subcommand.
 */
#include "mh.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cli/cli.h"
#include "fw.h"

/* `mailharden __fw-helper ...`: run by plan steps (fw.h). */
static int
main_fw_helper(int argc, char **argv)
{
	struct buf	 out;
	char		*cause = NULL;
	int		 rc;

	buf_init(&out, 0);
	rc = fw_helper(argc, argv, &out, &cause);
	fputs(buf_str(&out), stdout);
	if (cause != NULL)
		fprintf(stderr, "mailharden: %s\n", cause);
	free(cause);
	buf_clear(&out);
	return rc;
}

int
main(int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], FW_HELPER_ARG) == 0)
		return main_fw_helper(argc - 1, argv + 1);
	return cli_main(argc, argv);
}
