/*
 * check_fw.c - TODO (being written).
 */
#include "mh.h"

#include "unit.h"

START_TEST(test_placeholder)
{
	ck_assert_int_eq(1, 1);
}
END_TEST

static Suite *
fw_suite(void)
{
	Suite	*s = suite_create("fw");
	TCase	*tc = tcase_create("fw");

	tcase_add_test(tc, test_placeholder);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(fw_suite)
