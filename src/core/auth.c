/* Secrets: password hashing and policy, session tokens, CSRF tokens. */
#include "auth.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <sodium.h>

#include "embedded_sql.h"
#include "utf8.h"

/* OWASP's floor for argon2id is 19 MiB and 2 passes; libsodium's INTERACTIVE is 64 MiB, 2 passes. */
#define PWHASH_OPS crypto_pwhash_OPSLIMIT_INTERACTIVE
#define PWHASH_MEM crypto_pwhash_MEMLIMIT_INTERACTIVE

/* What a login for an unknown name is checked against, so that it takes as long as a known
 * one: the hash of a random password nobody kept, made once with the parameters above. Written
 * out rather than made at start, which cost every process 64 MiB of peak memory and a fifth of a
 * second; auth_init refuses to start if the parameters above move on without it. */
static const char dummy_hash[crypto_pwhash_STRBYTES] =
	"$argon2id$v=19$m=65536,t=2,p=1$akKmDrUjfHIAt2Hkyz8Y0w$"
	"A7X+xYv9TvbY5lXVnoVecVGhuvDzE0gCKWn6w0rrf9I";

bool auth_init(void)
{
	if (sodium_init() < 0)
		return false;
	return crypto_pwhash_str_needs_rehash(dummy_hash, PWHASH_OPS, PWHASH_MEM) == 0;
}

static size_t count_chars(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			n++;
	return n;
}

static bool is_common(const char *pw)
{
	size_t len = strlen(pw);
	for (const char *line = common_passwords_text; *line;) {
		size_t n = strcspn(line, "\n");
		if (line[0] != '#' && n == len && strncasecmp(line, pw, n) == 0)
			return true;
		line += n + (line[n] == '\n');
	}
	return false;
}

const char *password_problem(const char *pw)
{
	if (!utf8_text(pw, strlen(pw)))  /* the login form refuses noncharacters too */
		return "must be valid UTF-8 text";
	size_t n = count_chars(pw);
	if (n < PASSWORD_MIN)
		return "must be at least 8 characters long";
	if (n > PASSWORD_MAX)
		return "must be at most 1024 characters long";
	if (is_common(pw))
		return "is one of the most common passwords; choose another";
	return NULL;
}

bool password_hash(const char *pw, char out[PASSWORD_HASH_MAX])
{
	return crypto_pwhash_str(out, pw, strlen(pw), PWHASH_OPS, PWHASH_MEM) == 0;
}

bool password_verify(const char *hash, const char *pw)
{
	return crypto_pwhash_str_verify(hash, pw, strlen(pw)) == 0;
}

void password_burn_time(const char *pw)
{
	int always_fails = crypto_pwhash_str_verify(dummy_hash, pw, strlen(pw));
	(void)always_fails;
}

static void to_text(const unsigned char *bytes, size_t n, char out[TOKEN_TEXT_MAX])
{
	sodium_bin2base64(out, TOKEN_TEXT_MAX, bytes, n, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

bool token_new(char out[TOKEN_TEXT_MAX])
{
	unsigned char bytes[TOKEN_BYTES];
	randombytes_buf(bytes, sizeof bytes);
	to_text(bytes, sizeof bytes, out);
	sodium_memzero(bytes, sizeof bytes);
	return true;
}

static bool token_bytes(const char *token, unsigned char out[TOKEN_BYTES])
{
	size_t n = 0;
	if (!token || strlen(token) != 43)
		return false;
	return sodium_base642bin(out, TOKEN_BYTES, token, 43, NULL, &n, NULL,
				 sodium_base64_VARIANT_URLSAFE_NO_PADDING) == 0 && n == TOKEN_BYTES;
}

bool token_hash(const char *token, unsigned char out[TOKEN_HASH_BYTES])
{
	unsigned char bytes[TOKEN_BYTES];
	if (!token_bytes(token, bytes))
		return false;
	crypto_generichash(out, TOKEN_HASH_BYTES, bytes, sizeof bytes, NULL, 0);
	sodium_memzero(bytes, sizeof bytes);
	return true;
}

bool csrf_for(const char *session_token, char out[TOKEN_TEXT_MAX])
{
	static const unsigned char purpose[] = "newsdesk csrf v1";
	unsigned char key[TOKEN_BYTES], mac[TOKEN_BYTES];
	if (!token_bytes(session_token, key))
		return false;
	crypto_generichash(mac, sizeof mac, purpose, sizeof purpose - 1, key, sizeof key);
	to_text(mac, sizeof mac, out);
	sodium_memzero(key, sizeof key);
	return true;
}

bool csrf_equal(const char *expected, const char *given)
{
	size_t n = strlen(expected);
	if (!given || !n || strlen(given) != n)  /* no token is never a match, not even for "" */
		return false;
	return sodium_memcmp(expected, given, n) == 0;
}
