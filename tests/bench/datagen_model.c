/* kpid-datagen's data model: channel mix, daily volumes and one lead's funnel, deals and NPS. */
#include "datagen_model.h"

#include "datagen_rng.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * Overall (weighted by valid leads): ~80 % valid, ~43 % of valid leads SQL, ~22 % brand,
 * CPL ~1 230, ~17 % of valid leads become clients, first deals ~95 000 with a 30-45 % margin.
 */
const struct dg_channel dg_channels[] = {
    {"yandex_direct",
     0.34,
     0.80,
     0.42,
     0.22,
     1.00,
     1750,
     95000,
     "yandex",
     "cpc",
     {"search_brand", "search_generic", "rsya_retargeting"},
     3},
    {"google_ads",
     0.18,
     0.78,
     0.40,
     0.12,
     0.95,
     1950,
     100000,
     "google",
     "cpc",
     {"search_generic", "performance_max", NULL},
     2},
    {"seo", 0.22, 0.86, 0.45, 0.28, 1.05, 650, 90000, NULL, NULL, {"blog", "landing", NULL}, 2},
    {"referral", 0.10, 0.95, 0.60, 0.40, 1.35, 0, 120000, NULL, NULL, {"partners", NULL, NULL}, 1},
    {"vk_ads",
     0.16,
     0.62,
     0.28,
     0.05,
     0.75,
     1050,
     75000,
     "vk",
     "cpc",
     {"lookalike", "lead_forms", NULL},
     2},
};
const size_t dg_channel_count = sizeof dg_channels / sizeof dg_channels[0];

enum { KIND_LEAD = 1, KIND_SPEND = 2 };

#define HOUR 3600
#define DAY 86400
#define WORKDAY 540.0 /* working minutes in a default day */
#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* Leads by hour of the day (UTC = the workspace zone): mostly office hours, some evenings. */
static const double hour_weight[24] = {0.2, 0.1, 0.1, 0.1, 0.1, 0.2, 0.4, 0.8, 1.5, 3.0, 4.0, 4.2,
                                       4.0, 3.8, 4.0, 4.0, 3.8, 3.4, 2.6, 2.2, 2.0, 1.6, 1.0, 0.5};
/* Monday .. Sunday. */
static const double weekday_weight[7] = {1.05, 1.05, 1.0, 0.95, 0.85, 0.40, 0.30};
/* January .. December. */
static const double month_weight[12] = {0.85, 0.95, 1.05, 1.0,  0.90, 0.95,
                                        0.90, 0.90, 1.05, 1.10, 1.10, 0.95};

/* Surnames in -ов take an "а" for women. */
static const char *const first_names[2][8] = {
    {"Иван", "Алексей", "Дмитрий", "Сергей", "Андрей", "Михаил", "Павел", "Николай"},
    {"Анна", "Елена", "Ольга", "Мария", "Наталья", "Ирина", "Татьяна", "Светлана"}};
static const char *const first_latin[2][8] = {
    {"ivan", "alexey", "dmitry", "sergey", "andrey", "mikhail", "pavel", "nikolay"},
    {"anna", "elena", "olga", "maria", "natalya", "irina", "tatyana", "svetlana"}};
static const char *const surnames[8] = {"Иванов", "Петров",  "Смирнов", "Кузнецов",
                                        "Попов",  "Соколов", "Лебедев", "Козлов"};
static const char *const mail_domains[] = {"mail.ru", "yandex.ru", "gmail.com", "bk.ru",
                                           "company.ru"};

struct weighted {
    const char *value;
    double weight;
};

static const struct weighted regions[] = {
    {"Москва", 0.40}, {"Санкт-Петербург", 0.20}, {"Екатеринбург", 0.10}, {"Новосибирск", 0.08},
    {"Казань", 0.08}, {"Нижний Новгород", 0.07}, {"Краснодар", 0.07},
};
static const struct weighted foreign_regions[] = {
    {"Алматы", 0.5}, {"Минск", 0.3}, {"Ташкент", 0.2}};
static const struct weighted invalid_reasons[] = {
    {"spam", 0.30},       {"duplicate", 0.20},  {"wrong_region", 0.15},
    {"not_target", 0.25}, {"no_contact", 0.10},
};
static const struct weighted early_loss_reasons[] = {
    {"no_answer", 0.35}, {"not_interested", 0.30}, {"no_budget", 0.25}, {"postponed", 0.10}};
