/* The URLs of fetch-back: checking a source's configured base and building a request URL
 * from it, so that a fetch goes nowhere but to the host the admin configured. */
#ifndef KPID_WEBHOOK_FETCH_URL_H
#define KPID_WEBHOOK_FETCH_URL_H

#include <stdbool.h>
#include <stddef.h>

/* Whether url is an absolute https URL (http too when allow_http) with a host and no
 * credentials, query or fragment; else false with the reason in why. */
bool kpid_fetch_url_valid(const char *url, bool allow_http, char *why, size_t why_size);

/* Whether id is a CRM record id: 1 to 19 digits (all three CRMs number their records). */
bool kpid_fetch_id_valid(const char *id);

/*
 * base + "/" + path with each "{id}" replaced by id (a valid id: nothing in it can change
 * the host or the path); a trailing "/" of base is not doubled. A new string, or NULL when
 * id is not valid.
 */
char *kpid_fetch_url_build(const char *base, const char *path, const char *id);

#endif
