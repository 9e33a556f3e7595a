/*
 * dkim.c - DKIM keys and key records: generate a key pair with OpenSSL
 * libcrypto, plan the writing of the OpenDKIM key files, build the
 * <selector>._domainkey TXT value (split for zone files), parse key
 * records (RFC 6376 3.2, 3.6.1; RFC 8463) and compare a published key
 * with the local one by its decoded key material.
 */
#include "mh.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/bio.h>
#include <openssl/crypto.h>
#include <openssl/decoder.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "buf.h"
#include "dkim.h"
#include "plan.h"

#define DKIM_MAX_TAGS	64
#define DKIM_MAX_DIRS	16
#define DKIM_ED25519_LEN 32

static const char	dkim_b64[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

const char *
dkim_type_name(enum dkim_type t)
{
	return t == DKIM_ED25519 ? "ed25519" : "rsa";
}

int
dkim_type_parse(const char *s, enum dkim_type *t)
{
	if (strcasecmp(s, "rsa") == 0)
		*t = DKIM_RSA;
	else if (strcasecmp(s, "ed25519") == 0)
		*t = DKIM_ED25519;
	else
		return -1;
	return 0;
}

static int
dkim_is_wsp(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static char *
dkim_base64_encode(const unsigned char *in, size_t len)
{
	char	*out;

	out = xmalloc(4 * ((len + 2) / 3) + 1);
	EVP_EncodeBlock((unsigned char *)out, in, (int)len);
	return out;
}

int
dkim_base64_decode(const char *s, unsigned char **out, size_t *outlen)
{
	const char	*pos;
	unsigned char	*o;
	unsigned int	 acc = 0;
	size_t		 n = 0, nchars = 0, npad = 0;

	o = xmalloc(strlen(s) / 4 * 3 + 3);
	for (; *s != '\0'; s++) {
		if (dkim_is_wsp((unsigned char)*s))
			continue;
		if (*s == '=') {
			npad++;
			continue;
		}
		if (npad > 0 || (pos = strchr(dkim_b64, *s)) == NULL)
			goto fail;
		acc = (acc << 6) | (unsigned int)(pos - dkim_b64);
		if (++nchars % 4 == 0) {
			o[n++] = (unsigned char)(acc >> 16);
			o[n++] = (unsigned char)(acc >> 8);
			o[n++] = (unsigned char)acc;
			acc = 0;
		}
	}
	switch (nchars % 4) {
	case 0:
		if (npad != 0)
			goto fail;
		break;
	case 1:
		goto fail;
	case 2:
		if (npad != 0 && npad != 2)
			goto fail;
		o[n++] = (unsigned char)(acc >> 4);
		break;
	case 3:
		if (npad > 1)
			goto fail;
		o[n++] = (unsigned char)(acc >> 10);
		o[n++] = (unsigned char)(acc >> 2);
		break;
	}
	*out = o;
	*outlen = n;
	return 0;
fail:
	free(o);
	*out = NULL;
	*outlen = 0;
	return -1;
}

/* A passphrase callback that refuses: never prompt on the terminal. */
static int
dkim_no_pass(char *buf, int size, int rwflag, void *arg)
{
	(void)buf;
	(void)size;
	(void)rwflag;
	(void)arg;
	return -1;
}

static int
dkim_key_fill(EVP_PKEY *pk, struct dkim_key *key, char **cause)
{
	unsigned char	 raw[DKIM_ED25519_LEN], *der = NULL;
	BIO		*bio = NULL;
	BUF_MEM		*bm;
	size_t		 rawlen = sizeof raw;
	int		 len, rc = -1;

	memset(key, 0, sizeof *key);
	if (EVP_PKEY_is_a(pk, "RSA"))
		key->type = DKIM_RSA;
	else if (EVP_PKEY_is_a(pk, "ED25519"))
		key->type = DKIM_ED25519;
	else {
		xasprintf(cause, _("a %s key cannot be a DKIM key (RSA or "
		    "Ed25519)"), EVP_PKEY_get0_type_name(pk));
		return -1;
	}
	key->bits = EVP_PKEY_get_bits(pk);
	if ((bio = BIO_new(BIO_s_secmem())) == NULL ||
	    PEM_write_bio_PrivateKey(bio, pk, NULL, NULL, 0, NULL,
	    NULL) != 1) {
		xasprintf(cause, _("cannot encode the private key"));
		goto out;
	}
	BIO_get_mem_ptr(bio, &bm);
	key->pem = xstrndup(bm->data, bm->length);
	if (key->type == DKIM_RSA) {
		if ((len = i2d_PUBKEY(pk, &der)) <= 0) {
			xasprintf(cause, _("cannot encode the public key"));
			goto out;
		}
		key->p = dkim_base64_encode(der, (size_t)len);
	} else {
		if (EVP_PKEY_get_raw_public_key(pk, raw, &rawlen) != 1 ||
		    rawlen != DKIM_ED25519_LEN) {
			xasprintf(cause, _("cannot encode the public key"));
			goto out;
		}
		key->p = dkim_base64_encode(raw, rawlen);
	}
	rc = 0;
out:
	OPENSSL_free(der);
	BIO_free(bio);
	if (rc == -1)
		dkim_key_clear(key);
	return rc;
}

int
dkim_keygen(enum dkim_type type, int bits, struct dkim_key *key,
    char **cause)
{
	EVP_PKEY	*pk;
	int		 rc;

	memset(key, 0, sizeof *key);
	if (type == DKIM_RSA && (bits < DKIM_MIN_BITS || bits > 4096 ||
	    bits % 1024 != 0)) {
		xasprintf(cause, _("%d bits: an RSA DKIM key has 1024, 2048, "
		    "3072 or 4096 bits (RFC 8301: at least 1024, 2048 "
		    "recommended)"), bits);
		return -1;
	}
	if (type == DKIM_RSA)
		pk = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)bits);
	else
		pk = EVP_PKEY_Q_keygen(NULL, NULL, "ED25519");
	if (pk == NULL) {
		xasprintf(cause, _("OpenSSL could not generate the %s key"),
		    dkim_type_name(type));
		return -1;
	}
	rc = dkim_key_fill(pk, key, cause);
	EVP_PKEY_free(pk);
	return rc;
}