static const struct weighted deal_loss_reasons[] = {
    {"chose_competitor", 0.45}, {"price", 0.35}, {"no_budget", 0.20}};

static const char *pick(struct dg_rng *r, const struct weighted *w, size_t n)
{
    double total = 0, x;
    for (size_t i = 0; i < n; i++)
        total += w[i].weight;
    x = dg_unit(r) * total;
    for (size_t i = 0; i + 1 < n; i++) {
        if (x < w[i].weight)
            return w[i].value;
        x -= w[i].weight;
    }
    return w[n - 1].value;
}

void dg_time_format(dg_time t, char buf[32])
{
    int y, mo, d;
    int64_t secs = t % DAY;
    kpi_date_to_ymd((kpi_date)(t / DAY), &y, &mo, &d);
    snprintf(buf, 32, "%04d-%02d-%02d %02d:%02d:%02d+00", y, mo, d, (int)(secs / HOUR),
             (int)(secs / 60 % 60), (int)(secs % 60));
}

static double day_weight(kpi_date day, int d, int n_days)
{
    int y, mo, dd;
    kpi_date_to_ymd(day, &y, &mo, &dd);
    double w = weekday_weight[kpi_date_weekday(day)] * month_weight[mo - 1];
    if (mo == 1 && dd <= 8)
        w *= 0.3;                         /* the New Year holidays */
    return w * (1.0 + 0.25 * d / n_days); /* a growing business */
}

static int copies_index(struct dg_model *m);

int dg_model_init(struct dg_model *m, uint64_t seed, uint64_t leads, int end_year, int end_month,
                  int months, int dedupe_window_days, char *err, size_t err_size)
{
    memset(m, 0, sizeof *m);
    if (end_year < 1971 || end_year > 9998 || end_month < 1 || end_month > 12 || months < 1 ||
        months > 120) {
        snprintf(err, err_size, "the months must lie within 1970..9999 (at most 120 of them)");
        return -1;
    }
    int first = end_year * 12 + end_month - 1 - (months - 1);
    if (first / 12 < 1970) {
        snprintf(err, err_size, "the first month would be before 1970");
        return -1;
    }
    int after = end_year * 12 + end_month; /* the month after the last, 0-based */
    m->seed = seed;
    m->n_leads = leads;
    m->first_day = kpi_date_from_ymd(first / 12, first % 12 + 1, 1);
    kpi_date end_day = kpi_date_from_ymd(after / 12, after % 12 + 1, 1);
    m->n_days = (int)(end_day - m->first_day);
    m->cutoff = (dg_time)end_day * DAY;
    m->day_start = calloc((size_t)m->n_days + 1, sizeof *m->day_start);
    double *cum = calloc((size_t)m->n_days + 1, sizeof *cum);
    kpi_error kerr;
    if (m->day_start == NULL || cum == NULL) {
        snprintf(err, err_size, "out of memory");
        free(cum);
        dg_model_free(m);
        return -1;
    }
    for (int d = 0; d < m->n_days; d++)
        cum[d + 1] = cum[d] + day_weight(m->first_day + d, d, m->n_days);
    for (int d = 0; d <= m->n_days; d++)
        m->day_start[d] = (uint64_t)llround((double)leads * cum[d] / cum[m->n_days]);
    m->day_start[m->n_days] = leads;
    free(cum);
    if (kpi_calendar_new_default(&m->calendar, &kerr) != KPI_OK) {
        snprintf(err, err_size, "calendar: %s", kerr.message);
        dg_model_free(m);
        return -1;
    }
    m->dedupe_window_days = dedupe_window_days;
    if (copies_index(m) != 0) {
        snprintf(err, err_size, "out of memory");
        dg_model_free(m);
        return -1;
    }
    return 0;
}

void dg_model_free(struct dg_model *m)
{
    free(m->day_start);
    free(m->copies);
    kpi_calendar_free(m->calendar);
    memset(m, 0, sizeof *m);
}

