/* libFuzzer harness: period ids (kpi_period_parse) and dates (kpi_date_parse), with
 * round-trip and navigation invariants on whatever parses. */
#include "kpi/period.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_period(const char *text, const kpi_period *p)
{
    char again[KPI_PERIOD_TEXT_SIZE];
    kpi_period_format(p, again);
    if (strcmp(again, text) != 0)
        abort(); /* only canonical ids parse, so they format back unchanged */
    if (kpi_period_start(p) >= kpi_period_end(p))
        abort();
    kpi_period months[12];
    size_t n = kpi_period_months(p, months);
    static const size_t expected[] = {0, 1, 3, 12, 0};
    if (n != expected[p->kind] || (n > 0 && (kpi_period_start(&months[0]) != kpi_period_start(p) ||
                                             kpi_period_end(&months[n - 1]) != kpi_period_end(p))))
        abort();
    if (p->kind == KPI_PERIOD_WEEK && (kpi_period_end(p) - kpi_period_start(p) != 7 ||
                                       kpi_date_weekday(kpi_period_start(p)) != 0))
        abort();
    kpi_period around;
    if (kpi_period_containing(p->kind, kpi_period_end(p) - 1, &around, NULL) != KPI_OK ||
        kpi_period_compare(&around, p) != 0)
        abort();
    kpi_period next, back;
    if (kpi_period_shift(p, 1, &next, NULL) == KPI_OK &&
        (kpi_period_start(&next) != kpi_period_end(p) ||
         kpi_period_shift(&next, -1, &back, NULL) != KPI_OK || kpi_period_compare(&back, p) != 0))
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char text[64];
    size_t n = size < sizeof text - 1 ? size : sizeof text - 1;
    memcpy(text, data, n);
    text[n] = '\0';

    kpi_error err;
    kpi_period p;
    if (kpi_period_parse(text, &p, &err) == KPI_OK)
        check_period(text, &p);
    else if (memchr(err.message, '\0', sizeof err.message) == NULL)
        abort();

    kpi_date d;
    if (kpi_date_parse(text, &d, &err) == KPI_OK) {
        char again[KPI_DATE_TEXT_SIZE];
        kpi_date_format(d, again);
        if (strcmp(again, text) != 0)
            abort(); /* exactly YYYY-MM-DD parses, so it formats back unchanged */
    }
    int minutes;
    if (kpi_time_of_day_parse(text, &minutes, &err) == KPI_OK && (minutes < 0 || minutes > 1440))
        abort();
    return 0;
}