/* DER that is exactly one SubjectPublicKeyInfo or RSAPublicKey. */
static EVP_PKEY *
dkim_decode_pub(const unsigned char *der, size_t len)
{
	const unsigned char	*q = der;
	EVP_PKEY		*pk;

	if (len == 0 || len > LONG_MAX)
		return NULL;
	pk = d2i_PUBKEY(NULL, &q, (long)len);
	if (pk != NULL && q == der + len)
		return pk;
	EVP_PKEY_free(pk);
	q = der;
	pk = d2i_PublicKey(EVP_PKEY_RSA, NULL, &q, (long)len);
	if (pk != NULL && q == der + len)
		return pk;
	EVP_PKEY_free(pk);
	return NULL;
}

/*
 * Any key: PEM (public, RSA public or private) or DER (SPKI,
 * RSAPublicKey, private); NULL if not.
 */
static EVP_PKEY *
dkim_decode_any(const void *data, size_t len, int selection)
{
	OSSL_DECODER_CTX	*dctx;
	EVP_PKEY		*pk = NULL;
	const unsigned char	*p = data;
	size_t			 left = len;

	if (selection == 0 && memmem(data, len, "-----BEGIN", 10) == NULL &&
	    (pk = dkim_decode_pub(data, len)) != NULL)
		return pk;
	dctx = OSSL_DECODER_CTX_new_for_pkey(&pk, NULL, NULL, NULL,
	    selection, NULL, NULL);
	if (dctx == NULL)
		return NULL;
	OSSL_DECODER_CTX_set_pem_password_cb(dctx, dkim_no_pass, NULL);
	if (OSSL_DECODER_from_data(dctx, &p, &left) != 1) {
		EVP_PKEY_free(pk);
		pk = NULL;
	}
	OSSL_DECODER_CTX_free(dctx);
	return pk;
}

int
dkim_key_from_pem(const char *pem, size_t len, struct dkim_key *key,
    char **cause)
{
	EVP_PKEY	*pk;
	int		 rc;

	memset(key, 0, sizeof *key);
	if (len == 0 || memmem(pem, len, "-----BEGIN", 10) == NULL ||
	    (pk = dkim_decode_any(pem, len, EVP_PKEY_KEYPAIR)) == NULL) {
		xasprintf(cause, _("not a PEM private key (or it is "
		    "encrypted)"));
		return -1;
	}
	rc = dkim_key_fill(pk, key, cause);
	EVP_PKEY_free(pk);
	return rc;
}