/* The day lead `index` falls on: day_start is sorted, so a binary search. */
static int lead_day(const struct dg_model *m, uint64_t index)
{
    int lo = 0, hi = m->n_days - 1;
    while (lo < hi) {
        int mid = (lo + hi + 1) / 2;
        if (m->day_start[mid] <= index)
            lo = mid;
        else
            hi = mid - 1;
    }
    return lo;
}

static void uuid_draw(struct dg_rng *r, char out[37])
{
    uint64_t hi = dg_next(r), lo = dg_next(r);
    hi = (hi & ~0xf000ull) | 0x4000ull;               /* version 4 */
    lo = (lo & 0x3fffffffffffffffull) | (1ull << 63); /* RFC 4122 variant */
    snprintf(out, 37, "%08x-%04x-%04x-%04x-%012llx", (unsigned)(hi >> 32),
             (unsigned)(hi >> 16 & 0xffff), (unsigned)(hi & 0xffff), (unsigned)(lo >> 48),
             (unsigned long long)(lo & 0xffffffffffffull));
}

/* `minutes` working minutes after t by the workspace calendar (UTC: local = universal). */
static dg_time add_working(const struct dg_model *m, dg_time t, double minutes)
{
    kpi_local_time out;
    if (kpi_calendar_add_working(m->calendar, t, minutes, &out, NULL) != KPI_OK)
        return 0;
    return out;
}

/* A unique mobile number per index: a bijection of the index onto nine digits. */
static void phone_for(const struct dg_model *m, uint64_t index, int style, char phone[32],
                      char norm[16])
{
    uint64_t nine = (index * 387420489u + dg_mix(m->seed) % 1000000000u) % 1000000000u;
    unsigned a = (unsigned)(nine / 10000000), b = (unsigned)(nine / 10000 % 1000),
             c = (unsigned)(nine / 100 % 100), d = (unsigned)(nine % 100);
    if (style)
        snprintf(phone, 32, "+7 (9%02u) %03u-%02u-%02u", a, b, c, d);
    else
        snprintf(phone, 32, "+79%09llu", (unsigned long long)nine);
    snprintf(norm, 16, "79%09llu", (unsigned long long)nine);
}

static void base36(uint64_t v, char out[16])
{
    char tmp[16];
    int n = 0;
    do {
        tmp[n++] = "0123456789abcdefghijklmnopqrstuvwxyz"[v % 36];
        v /= 36;
    } while (v);
    for (int i = 0; i < n; i++)
        out[i] = tmp[n - 1 - i];
    out[n] = '\0';
}

static void contact_draw(const struct dg_model *m, struct dg_rng *r, struct dg_lead *l)
{
    int female = (int)dg_below(r, 2), fi = (int)dg_below(r, 8), si = (int)dg_below(r, 8);
    snprintf(l->name, sizeof l->name, "%s %s%s", first_names[female][fi], surnames[si],
             female ? "а" : "");
    bool phone = dg_chance(r, 0.88), email = dg_chance(r, 0.60);
    if (!phone && !email)
        phone = true;
    if (phone) {
        phone_for(m, l->index, dg_chance(r, 0.6), l->phone, l->phone_norm);
        l->phone_owner = l->index;
    }
    if (email) {
        char tag[16];
        base36(l->index, tag);
        const char *domain = mail_domains[dg_below(r, COUNT(mail_domains))];
        snprintf(l->email_norm, sizeof l->email_norm, "%s.%s@%s", first_latin[female][fi], tag,
                 domain);
        memcpy(l->email, l->email_norm, sizeof l->email);
        if (dg_chance(r, 0.2))
            l->email[0] = (char)(l->email[0] - 'a' + 'A'); /* senders keep the user's case */
    }
}

/* A first contact after a reaction of a few working minutes, sometimes much longer. */
static double reaction_draw(struct dg_rng *r)
{
    double u = dg_unit(r);
    if (u < 0.55)
        return 0.5 + dg_exponential(r, 4);
    if (u < 0.85)
        return 5 + dg_exponential(r, 15);
    return 20 + dg_exponential(r, 45);
}

static void money(double v, char buf[24])
{
    snprintf(buf, 24, "%.2f", v);
}

/* An amount around `mean`, log-normal, rounded to 100. */
static double amount_draw(struct dg_rng *r, double mean)
{
    double a = mean * exp(0.45 * dg_normal(r) - 0.45 * 0.45 / 2);
    a = round(a / 100) * 100;
    return a < 5000 ? 5000 : a;
}

