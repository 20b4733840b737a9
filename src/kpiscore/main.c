/* kpiscore: scores one JSON document from stdin with libkpi and writes the results (and a
 * person's payout statement) to stdout. */
#include <stdio.h>
#include <string.h>

#include "kpiscore.h"

static const char USAGE[] =
    "usage: kpiscore [--compact] < input.json > results.json\n"
    "Reads measures, KPI definitions, targets, an optional scorecard and an optional person's\n"
    "pay; writes facts, attainment, status, the scorecard payout and the person's payout\n"
    "statement. Exit 0 on success, 1 on a bad document\n"
    "(an {\"error\": {...}} object is written to stdout), 2 on bad arguments.\n";

static int emit(json_t *doc, size_t flags)
{
    int rc = json_dumpf(doc, stdout, flags) == 0 && fputc('\n', stdout) != EOF ? 0 : 1;
    json_decref(doc);
    return rc;
}

int main(int argc, char **argv)
{
    size_t flags = JSON_INDENT(2) | JSON_REAL_PRECISION(17);
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--compact") == 0) {
            flags = JSON_COMPACT | JSON_REAL_PRECISION(17);
        } else {
            fputs(USAGE, strcmp(argv[i], "--help") == 0 ? stdout : stderr);
            return strcmp(argv[i], "--help") == 0 ? 0 : 2;
        }
    }
    ks_error err = {{0}, {0}, 0};
    json_error_t jerr;
    json_t *input = json_loadf(stdin, JSON_REJECT_DUPLICATES, &jerr);
    if (input == NULL) {
        snprintf(err.message, sizeof err.message, "not valid JSON: %s (line %d, column %d)",
                 jerr.text, jerr.line, jerr.column);
        emit(ks_error_json(&err), flags);
        return 1;
    }
    ks_doc doc;
    json_t *out = ks_read(input, &doc, &err) ? ks_score(&doc, &err) : NULL;
    ks_doc_free(&doc);
    json_decref(input);
    if (out == NULL) {
        emit(ks_error_json(&err), flags);
        return 1;
    }
    return emit(out, flags);
}