int
dkim_key_load(const char *path, struct dkim_key *key, int *mode,
    char **cause)
{
	struct stat	 st;
	char		*data = NULL;
	size_t		 len = 0;
	ssize_t		 n;
	int		 fd, rc = -1;

	memset(key, 0, sizeof *key);
	fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
	if (fd == -1) {
		if (errno == ELOOP)
			xasprintf(cause, _("%s is a symbolic link; refusing "
			    "to follow it"), path);
		else
			xasprintf(cause, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode)) {
		xasprintf(cause, _("%s: not a regular file"), path);
		goto out;
	}
	if (st.st_size > DKIM_KEYFILE_CAP) {
		xasprintf(cause, _("%s: larger than %d bytes"), path,
		    DKIM_KEYFILE_CAP);
		goto out;
	}
	if (mode != NULL)
		*mode = (int)(st.st_mode & 07777);
	data = xmalloc(DKIM_KEYFILE_CAP + 1);
	while (len < DKIM_KEYFILE_CAP) {
		n = read(fd, data + len, DKIM_KEYFILE_CAP - len);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			xasprintf(cause, "%s: %s", path, strerror(errno));
			goto out;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	data[len] = '\0';
	if (dkim_key_from_pem(data, len, key, cause) == -1) {
		free(*cause);
		xasprintf(cause, _("%s: not a PEM private key (or it is "
		    "encrypted)"), path);
		goto out;
	}
	rc = 0;
out:
	if (data != NULL) {
		OPENSSL_cleanse(data, DKIM_KEYFILE_CAP + 1);
		free(data);
	}
	close(fd);
	return rc;
}

void
dkim_key_clear(struct dkim_key *key)
{
	if (key->pem != NULL) {
		OPENSSL_cleanse(key->pem, strlen(key->pem));
		free(key->pem);
	}
	free(key->p);
	memset(key, 0, sizeof *key);
}

char *
dkim_record_value(const struct dkim_key *key)
{
	char	*s;

	xasprintf(&s, "v=DKIM1; k=%s; p=%s", dkim_type_name(key->type),
	    key->p);
	return s;
}

size_t
dkim_split(const char *s, size_t max, char ***out)
{
	size_t	 len = strlen(s), n, i;
	char	**v;

	if (max == 0)
		max = DKIM_STRING_MAX;
	n = len == 0 ? 1 : (len + max - 1) / max;
	v = xcalloc(n + 1, sizeof *v);
	for (i = 0; i < n; i++)
		v[i] = xstrndup(s + i * max, len - i * max < max ?
		    len - i * max : max);
	*out = v;
	return n;
}

void
dkim_strings_free(char **v)
{
	size_t	i;

	if (v == NULL)
		return;
	for (i = 0; v[i] != NULL; i++)
		free(v[i]);
	free(v);
}

void
dkim_zone_text(const char *selector, const char *domain,
    const struct dkim_key *key, int absolute, struct buf *b)
{
	char	*pv, **v;
	size_t	 n, i;

	if (absolute)
		buf_printf(b, "%s._domainkey.%s.", selector, domain);
	else
		buf_printf(b, "%s._domainkey", selector);
	buf_printf(b, "\tIN\tTXT\t( \"v=DKIM1; k=%s; \"",
	    dkim_type_name(key->type));
	xasprintf(&pv, "p=%s", key->p);
	n = dkim_split(pv, DKIM_STRING_MAX, &v);
	for (i = 0; i < n; i++)
		buf_printf(b, "\n\t  \"%s\"", v[i]);
	buf_printf(b, " )  ; ----- DKIM key %s for %s\n", selector, domain);
	dkim_strings_free(v);
	free(pv);
}

char *
dkim_key_path(const char *keydir, const char *domain, const char *selector,
    const char *suffix)
{
	size_t	 len = strlen(keydir);
	char	*s;

	while (len > 1 && keydir[len - 1] == '/')
		len--;
	if (*suffix == '.')
		suffix++;	/* ".private" means "private" */
	xasprintf(&s, "%.*s/%s/%s.%s", (int)len, keydir, domain, selector,
	    suffix);
	return s;
}

/*
 * The presentation form ("..." "..." in optional parentheses, with ;
 * comments outside quotes) to the concatenated value.  Text that does
 * not start with a quote or a parenthesis is the value already.
 */
static int
dkim_unquote(const char *text, char **out, char **cause)
{
	const char	*s = text;
	struct buf	 b;
	int		 v, depth = 0;

	while (dkim_is_wsp((unsigned char)*s))
		s++;
	if (*s != '"' && *s != '(') {
		*out = xstrdup(text);
		return 0;
	}
	buf_init(&b, 0);
	while (*s != '\0') {
		if (dkim_is_wsp((unsigned char)*s)) {
			s++;
		} else if (*s == '(' || *s == ')') {
			depth += *s == '(' ? 1 : -1;
			if (depth < 0 || depth > 1)
				goto bad;
			s++;
		} else if (*s == ';') {
			while (*s != '\0' && *s != '\n')
				s++;
		} else if (*s == '"') {
			for (s++; *s != '"'; s++) {
				if (*s == '\0') {
					xasprintf(cause, _("a quoted string "
					    "is not closed"));
					goto fail;
				}
				if (*s != '\\') {
					buf_addc(&b, *s);
					continue;
				}
				s++;
				if (s[0] >= '0' && s[0] <= '9' &&
				    s[1] >= '0' && s[1] <= '9' &&
				    s[2] >= '0' && s[2] <= '9') {
					v = (s[0] - '0') * 100 +
					    (s[1] - '0') * 10 + (s[2] - '0');
					if (v == 0 || v > 255)
						goto bad;
					buf_addc(&b, (char)v);
					s += 2;
				} else if (*s == '\0')
					goto bad;
				else
					buf_addc(&b, *s);
			}
			s++;
		} else
			goto bad;
	}
	if (depth != 0)
		goto bad;
	*out = buf_steal(&b);
	return 0;
bad:
	xasprintf(cause, _("not a TXT value: text outside quotes or a bad "
	    "escape or parenthesis"));
fail:
	buf_clear(&b);
	return -1;
}

static int
dkim_list_has(const char *list, const char *word)
{
	const char	*s = list, *e;
	size_t		 wl = strlen(word);

	for (;;) {
		while (dkim_is_wsp((unsigned char)*s))
			s++;
		e = s;
		while (*e != '\0' && *e != ':' &&
		    !dkim_is_wsp((unsigned char)*e))
			e++;
		if ((size_t)(e - s) == wl && strncasecmp(s, word, wl) == 0)
			return 1;
		while (*e != '\0' && *e != ':')
			e++;
		if (*e == '\0')
			return 0;
		s = e + 1;
	}
}

static char *
dkim_strip_wsp(const char *s)
{
	char	*o, *d;

	o = d = xstrdup(s);
	for (; *s != '\0'; s++)
		if (!dkim_is_wsp((unsigned char)*s))
			*d++ = *s;
	*d = '\0';
	return o;
}

/* One tag=value; name and value trimmed, written in place. */
static int
dkim_tag_split(char *spec, char **name, char **value, char **cause)
{
	char	*eq, *e;

	if ((eq = strchr(spec, '=')) == NULL) {
		xasprintf(cause, _("\"%.40s\" has no '='"), spec);
		return -1;
	}
	*eq = '\0';
	e = eq;
	while (e > spec && dkim_is_wsp((unsigned char)e[-1]))
		*--e = '\0';
	if (!((*spec >= 'a' && *spec <= 'z') || (*spec >= 'A' &&
	    *spec <= 'Z'))) {
		xasprintf(cause, _("\"%.40s\" is not a tag name"), spec);
		return -1;
	}
	for (e = spec; *e != '\0'; e++) {
		if (!((*e >= 'a' && *e <= 'z') || (*e >= 'A' && *e <= 'Z') ||
		    (*e >= '0' && *e <= '9') || *e == '_')) {
			xasprintf(cause, _("\"%.40s\" is not a tag name"),
			    spec);
			return -1;
		}
	}
	*name = spec;
	e = eq + 1;
	while (dkim_is_wsp((unsigned char)*e))
		e++;
	*value = e;
	for (; *e != '\0'; e++) {
		if (!dkim_is_wsp((unsigned char)*e) &&
		    ((unsigned char)*e < 0x21 || (unsigned char)*e > 0x7e)) {
			xasprintf(cause, _("tag %s: a character not allowed "
			    "in a tag value"), spec);
			return -1;
		}
	}
	while (e > *value && dkim_is_wsp((unsigned char)e[-1]))
		*--e = '\0';
	return 0;
}

int
dkim_record_parse(const char *text, struct dkim_record *r, char **cause)
{
	const char	*names[DKIM_MAX_TAGS];
	char		*val = NULL, *pos, *spec, *name, *value;
	char		**slot, *why = NULL;
	unsigned char	*der;
	size_t		 i, derlen;
	int		 rc = -1;

	memset(r, 0, sizeof *r);
	if (strlen(text) > DKIM_RECORD_CAP) {
		xasprintf(cause, _("the record is longer than %d bytes"),
		    DKIM_RECORD_CAP);
		return -1;
	}
	if (dkim_unquote(text, &val, &why) == -1)
		goto fail;
	pos = val;
	while ((spec = strsep(&pos, ";")) != NULL) {
		while (dkim_is_wsp((unsigned char)*spec))
			spec++;
		if (*spec == '\0')
			continue;	/* a trailing ";" (or ";;") */
		if (dkim_tag_split(spec, &name, &value, &why) == -1)
			goto fail;
		if (r->ntags == DKIM_MAX_TAGS) {
			xasprintf(&why, _("more than %d tags"),
			    DKIM_MAX_TAGS);
			goto fail;
		}
		for (i = 0; i < r->ntags; i++) {
			if (strcmp(names[i], name) == 0) {
				xasprintf(&why, _("tag %s= appears twice"),
				    name);
				goto fail;
			}
		}
		names[r->ntags++] = name;
		slot = NULL;
		if (strcmp(name, "v") == 0) {
			if (r->ntags != 1) {
				xasprintf(&why, _("v= must be the first "
				    "tag"));
				goto fail;
			}
			if (strcmp(value, "DKIM1") != 0) {
				xasprintf(&why, _("v=%.20s: the version must "
				    "be DKIM1"), value);
				goto fail;
			}
			r->has_v = 1;
		} else if (strcmp(name, "k") == 0)
			slot = &r->k;
		else if (strcmp(name, "h") == 0)
			slot = &r->h;
		else if (strcmp(name, "s") == 0)
			slot = &r->s;
		else if (strcmp(name, "t") == 0)
			slot = &r->t;
		else if (strcmp(name, "n") == 0)
			slot = &r->n;
		else if (strcmp(name, "p") == 0)
			r->p = dkim_strip_wsp(value);
		if (slot != NULL)
			*slot = xstrdup(value);
	}
	if (r->p == NULL) {
		xasprintf(&why, _("no p= tag (the public key is required)"));
		goto fail;
	}
	if (r->k == NULL)
		r->k = xstrdup("rsa");
	r->revoked = r->p[0] == '\0';
	if (!r->revoked) {
		if (dkim_base64_decode(r->p, &der, &derlen) == -1) {
			xasprintf(&why, _("p= is not valid base64"));
			goto fail;
		}
		free(der);
	}
	r->testing = r->t != NULL && dkim_list_has(r->t, "y");
	r->strict = r->t != NULL && dkim_list_has(r->t, "s");
	r->sha256_ok = r->h == NULL || dkim_list_has(r->h, "sha256");
	r->email_ok = r->s == NULL || dkim_list_has(r->s, "*") ||
	    dkim_list_has(r->s, "email");
	rc = 0;
	goto out;
fail:
	xasprintf(cause, _("DKIM key record: %s"), why);
	free(why);
	dkim_record_clear(r);
out:
	free(val);
	return rc;
}

void
dkim_record_clear(struct dkim_record *r)
{
	free(r->k);
	free(r->h);
	free(r->s);
	free(r->t);
	free(r->n);
	free(r->p);
	memset(r, 0, sizeof *r);
}

/* The key a record publishes; NULL with *cause when not readable. */
static EVP_PKEY *
dkim_record_key(const struct dkim_record *r, char **cause)
{
	unsigned char		*der = NULL;
	EVP_PKEY		*pk = NULL;
	size_t			 len;

	if (dkim_base64_decode(r->p, &der, &len) == -1 || len == 0 ||
	    len > LONG_MAX) {
		xasprintf(cause, _("p= is not valid base64"));
		goto out;
	}
	if (strcasecmp(r->k, "rsa") == 0) {
		pk = dkim_decode_pub(der, len);
		if (pk != NULL && !EVP_PKEY_is_a(pk, "RSA")) {
			EVP_PKEY_free(pk);
			pk = NULL;
		}
		if (pk == NULL)
			xasprintf(cause, _("p= is neither an RSA "
			    "SubjectPublicKeyInfo nor an RSAPublicKey"));
	} else if (strcasecmp(r->k, "ed25519") == 0) {
		if (len != DKIM_ED25519_LEN)
			xasprintf(cause, _("an Ed25519 p= must be the raw "
			    "32-byte key (RFC 8463), not %zu bytes"), len);
		else if ((pk = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519,
		    NULL, der, len)) == NULL)
			xasprintf(cause, _("p= is not an Ed25519 key"));
	} else
		xasprintf(cause, _("unknown key type k=%.20s"), r->k);
out:
	free(der);
	return pk;
}