static struct dg_deal *deal_add(const struct dg_model *m, struct dg_rng *r, struct dg_lead *l)
{
    struct dg_deal *d = &l->deals[l->n_deals];
    memset(d, 0, sizeof *d);
    uuid_draw(r, d->id);
    snprintf(d->external_id, sizeof d->external_id, "s%llu-d%llu-%d", (unsigned long long)m->seed,
             (unsigned long long)l->index, l->n_deals);
    d->linked = true;
    l->n_deals++;
    return d;
}

static void deal_close_won(struct dg_rng *r, struct dg_deal *d, double mean)
{
    double amount = amount_draw(r, mean);
    d->status = "won";
    money(amount, d->amount);
    if (dg_chance(r, 0.97))
        money(round(amount * dg_uniform(r, 0.30, 0.45) * 100) / 100, d->gross_margin);
}

/* Repeat purchases of a client who bought at `first_close`: later, smaller deals. */
static void repeats_draw(const struct dg_model *m, struct dg_rng *r, struct dg_lead *l,
                         dg_time first_close)
{
    dg_time last = first_close;
    while (l->n_deals < DG_MAX_DEALS && dg_chance(r, l->n_deals == 1 ? 0.25 : 0.35)) {
        dg_time closed = add_working(m, last + (dg_time)(dg_uniform(r, 14, 120) * DAY), 0);
        if (closed == 0 || closed >= m->cutoff)
            return;
        struct dg_deal *d = deal_add(m, r, l);
        d->linked = dg_chance(r, 0.5);
        d->created_at = closed - (dg_time)(dg_uniform(r, 1, 10) * DAY);
        if (d->created_at < last)
            d->created_at = last;
        d->closed_at = closed;
        deal_close_won(r, d, l->channel->avg_check * 0.6);
        last = closed;
    }
}

/* After a proposal: a deal that is won, lost, or still open at the cutoff. */
static void deal_draw(const struct dg_model *m, struct dg_rng *r, struct dg_lead *l)
{
    const struct dg_channel *c = l->channel;
    struct dg_deal *d = deal_add(m, r, l);
    d->created_at = l->proposal_at;
    bool won = dg_chance(r, fmin(0.95, 0.70 * c->quality));
    dg_time closed;
    if (won) {
        /* 1-10 weeks after the lead, never before the proposal */
        closed = add_working(m, l->created_at + (dg_time)(dg_uniform(r, 7, 70) * DAY), 0);
        if (closed < l->proposal_at + HOUR)
            closed = add_working(m, l->proposal_at, dg_uniform(r, 60, 3 * WORKDAY));
    } else {
        closed = add_working(m, l->proposal_at, dg_uniform(r, WORKDAY, 30 * WORKDAY));
    }
    if (closed == 0 || closed >= m->cutoff) {
        d->status = "open";
        money(amount_draw(r, c->avg_check), d->amount);
        return;
    }
    d->closed_at = closed;
    if (!won) {
        d->status = "lost";
        money(amount_draw(r, c->avg_check), d->amount);
        l->lost_at = closed;
        l->lost_reason = pick(r, deal_loss_reasons, COUNT(deal_loss_reasons));
        return;
    }
    deal_close_won(r, d, c->avg_check);
    if (dg_chance(r, 0.45)) {
        dg_time at = closed + (dg_time)(dg_uniform(r, 7, 30) * DAY);
        if (at < m->cutoff) {
            double u = dg_unit(r);
            l->nps_at = at;
            l->nps_score = u < 0.52   ? 9 + (int)dg_below(r, 2)
                           : u < 0.82 ? 7 + (int)dg_below(r, 2)
                                      : (int)dg_below(r, 7);
        }
    }
    repeats_draw(m, r, l, closed);
}

