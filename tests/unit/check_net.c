/*
 * check_net.c - TODO (being written).
 */
#include "mh.h"

#include "unit.h"

START_TEST(test_placeholder)
{
	ck_assert_int_eq(1, 1);
}
END_TEST

static Suite *
net_suite(void)
{
	Suite	*s = suite_create("net");
	TCase	*tc = tcase_create("net");

	tcase_add_test(tc, test_placeholder);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(net_suite)