int
dkim_key_matches(const char *record, const void *local, size_t len,
    int *bits, char **cause)
{
	struct dkim_record	 r;
	EVP_PKEY		*pub = NULL, *loc = NULL;
	int			 rc = -1;

	if (bits != NULL)
		*bits = 0;
	if (dkim_record_parse(record, &r, cause) == -1)
		return -1;
	if (len == 0 || (loc = dkim_decode_any(local, len, 0)) == NULL) {
		xasprintf(cause, _("the local key is not a PEM or DER public "
		    "or private key"));
		goto out;
	}
	if (r.revoked) {
		xasprintf(cause, _("the published key is revoked (empty "
		    "p=)"));
		rc = 0;
		goto out;
	}
	if ((pub = dkim_record_key(&r, cause)) == NULL)
		goto out;
	if (bits != NULL)
		*bits = EVP_PKEY_get_bits(pub);
	if (EVP_PKEY_eq(pub, loc) == 1) {
		rc = 1;
		goto out;
	}
	rc = 0;
	if (strcmp(EVP_PKEY_get0_type_name(pub),
	    EVP_PKEY_get0_type_name(loc)) != 0)
		xasprintf(cause, _("the published key is %s, the local key "
		    "is %s"), EVP_PKEY_get0_type_name(pub),
		    EVP_PKEY_get0_type_name(loc));
	else if (EVP_PKEY_get_bits(pub) != EVP_PKEY_get_bits(loc))
		xasprintf(cause, _("the published key has %d bits, the "
		    "local key %d"), EVP_PKEY_get_bits(pub),
		    EVP_PKEY_get_bits(loc));
	else
		xasprintf(cause, _("the published %s key is not the local "
		    "key"), EVP_PKEY_get0_type_name(pub));
out:
	EVP_PKEY_free(pub);
	EVP_PKEY_free(loc);
	dkim_record_clear(&r);
	return rc;
}