/* Contact, meeting, proposal, deal: each step only when the one before happened by the cutoff. */
static void funnel_draw(const struct dg_model *m, struct dg_rng *r, struct dg_lead *l)
{
    const struct dg_channel *c = l->channel;
    if (!dg_chance(r, l->valid ? 0.93 : 0.45))
        return;
    dg_time contact = add_working(m, l->created_at, reaction_draw(r));
    if (contact == 0 || contact >= m->cutoff)
        return;
    l->first_contact_at = contact;
    l->reaction_minutes = kpi_calendar_working_minutes(m->calendar, l->created_at, contact);
    if (!l->valid)
        return;
    if (!dg_chance(r, fmin(0.95, (l->is_sql ? 0.72 : 0.08) * c->quality))) {
        if (dg_chance(r, 0.6)) {
            dg_time lost = add_working(m, contact, dg_uniform(r, 30, 10 * WORKDAY));
            if (lost != 0 && lost < m->cutoff) {
                l->lost_at = lost;
                l->lost_reason = pick(r, early_loss_reasons, COUNT(early_loss_reasons));
            }
        }
        return;
    }
    dg_time meeting = add_working(m, contact, dg_uniform(r, 90, 5 * WORKDAY));
    if (meeting == 0 || meeting >= m->cutoff)
        return;
    l->meeting_at = meeting;
    if (!dg_chance(r, 0.75)) {
        dg_time lost = add_working(m, meeting, dg_uniform(r, WORKDAY, 10 * WORKDAY));
        if (lost != 0 && lost < m->cutoff && dg_chance(r, 0.7)) {
            l->lost_at = lost;
            l->lost_reason = pick(r, early_loss_reasons, COUNT(early_loss_reasons));
        }
        return;
    }
    dg_time proposal = add_working(m, meeting, dg_uniform(r, 120, 4 * WORKDAY));
    if (proposal == 0 || proposal >= m->cutoff)
        return;
    l->proposal_at = proposal;
    deal_draw(m, r, l);
}

static const char *stage_of(const struct dg_lead *l)
{
    for (int i = 0; i < l->n_deals; i++)
        if (strcmp(l->deals[i].status, "won") == 0)
            return "won";
    if (l->lost_at)
        return "lost";
    if (l->proposal_at)
        return "proposal";
    if (l->meeting_at)
        return "meeting";
    if (l->first_contact_at)
        return "contacted";
    return "new";
}

static const struct dg_channel *channel_draw(struct dg_rng *r)
{
    double x = dg_unit(r);
    for (size_t i = 0; i + 1 < dg_channel_count; i++) {
        if (x < dg_channels[i].share)
            return &dg_channels[i];
        x -= dg_channels[i].share;
    }
    return &dg_channels[dg_channel_count - 1];
}

static dg_time created_draw(const struct dg_model *m, struct dg_rng *r, uint64_t index)
{
    double total = 0, x;
    int hour = 23;
    for (int h = 0; h < 24; h++)
        total += hour_weight[h];
    x = dg_unit(r) * total;
    for (int h = 0; h < 24; h++) {
        if (x < hour_weight[h]) {
            hour = h;
            break;
        }
        x -= hour_weight[h];
    }
    kpi_date day = m->first_day + lead_day(m, index);
    return (dg_time)day * DAY + hour * HOUR + (dg_time)dg_below(r, HOUR);
}

/* Draws lead `index` without looking at other leads (duplicate_of stays empty). */
static void lead_draw(const struct dg_model *m, uint64_t index, struct dg_lead *l)
{
    struct dg_rng r = dg_rng_for(m->seed, KIND_LEAD, index);
    memset(l, 0, sizeof *l);
    l->index = index;
    l->phone_owner = DG_NONE;
    l->nps_score = -1;
    uuid_draw(&r, l->id);
    snprintf(l->external_id, sizeof l->external_id, "s%llu-l%llu", (unsigned long long)m->seed,
             (unsigned long long)index);
    snprintf(l->client_ref, sizeof l->client_ref, "s%llu-c%llu", (unsigned long long)m->seed,
             (unsigned long long)index);
    l->channel = channel_draw(&r);
    l->campaign = l->channel->campaigns[dg_below(&r, (uint64_t)l->channel->n_campaigns)];
    l->created_at = created_draw(m, &r, index);
    contact_draw(m, &r, l);
    l->region = pick(&r, regions, COUNT(regions));
    l->valid = dg_chance(&r, l->channel->valid_rate);
    if (!l->valid) {
        l->invalid_reason = pick(&r, invalid_reasons, COUNT(invalid_reasons));
        if (strcmp(l->invalid_reason, "duplicate") == 0 && index > 0) {
            /* the phone of a lead of the last few days */
            uint64_t span = m->n_leads * 5 / (uint64_t)m->n_days + 1;
            uint64_t earlier = index - 1 - dg_below(&r, index < span ? index : span);
            phone_for(m, earlier, 0, l->phone, l->phone_norm);
            l->phone_owner = earlier;
        } else if (strcmp(l->invalid_reason, "wrong_region") == 0) {
            l->region = pick(&r, foreign_regions, COUNT(foreign_regions));
        } else if (strcmp(l->invalid_reason, "no_contact") == 0) {
            l->phone[0] = l->phone_norm[0] = l->email[0] = l->email_norm[0] = '\0';
            l->phone_owner = DG_NONE;
        }
    }
    l->is_brand = dg_chance(&r, l->channel->brand_rate);
    l->is_sql = l->valid && dg_chance(&r, l->channel->sql_rate);
    funnel_draw(m, &r, l);
    l->stage = stage_of(l);
}

