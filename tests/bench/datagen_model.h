/* kpid-datagen's data model: channels, daily volumes, and the whole story of one lead. */
#ifndef KPID_BENCH_DATAGEN_MODEL_H
#define KPID_BENCH_DATAGEN_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kpi/calendar.h"
#include "kpi/date.h"

/* A marketing channel: its volume, lead quality, cost and deal size. */
struct dg_channel {
    const char *name;
    double share;      /* of all leads */
    double valid_rate; /* leads that are valid */
    double sql_rate;   /* valid leads that are sales-qualified */
    double brand_rate; /* valid leads that came by the brand */
    double quality;    /* multiplies the meeting and win chances */
    double cpl;        /* spend per expected valid lead; 0: the channel costs nothing */
    double avg_check;  /* mean amount of a first deal */
    const char *utm_source, *utm_medium; /* NULL for organic and referral traffic */
    const char *campaigns[3];            /* the first n_campaigns are used */
    int n_campaigns;
};

extern const struct dg_channel dg_channels[];
extern const size_t dg_channel_count;

/* Timestamps are seconds since 1970-01-01 UTC (the workspace zone); 0 means none. */
typedef int64_t dg_time;

#define DG_MAX_DEALS 3

struct dg_deal {
    char id[37];
    char external_id[48];
    bool linked;        /* lead_id set (repeat purchases are sometimes booked on the client only) */
    const char *status; /* "open", "won", "lost" */
    dg_time created_at, closed_at;
    char amount[24];
    char gross_margin[24]; /* "" when the CRM sent none */
};

/* One lead with every column kpid would store, its deals and its client's NPS answer. */
struct dg_lead {
    uint64_t index;
    char id[37];
    char external_id[40];
    const struct dg_channel *channel;
    const char *campaign;
    dg_time created_at;
    char name[96];
    char phone[32], phone_norm[16]; /* "" when none */
    uint64_t phone_owner;           /* the lead whose number this is; DG_NONE without a phone */
    char email[64], email_norm[64];
    const char *region;
    bool valid;
    const char *invalid_reason; /* NULL when valid */
    bool is_sql, is_brand;
    dg_time first_contact_at, meeting_at, proposal_at, lost_at;
    const char *lost_reason;
    double reaction_minutes; /* valid only when first_contact_at != 0 */
    const char *stage;
    char duplicate_of[37]; /* "" when none */
    char client_ref[40];
    struct dg_deal deals[DG_MAX_DEALS];
    int n_deals;
    int nps_score; /* -1: no answer */
    dg_time nps_at;
};

#define DG_NONE UINT64_MAX

/* A lead that took another lead's phone number (an invalid "duplicate"). */
struct dg_copy_of {
    uint64_t owner, copier;
};

/* Everything fixed for one run: the seed, the days, how many leads each day gets. */
struct dg_model {
    uint64_t seed;
    uint64_t n_leads;
    kpi_date first_day;
    int n_days;
    uint64_t *day_start; /* n_days + 1 entries: leads [day_start[d], day_start[d+1]) fall on d */
    dg_time cutoff;      /* the end of the last month: nothing after it has happened yet */
    kpi_calendar *calendar;
    int dedupe_window_days;    /* the workspace's duplicate window */
    struct dg_copy_of *copies; /* sorted by owner */
    size_t n_copies;
};

/*
 * Plans `leads` leads over the `months` months ending with year-month `end_year`-`end_month`
 * (inclusive), with the default working calendar and the workspace's dedupe window (days),
 * and finds which leads share a phone number. Returns 0, or -1 with a message in err.
 */
int dg_model_init(struct dg_model *m, uint64_t seed, uint64_t leads, int end_year, int end_month,
                  int months, int dedupe_window_days, char *err, size_t err_size);

void dg_model_free(struct dg_model *m);

/*
 * Generates lead number `index` (< n_leads); the same index always gives the same lead.
 * duplicate_of is what kpid derives: the earliest earlier lead within the dedupe window with
 * the same phone (e-mail addresses are never shared).
 */
void dg_lead_generate(const struct dg_model *m, uint64_t index, struct dg_lead *out);

/*
 * The spend of one channel's campaign on day `day` (0-based), written as "1234.56" into buf,
 * or "" when the channel costs nothing.
 */
void dg_spend(const struct dg_model *m, int day, size_t channel, int campaign, char buf[24]);

/* Formats a timestamp as "YYYY-MM-DD HH:MM:SS+00". */
void dg_time_format(dg_time t, char buf[32]);

#endif