/* dir is missing: add it (and missing parents) to the plan. */
static int
dkim_plan_dirs(struct plan *p, const char *dir, char **cause)
{
	const char	*mkdir_argv[] = { "/bin/mkdir", "-m", "0700", NULL,
			    NULL };
	const char	*rmdir_argv[] = { "/bin/rmdir", NULL, NULL };
	const char	*test_argv[] = { "/usr/bin/test", "-d", NULL, NULL };
	char		*missing[DKIM_MAX_DIRS], *d, *slash, *title;
	struct stat	 st;
	size_t		 n = 0, i;
	int		 rc = -1;

	d = xstrdup(dir);
	for (;;) {
		if (lstat(d, &st) == 0) {
			if (!S_ISDIR(st.st_mode) && (stat(d, &st) == -1 ||
			    !S_ISDIR(st.st_mode))) {
				xasprintf(cause, _("%s is not a directory"),
				    d);
				goto out;
			}
			break;
		}
		if (errno != ENOENT) {
			xasprintf(cause, "%s: %s", d, strerror(errno));
			goto out;
		}
		if (n == DKIM_MAX_DIRS) {
			xasprintf(cause, _("%s: too many missing directories"),
			    dir);
			goto out;
		}
		missing[n++] = xstrdup(d);
		slash = strrchr(d, '/');
		if (slash == NULL || slash == d)
			break;
		*slash = '\0';
	}
	for (i = n; i > 0; i--) {
		mkdir_argv[3] = rmdir_argv[1] = test_argv[2] = missing[i - 1];
		xasprintf(&title, _("create the directory %s (mode 0700)"),
		    missing[i - 1]);
		plan_add_cmd(p, title, mkdir_argv, rmdir_argv, test_argv);
		free(title);
	}
	rc = 0;
out:
	for (i = 0; i < n; i++)
		free(missing[i]);
	free(d);
	return rc;
}