void dg_spend(const struct dg_model *m, int day, size_t channel, int campaign, char buf[24])
{
    const struct dg_channel *c = &dg_channels[channel];
    double leads = (double)(m->day_start[day + 1] - m->day_start[day]);
    buf[0] = '\0';
    if (c->cpl <= 0 || leads <= 0)
        return;
    struct dg_rng r = dg_rng_for(
        m->seed, KIND_SPEND, ((uint64_t)day * dg_channel_count + channel) * 4 + (uint64_t)campaign);
    double expected_valid = leads * c->share * c->valid_rate / c->n_campaigns;
    money(round(expected_valid * c->cpl * dg_uniform(&r, 0.85, 1.15) * 100) / 100, buf);
}

/* Candidate j for l's duplicate_of: created within the window before l, earliest first. */
static void duplicate_consider(const struct dg_model *m, struct dg_lead *l, uint64_t j,
                               dg_time *best)
{
    struct dg_lead other;
    if (j == l->index)
        return;
    lead_draw(m, j, &other);
    if (other.phone_owner != l->phone_owner || other.created_at >= l->created_at ||
        other.created_at < l->created_at - (dg_time)m->dedupe_window_days * DAY)
        return;
    if (l->duplicate_of[0] == '\0' || other.created_at < *best ||
        (other.created_at == *best && strcmp(other.id, l->duplicate_of) < 0)) {
        *best = other.created_at;
        memcpy(l->duplicate_of, other.id, sizeof l->duplicate_of);
    }
}

void dg_lead_generate(const struct dg_model *m, uint64_t index, struct dg_lead *l)
{
    lead_draw(m, index, l);
    if (l->phone_owner == DG_NONE || m->dedupe_window_days <= 0)
        return;
    /* the leads with this number: its owner and every lead that copied it */
    dg_time best = 0;
    duplicate_consider(m, l, l->phone_owner, &best);
    size_t lo = 0, hi = m->n_copies;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (m->copies[mid].owner < l->phone_owner)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (; lo < m->n_copies && m->copies[lo].owner == l->phone_owner; lo++)
        duplicate_consider(m, l, m->copies[lo].copier, &best);
}

static int by_owner(const void *a, const void *b)
{
    const struct dg_copy_of *x = a, *y = b;
    if (x->owner != y->owner)
        return x->owner < y->owner ? -1 : 1;
    return (x->copier > y->copier) - (x->copier < y->copier);
}

/* Finds every lead that took another lead's number, sorted by the number's owner. */
static int copies_index(struct dg_model *m)
{
    size_t cap = 1024;
    struct dg_lead l;
    m->copies = malloc(cap * sizeof *m->copies);
    if (m->copies == NULL)
        return -1;
    for (uint64_t i = 0; i < m->n_leads; i++) {
        lead_draw(m, i, &l);
        if (l.phone_owner == DG_NONE || l.phone_owner == i)
            continue;
        if (m->n_copies == cap) {
            struct dg_copy_of *more = realloc(m->copies, 2 * cap * sizeof *m->copies);
            if (more == NULL)
                return -1;
            m->copies = more;
            cap *= 2;
        }
        m->copies[m->n_copies++] = (struct dg_copy_of){l.phone_owner, i};
    }
    qsort(m->copies, m->n_copies, sizeof *m->copies, by_owner);
    return 0;
}
