/*
 * check_exec.c - the one module that runs commands: output and status
 * captured, a relative path refused, a command that overruns killed
 * with a reason, and exec_run_many running its jobs at the same time
 * (three one-second sleeps end well before the three seconds one after
 * another would take).
 */
#include "mh.h"

#include <string.h>
#include <time.h>

#include "exec.h"
#include "unit.h"

static double
now_s(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

START_TEST(test_run_captures)
{
	const char		*argv[] = { "/bin/echo", "hello", NULL };
	const char		*bad[] = { "/bin/ls", "/nonexistent.mh", NULL };
	struct exec_result	 res;
	char			*cause = NULL;

	exec_result_init(&res);
	ck_assert_int_eq(exec_run(argv, 5000, &res, &cause), 0);
	ck_assert_int_eq(res.status, 0);
	ck_assert_str_eq(buf_str(&res.out), "hello\n");
	exec_result_clear(&res);
	exec_result_init(&res);
	ck_assert_int_eq(exec_run(bad, 5000, &res, &cause), 0);
	ck_assert_int_ne(res.status, 0);
	ck_assert_ptr_nonnull(strstr(buf_str(&res.err), "nonexistent.mh"));
	exec_result_clear(&res);
}
END_TEST

START_TEST(test_run_refuses_relative)
{
	const char		*argv[] = { "echo", "x", NULL };
	struct exec_result	 res;
	char			*cause = NULL;

	exec_result_init(&res);
	ck_assert_int_eq(exec_run(argv, 5000, &res, &cause), -1);
	ck_assert_ptr_nonnull(strstr(cause, "absolute path"));
	free(cause);
	exec_result_clear(&res);
}
END_TEST

START_TEST(test_run_timeout_kills)
{
	const char		*argv[] = { "/bin/sleep", "30", NULL };
	struct exec_result	 res;
	char			*cause = NULL;
	double			 t0 = now_s();

	exec_result_init(&res);
	ck_assert_int_eq(exec_run(argv, 200, &res, &cause), -1);
	ck_assert(res.timed_out);
	ck_assert_ptr_nonnull(strstr(cause, "timed out"));
	ck_assert(now_s() - t0 < 10);
	free(cause);
	exec_result_clear(&res);
}
END_TEST

START_TEST(test_many_runs_together)
{
	const char	*sl[] = { "/bin/sleep", "1", NULL };
	const char	*ec[] = { "/bin/echo", "two", NULL };
	const char	*rel[] = { "sleep", "1", NULL };
	struct exec_job	 j[5];
	double		 t0;
	size_t		 i;

	memset(j, 0, sizeof j);
	j[0].argv = j[1].argv = j[2].argv = sl;
	j[3].argv = ec;
	j[4].argv = rel;
	for (i = 0; i < 5; i++)
		exec_result_init(&j[i].res);
	t0 = now_s();
	exec_run_many(j, 5, 10000);
	ck_assert_msg(now_s() - t0 < 2.5, "three 1 s sleeps took %.2f s",
	    now_s() - t0);
	for (i = 0; i < 3; i++) {
		ck_assert_int_eq(j[i].rc, 0);
		ck_assert_int_eq(j[i].res.status, 0);
	}
	ck_assert_int_eq(j[3].rc, 0);
	ck_assert_str_eq(buf_str(&j[3].res.out), "two\n");
	ck_assert_int_eq(j[4].rc, -1);
	ck_assert_ptr_nonnull(j[4].cause);
	for (i = 0; i < 5; i++) {
		free(j[i].cause);
		exec_result_clear(&j[i].res);
	}
}
END_TEST

static Suite *
exec_suite(void)
{
	Suite	*s = suite_create("exec");
	TCase	*tc = tcase_create("exec");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_run_captures);
	tcase_add_test(tc, test_run_refuses_relative);
	tcase_add_test(tc, test_run_timeout_kills);
	tcase_add_test(tc, test_many_runs_together);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(exec_suite)
