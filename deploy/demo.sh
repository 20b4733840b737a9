#!/bin/sh
# Loads the `demo` workspace for `make run`: six months of generated leads, deals, spend and NPS
# answers up to last month (kpid-datagen), then, through kpid's API, the SMB KPI matrix, its
# monthly and quarterly targets, a marketing, a sales and a quarterly strategic scorecard, and
# three people paid by them (a 70/30 split, a 50/50 one and a pilot).
#
#   sh deploy/demo.sh KPID_URL [ADMIN_KEY [DATABASE_URL]]
#
# ADMIN_KEY must be an admin key of workspace `demo` (one is created and printed when it is
# missing); DATABASE_URL defaults to $KPID_DATABASE_URL. Running it again changes nothing: the
# generator leaves a loaded workspace alone and every API call creates or sets the same thing.
set -eu

[ $# -ge 1 ] || { echo "usage: $0 KPID_URL [ADMIN_KEY [DATABASE_URL]]" >&2; exit 2; }
root=$(cd "$(dirname "$0")/.." && pwd)
base=$1
key=${2:-}
db=${3:-${KPID_DATABASE_URL:-}}
[ -n "$db" ] || { echo "demo: no database URL (third argument or KPID_DATABASE_URL)" >&2; exit 2; }
datagen=${KPID_DATAGEN:-$root/build/kpid-datagen}
if [ -z "$key" ]; then
    key=$(KPID_DATABASE_URL="$db" "$root/build/kpid" keys create --workspace demo --scope admin \
        --name demo-admin)
    echo "demo: admin key of workspace demo: $key"
fi
[ -x "$datagen" ] || make -C "$root" --no-print-directory -s build/kpid-datagen

# Six months up to last month; the quarter of last month and the one before it.
last=$(date -u -d "$(date -u +%Y-%m-01) -1 day" +%Y-%m)
months=""
for i in 5 4 3 2 1 0; do
    months="$months $(date -u -d "$last-01 -$i month" +%Y-%m)"
done
y=${last%-*}
mon=${last#*-}
q=$(((${mon#0} + 2) / 3))
quarters="$((q == 1 ? y - 1 : y))-Q$((q == 1 ? 4 : q - 1)) $y-Q$q"

"$datagen" --database-url "$db" --workspace demo --leads 1500 --months 6 --end-month "$last" \
    --seed 2026

tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
# call METHOD PATH [BODY]: fails unless kpid answers 2xx (or 409: it exists already)
call() {
    status=$(curl -s -o "$tmp" -w '%{http_code}' --max-time 30 -X "$1" \
        -H "Authorization: Bearer $key" -H 'Content-Type: application/json' \
        ${3:+--data-binary "$3"} "$base$2")
    case $status in
    2?? | 409) ;;
    *)
        echo "demo: $1 $2 answered $status: $(cat "$tmp")" >&2
        exit 1
        ;;
    esac
}

# kpi CODE OWNER METRIC GRANULARITY ATTRIBUTION LAG BASE PLAN STRETCH NAME
kpi() {
    call POST /v1/kpis "{\"code\":\"$1\",\"name\":\"${10}\",\"owner\":\"$2\",\"metric\":\"$3\",
        \"granularity\":\"$4\",\"attribution\":\"$5\",\"lag_days\":$6,
        \"target\":{\"base\":$7,\"plan\":$8,\"stretch\":$9}}"
}
kpi valid_leads marketing valid_leads month event 0 100 120 150 "Valid leads"
kpi cpl marketing cpl month event 0 1500 1200 1000 "Cost per valid lead"
kpi sql_share marketing sql_share month event 0 40 50 60 "SQL share of valid leads, %"
kpi brand_share marketing brand_lead_share month event 0 15 20 25 "Brand leads share, %"
kpi new_client_revenue sales revenue_new_clients month event 0 2000000 3000000 4000000 \
    "New-client revenue"
kpi lead_client_conversion sales cr_lead_client month event 0 15 20 25 "Lead to client conversion, %"
kpi reaction_time sales reaction_time_avg month event 0 30 15 10 \
    "Reaction time, working minutes (average)"
kpi avg_check sales avg_check month event 0 70000 90000 110000 "Average check"
kpi cac shared cac month event 0 25000 18000 12000 "Customer acquisition cost"
kpi romi shared romi month event 0 30 70 150 "ROMI, %"
kpi q_new_client_revenue shared revenue_new_clients quarter cohort 60 6000000 9000000 12000000 \
    "New-client revenue of the quarter's leads (cohort, 60 days)"
kpi q_cac shared cac quarter cohort 60 25000 18000 12000 \
    "CAC of the quarter's leads (cohort, 60 days)"
kpi q_romi shared romi quarter cohort 60 30 70 150 "ROMI of the quarter's leads (cohort, 60 days)"

# The periods; volume targets grow 5 % a month from the defaults, the others stay.
n=0
for m in $months; do
    call PUT "/v1/periods/$m"
    call PUT "/v1/periods/$m/targets/valid_leads" \
        "{\"base\":100,\"plan\":$((120 * (100 + 5 * n) / 100)),\"stretch\":150}"
    call PUT "/v1/periods/$m/targets/new_client_revenue" \
        "{\"base\":2000000,\"plan\":$((3000000 * (100 + 5 * n) / 100)),\"stretch\":4000000}"
    n=$((n + 1))
done
for p in $quarters; do
    call PUT "/v1/periods/$p"
done

call POST /v1/scorecards '{"code":"marketing_director","name":"Marketing director",
    "owner":"marketing","granularity":"month","fixed_pay":150000,"bonus_base":60000,
    "items":[{"kpi":"valid_leads","weight":0.2},{"kpi":"cpl","weight":0.2},
             {"kpi":"sql_share","weight":0.15},{"kpi":"brand_share","weight":0.1},
             {"kpi":"cac","weight":0.15},{"kpi":"romi","weight":0.2}]}'
call POST /v1/scorecards '{"code":"sales_director","name":"Sales director","owner":"sales",
    "granularity":"month","fixed_pay":140000,"bonus_base":80000,
    "items":[{"kpi":"new_client_revenue","weight":0.3},{"kpi":"lead_client_conversion","weight":0.15},
             {"kpi":"reaction_time","weight":0.1},{"kpi":"avg_check","weight":0.15},
             {"kpi":"cac","weight":0.1},{"kpi":"romi","weight":0.2}]}'
call POST /v1/scorecards '{"code":"commercial_strategy","name":"Commercial director, quarterly",
    "owner":"shared","granularity":"quarter","fixed_pay":0,"bonus_base":300000,
    "items":[{"kpi":"q_new_client_revenue","weight":0.4},{"kpi":"q_cac","weight":0.3},
             {"kpi":"q_romi","weight":0.3}]}'

# person CODE NAME DEPARTMENT HIRED_ON PAY_PLAN: the plan is added with the person only, so a
# second run adds no plan version.
person() {
    call POST /v1/people "{\"code\":\"$1\",\"name\":\"$2\",\"department\":\"$3\",
        \"hired_on\":\"$4\"}"
    if [ "$status" = 201 ]; then
        call PUT "/v1/people/$1/pay-plan" "$5"
    fi
}
split='"split_schedule":[{"from_month":1,"fixed_share":0.8},{"from_month":4,"fixed_share":0.7},
    {"from_month":7,"fixed_share":0.5}]'
# Hired on the 11th four months before last month: prorated in that month, 70/30 by last month.
hired=$(date -u -d "$last-11 -4 month" +%Y-%m-%d)
person olga "Olga Smirnova" marketing "$hired" "{\"effective_from\":\"${hired%-*}\",
    \"scorecard\":\"marketing_director\",\"total_pay\":210000,$split}"
person ivan "Ivan Petrov" sales "$(date -u -d "$last-01 -30 month" +%Y-%m-%d)" \
    "{\"effective_from\":\"$(date -u -d "$last-01 -5 month" +%Y-%m)\",\"scorecard\":\"sales_director\",\"total_pay\":220000,
    $split}"
person maria "Maria Volkova" marketing "$(date -u -d "$last-01 -1 month" +%Y-%m-%d)" \
    "{\"effective_from\":\"$(date -u -d "$last-01 -1 month" +%Y-%m)\",
    \"scorecard\":\"marketing_director\",\"fixed_pay\":90000,\"bonus_base\":30000,
    \"pilot\":true}"

echo "demo: workspace demo ready: months$months, quarters $quarters"
