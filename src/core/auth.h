/* Secrets: password hashing and policy, session tokens, CSRF tokens. */
#ifndef NEWSDESK_AUTH_H
#define NEWSDESK_AUTH_H

#include <stdbool.h>
#include <stddef.h>


#define PASSWORD_MIN 8
#define PASSWORD_MAX 1024           /* characters */
#define PASSWORD_HASH_MAX 128       /* crypto_pwhash_STRBYTES */
#define TOKEN_BYTES 32              /* 256 bits from the CSPRNG */
#define TOKEN_TEXT_MAX 48           /* base64url without padding: 43 characters */
#define TOKEN_HASH_BYTES 32

bool auth_init(void);

/* NULL when pw is acceptable, else what is wrong with it, for the person choosing it. */
const char *password_problem(const char *pw);
bool password_hash(const char *pw, char out[PASSWORD_HASH_MAX]);
bool password_verify(const char *hash, const char *pw);
/* Spends the time a verification takes, so an unknown name answers as slowly as a known one. */
void password_burn_time(const char *pw);

bool token_new(char out[TOKEN_TEXT_MAX]);
/* False when token is not one of ours in form; else its hash, as stored. */
bool token_hash(const char *token, unsigned char out[TOKEN_HASH_BYTES]);
/* The CSRF token of the session whose token is session_token. */
bool csrf_for(const char *session_token, char out[TOKEN_TEXT_MAX]);
bool csrf_equal(const char *expected, const char *given);  /* constant time */

#endif