/* 0 absent, 1 present (regular), -1 unsafe. */
static int
dkim_plan_check(const char *path, char **cause)
{
	struct stat	st;

	if (lstat(path, &st) == -1) {
		if (errno == ENOENT)
			return 0;
		xasprintf(cause, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (S_ISLNK(st.st_mode)) {
		xasprintf(cause, _("%s is a symbolic link; refusing to write "
		    "through it"), path);
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		xasprintf(cause, _("%s is not a regular file"), path);
		return -1;
	}
	return 1;
}

int
dkim_plan(const char *keydir, const char *domain, const char *selector,
    const struct dkim_key *key, int force, struct plan **out, char **cause)
{
	struct plan	*p = NULL;
	struct stat	 st;
	struct buf	 b;
	char		*dir = NULL, *priv, *txt, *slash;
	int		 ep, et, rc = -1;

	*out = NULL;
	priv = dkim_key_path(keydir, domain, selector, "private");
	txt = dkim_key_path(keydir, domain, selector, "txt");
	buf_init(&b, 0);
	if (keydir[0] != '/') {
		xasprintf(cause, _("%s: the key directory must be an "
		    "absolute path"), keydir);
		goto out;
	}
	dir = xstrdup(priv);
	slash = strrchr(dir, '/');
	*slash = '\0';
	p = plan_create("dkim", NULL);
	if (lstat(dir, &st) == 0) {
		if (S_ISLNK(st.st_mode)) {
			xasprintf(cause, _("%s is a symbolic link; refusing "
			    "to write through it"), dir);
			goto out;
		}
		if (!S_ISDIR(st.st_mode)) {
			xasprintf(cause, _("%s is not a directory"), dir);
			goto out;
		}
		if ((st.st_mode & 077) != 0)
			plan_note(p, _("%s has mode %04o: keep OpenDKIM's key "
			    "directories private (chmod 0700)"), dir,
			    (unsigned)(st.st_mode & 07777));
		if ((ep = dkim_plan_check(priv, cause)) == -1 ||
		    (et = dkim_plan_check(txt, cause)) == -1)
			goto out;
		if ((ep || et) && !force) {
			xasprintf(cause, _("%s already exists: a new key "
			    "replaces it only with --force (the old files "
			    "are then kept as backups)"), ep ? priv : txt);
			rc = DKIM_PLAN_EXISTS;
			goto out;
		}
	} else if (errno != ENOENT) {
		xasprintf(cause, "%s: %s", dir, strerror(errno));
		goto out;
	} else {
		ep = et = 0;
		if (dkim_plan_dirs(p, dir, cause) == -1)
			goto out;
	}
	plan_add_write(p, _("write the DKIM private key (mode 0600)"), priv,
	    key->pem, 0600, !ep);
	dkim_zone_text(selector, domain, key, 0, &b);
	plan_add_write(p, _("write the DKIM record in OpenDKIM's .txt form"),
	    txt, buf_str(&b), 0644, !et);
	if (ep)
		plan_note(p, _("the old key is kept as %s.mailharden-%s.bak; "
		    "the old record stays published until you replace it"),
		    priv, p->id);
	if (key->type == DKIM_ED25519)
		plan_note(p, _("Ed25519 (RFC 8463) is not verified by many "
		    "receivers yet: sign with an RSA key too (a second "
		    "selector), never with Ed25519 alone"));
	if (key->type == DKIM_RSA && key->bits < 2048)
		plan_note(p, _("%d-bit RSA is the minimum RFC 8301 allows; "
		    "2048 bits is recommended"), key->bits);
	plan_note(p, _("OpenDKIM reads the key as its own user: give it the "
	    "file (chown opendkim: %s) and list it in KeyTable and "
	    "SigningTable"), priv);
	rc = 0;
	*out = p;
	p = NULL;
out:
	plan_free(p);
	buf_clear(&b);
	free(dir);
	free(priv);
	free(txt);
	return rc;
}
