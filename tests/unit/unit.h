/*
 * unit.h - shared main() for the Check unit tests: TAP on stdout so the
 * harness counts each test case.
 */
#ifndef MH_UNIT_H
#define MH_UNIT_H

#include <check.h>
#include <stdio.h>
#include <stdlib.h>

/* Path of a test fixture under tests/data (caller frees). */
static inline char *
unit_data(const char *rel)
{
	const char	*top = getenv("top_srcdir");
	char		*p;

	if (top == NULL)
		top = ".";
	if (asprintf(&p, "%s/tests/data/%s", top, rel) == -1)
		abort();
	return p;
}

#define UNIT_MAIN(suite_fn)						\
int									\
main(void)								\
{									\
	SRunner	*sr = srunner_create(suite_fn());			\
	int	 failed;						\
									\
	srunner_set_tap(sr, "-");					\
	srunner_run_all(sr, CK_SILENT);					\
	failed = srunner_ntests_failed(sr);				\
	srunner_free(sr);						\
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;		\
}

#endif
