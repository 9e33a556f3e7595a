/*
 * check_osrel.c - TODO (being written).
 */
#include "mh.h"

#include "unit.h"

START_TEST(test_placeholder)
{
	ck_assert_int_eq(1, 1);
}
END_TEST

static Suite *
osrel_suite(void)
{
	Suite	*s = suite_create("osrel");
	TCase	*tc = tcase_create("osrel");

	tcase_add_test(tc, test_placeholder);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(osrel_suite)
