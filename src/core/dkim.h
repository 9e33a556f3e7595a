/*
 * dkim.h - DKIM keys and key records: key pairs generated with OpenSSL
 * (RSA, Ed25519), the OpenDKIM file layout, the
 * <selector>._domainkey TXT value and its zone-file form, the key
 * record parser (RFC 6376 3.2 / 3.6.1) and the comparison of a
 * published key with the local one.
 */
#ifndef MH_DKIM_H
#define MH_DKIM_H

#include <stddef.h>

struct buf;
struct plan;

#define DKIM_DEFAULT_KEYDIR	"/etc/opendkim/keys"
#define DKIM_DEFAULT_BITS	2048
#define DKIM_MIN_BITS		1024	/* RFC 8301: MUST NOT use less */
#define DKIM_RECORD_CAP		8192	/* longer record text is refused */
#define DKIM_KEYFILE_CAP	65536	/* longer key files are refused */
#define DKIM_STRING_MAX		255	/* one TXT character-string */

enum dkim_type {
	DKIM_RSA,
	DKIM_ED25519
};

/* A key pair of ours. */
struct dkim_key {
	enum dkim_type	 type;
	int		 bits;
	char		*pem;		/* private key, PKCS#8 PEM */
	char		*p;		/* base64 for the record's p= */
};

/* A parsed key record. */
struct dkim_record {
	int		 has_v;		/* v=DKIM1 was given */
	char		*k;		/* key type, "rsa" when absent */
	char		*h;		/* hash algorithms or NULL */
	char		*s;		/* service types or NULL */
	char		*t;		/* flags or NULL */
	char		*n;		/* notes or NULL */
	char		*p;		/* base64, whitespace removed */
	int		 revoked;	/* p= empty */
	int		 testing;	/* t=y */
	int		 strict;	/* t=s */
	int		 sha256_ok;	/* h= absent or lists sha256 */
	int		 email_ok;	/* s= absent, * or email */
	size_t		 ntags;
};

const char	*dkim_type_name(enum dkim_type);
int		 dkim_type_parse(const char *, enum dkim_type *);

/*
 * Generate a key pair: RSA of bits (1024 to 4096, a multiple of 1024)
 * or Ed25519 (bits ignored).
 */
int		 dkim_keygen(enum dkim_type, int bits, struct dkim_key *,
		    char **cause);
/* Load a private key from PEM text / from a file (never a symlink). */
int		 dkim_key_from_pem(const char *, size_t, struct dkim_key *,
		    char **cause);
int		 dkim_key_load(const char *path, struct dkim_key *,
		    int *mode, char **cause);
/* Frees and wipes the private key. */
void		 dkim_key_clear(struct dkim_key *);

/* "v=DKIM1; k=rsa; p=..." (caller frees). */
char		*dkim_record_value(const struct dkim_key *);
/*
 * Split s into strings of at most max bytes (concatenated with no
 * separator they give s back).  Returns the count; *out is a
 * NULL-terminated array the caller frees with dkim_strings_free.
 */
size_t		 dkim_split(const char *s, size_t max, char ***out);
void		 dkim_strings_free(char **);
/*
 * The record as a zone-file TXT RR in OpenDKIM's .txt shape: a
 * parenthesised list of quoted strings of at most 255 bytes, with the
 * comment "; ----- DKIM key <selector> for <domain>".  absolute: the
 * owner is the full name with a trailing dot, else relative.
 */
void		 dkim_zone_text(const char *selector, const char *domain,
		    const struct dkim_key *, int absolute, struct buf *);

/*
 * <keydir>/<domain>/<selector>.<suffix>: suffix "private" or "txt"
 * (a leading dot is ignored); caller frees.
 */
char		*dkim_key_path(const char *keydir, const char *domain,
		    const char *selector, const char *suffix);

/*
 * Parse a key record.  text is either the value itself (the TXT
 * strings already concatenated) or its presentation form: quoted
 * strings, optionally in ( ) with ; comments, as in a zone file or a
 * resolver's answer.  Unknown tags are ignored; a duplicate tag, a tag
 * without "=", a bad tag name, v= not first or not DKIM1 and a missing
 * p= are errors.
 */
int		 dkim_record_parse(const char *text, struct dkim_record *,
		    char **cause);
void		 dkim_record_clear(struct dkim_record *);

/*
 * Whether the key published in record (as for dkim_record_parse) is
 * the local key: local is PEM (public key, RSA public key or private
 * key) or DER (SubjectPublicKeyInfo or RSAPublicKey), len its length.
 * The decoded key material is compared; the record's RSA key may be a
 * SubjectPublicKeyInfo or a bare RSAPublicKey, an Ed25519 key the raw
 * 32 bytes.  Returns 1 when they match, 0 when not (*cause says how
 * they differ), -1 when the record or the local key cannot be read.
 * *bits (may be NULL) gets the published key's size, 0 when unknown:
 * the RSA modulus size, or 256 for Ed25519 (so compare it with
 * DKIM_MIN_BITS only for k=rsa).
 */
int		 dkim_key_matches(const char *record, const void *local,
		    size_t len, int *bits, char **cause);

/*
 * The plan that writes a key: the missing directories (mode 0700), then
 * <selector>.private (mode 0600) and <selector>.txt (0644), created
 * exclusively; with force an existing file is replaced and kept as the
 * plan's backup.  keydir must be absolute.  Returns 0, -1 when a path
 * is unsafe (a symbolic link, not a directory or not a regular file),
 * DKIM_PLAN_EXISTS when a file exists and force is not given.
 */
#define DKIM_PLAN_EXISTS	(-2)
int		 dkim_plan(const char *keydir, const char *domain,
		    const char *selector, const struct dkim_key *, int force,
		    struct plan **, char **cause);

/* Decode base64, skipping whitespace; -1 on anything else. */
int		 dkim_base64_decode(const char *, unsigned char **out,
		    size_t *outlen);

#endif
