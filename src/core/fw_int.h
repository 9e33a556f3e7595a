/*
 * fw_int.h - helpers shared by the firewall backends (fw*.c only).
 */
#ifndef MH_FW_INT_H
#define MH_FW_INT_H

#include <stddef.h>

struct fw_ctx;

/* A small owned, NULL-terminated argv under construction. */
struct fw_argv {
	char	*v[64];
	size_t	 n;
};

void	 fw_argv_init(struct fw_argv *);
void	 fw_argv_add(struct fw_argv *, const char *);
void	 fw_argv_addf(struct fw_argv *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
void	 fw_argv_clear(struct fw_argv *);
const char *const *fw_argv_list(const struct fw_argv *);

/* Absolute path of an installed tool (sbin/bin dirs), or NULL + cause. */
char	*fw_which(const char *, char **cause);
/* Absolute path of this program (for helper steps), or NULL + cause. */
char	*fw_self_path(char **cause);
int	 fw_is_ssh_port(const struct fw_ctx *, int);
int	 fw_timeout(const struct fw_ctx *);

#endif
