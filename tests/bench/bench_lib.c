/* libkpi micro-benchmarks: ns per working-minutes pair, formula evaluation and five-item scorecard.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "kpi/kpi.h"

#define PAIRS 1000000
#define EVALS 1000000
#define CARDS 100000

static uint64_t rng = 0x2545F4914F6CDD1Du;

static uint64_t rnd(uint64_t bound)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng % bound;
}

static double now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static void report(const char *what, double ns, long ops, double target_ns, double checksum)
{
    double per = ns / (double)ops;
    printf("%-44s %8.1f ns/op  (target < %.0f ns) %s  [checksum %.6g]\n", what, per, target_ns,
           per < target_ns ? "ok" : "SLOW", checksum);
}

/* A realistic calendar: lunch break on weekdays, 15 holidays a year for 2024-2026. */
static kpi_calendar *bench_calendar(void)
{
    kpi_calendar_builder *b = kpi_calendar_builder_new();
    kpi_calendar *cal = NULL;
    kpi_interval day[2] = {{9 * 60, 13 * 60}, {14 * 60, 18 * 60}};
    if (b == NULL)
        return NULL;
    for (int d = 0; d < 5; d++)
        kpi_calendar_set_weekday(b, d, day, 2, NULL);
    for (int y = 2024; y <= 2026; y++)
        for (int i = 0; i < 15; i++)
            kpi_calendar_add_holiday(b, kpi_date_from_ymd(y, 1 + i % 12, 1 + (i * 7) % 28), NULL);
    kpi_calendar_build(b, &cal, NULL);
    kpi_calendar_builder_free(b);
    return cal;
}

static int bench_working_minutes(void)
{
    kpi_calendar *cal = bench_calendar();
    int64_t *from = malloc(PAIRS * sizeof *from), *to = malloc(PAIRS * sizeof *to);
    if (cal == NULL || from == NULL || to == NULL) {
        fprintf(stderr, "bench_lib: out of memory\n");
        return 1;
    }
    int64_t base = (int64_t)kpi_date_from_ymd(2024, 1, 1) * 86400;
    for (long i = 0; i < PAIRS; i++) {
        from[i] = base + (int64_t)rnd(2 * 365 * 86400u);
        to[i] = from[i] + (int64_t)rnd(60 * 86400u); /* spans up to about 8 weeks */
    }
    double sum = 0, t0 = now_ns();
    for (long i = 0; i < PAIRS; i++)
        sum += kpi_calendar_working_minutes(cal, from[i], to[i]);
    report("working minutes, 1,000,000 random pairs", now_ns() - t0, PAIRS, 200, sum);
    free(from);
    free(to);
    kpi_calendar_free(cal);
    return 0;
}

static int bench_formula(void)
{
    kpi_formula f;
    kpi_measure_set sets[16];
    if (kpi_metric_compile(kpi_metric_find("romi"), &f, NULL) != KPI_OK)
        return 1;
    for (int i = 0; i < 16; i++) {
        kpi_measures_init(&sets[i]);
        kpi_measures_set(&sets[i], KPI_M_GROSS_MARGIN, 1000.0 + i * 37);
        kpi_measures_set(&sets[i], KPI_M_SPEND, i == 3 ? 0 : 500.0 + i);
    }
    double sum = 0, t0 = now_ns();
    for (long i = 0; i < EVALS; i++) {
        kpi_opt v = kpi_formula_eval(&f, &sets[i & 15]);
        sum += v.present ? v.value : 0;
    }
    report("formula romi, 1,000,000 evaluations", now_ns() - t0, EVALS, 50, sum);
    return 0;
}

static int bench_scorecard(void)
{
    kpi_scorecard_item items[5];
    kpi_item_score scores[5];
    kpi_scorecard_score out;
    static const double weights[5] = {0.3, 0.25, 0.2, 0.15, 0.1};
    for (int i = 0; i < 5; i++) {
        kpi_target t = {i == 1 ? kpi_some(50) : kpi_none(), kpi_some(100),
                        i == 2 ? kpi_some(130) : kpi_none()};
        items[i] = (kpi_scorecard_item){weights[i], KPI_PERIOD_MONTH,
                                        i == 4 ? KPI_LOWER_IS_BETTER : KPI_HIGHER_IS_BETTER,
                                        kpi_none(), t};
    }
    kpi_scorecard sc = {KPI_PERIOD_MONTH, 2.0, 150000, 65000, 5, items};
    double sum = 0, t0 = now_ns();
    for (long n = 0; n < CARDS; n++) {
        for (int i = 0; i < 5; i++)
            items[i].fact = kpi_some((double)((n + i * 13) % 250));
        if (kpi_scorecard_compute(&sc, scores, &out, NULL) != KPI_OK)
            return 1;
        sum += kpi_round_money(out.payout);
    }
    report("scorecard, 100,000 five-item computations", now_ns() - t0, CARDS, 1000, sum);
    return 0;
}

int main(void)
{
    if (bench_working_minutes() || bench_formula() || bench_scorecard()) {
        fprintf(stderr, "bench_lib: setup failed\n");
        return 1;
    }
    return 0;
}
