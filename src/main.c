/*
 * main.c - mailharden: the wizard, or a subcommand.
 */
#include "mh.h"

#include "cli/cli.h"

int
main(int argc, char **argv)
{
	return cli_main(argc, argv);
}
