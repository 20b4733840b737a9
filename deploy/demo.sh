#!/bin/sh
# Loads the `demo` workspace for `make run`: six months of generated leads, deals, spend and NPS
# answers up to last month (kpid-datagen), then, through kpid's API, the SMB KPI matrix, its
# monthly and quarterly targets, a marketing, a sales and a quarterly strategic scorecard, and
# lifetime (LTV) and weekly KPIs, channel records, and three people paid by the scorecards (a
# 70/30 split, a 50/50 one and a pilot).
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

# Channel records for the six months, uploaded as one CSV export (the shape ad platforms and
# Excel write): ad platforms' impressions, clicks and conversions, site sessions (seo), a
# weekly e-mail newsletter and a VK community's audience; uploading again merges the same
# values. Numbers are a deterministic function of the day.
csv=$(mktemp)
trap 'rm -f "$tmp" "$csv"' EXIT
first=$(echo $months | cut -d' ' -f1)-01
days=$((($(date -u -d "$last-01 +1 month" +%s) - $(date -u -d "$first" +%s)) / 86400))
{
    echo "date;channel;impressions;clicks;conversions;sessions;bounces;emails_sent;emails_delivered;emails_opened;email_clicks;unsubscribes;followers;reach;engagements"
    i=0
    while [ $i -lt $days ]; do
        d=$(date -u -d "$first +$i day" +%F)
        imp=$((20000 + i * 7919 % 5000))
        echo "$d;yandex_direct;$imp;$((imp * 3 / 100 + i % 40));$((12 + i % 9));;;;;;;;;;"
        imp=$((12000 + i * 104729 % 3000))
        echo "$d;google_ads;$imp;$((imp / 50 + i % 25));$((6 + i % 7));;;;;;;;;;"
        imp=$((30000 + i * 611953 % 8000))
        echo "$d;vk_ads;$imp;$((imp / 120 + i % 15));$((3 + i % 9));;;;;;;;;;"
        ses=$((300 + i * 31 % 120))
        echo "$d;seo;;;;$ses;$((ses * 35 / 100 + i % 20));;;;;;;;"
        if [ $((i % 7)) -eq 1 ]; then
            dlv=$((4850 - i % 50))
            echo "$d;email;;;;;;5000;$dlv;$((dlv * 22 / 100 + i % 30));$((dlv * 3 / 100));$((5 + i % 7));;;"
        fi
        echo "$d;vk;;;;;;;;;;;$((4000 + 9 * i + i % 5));$((2500 + i * 13 % 900));$((120 + i % 60))"
        i=$((i + 1))
    done
} >"$csv"
status=$(curl -s -o "$tmp" -w '%{http_code}' --max-time 60 -X POST \
    -H "Authorization: Bearer $key" -H 'Content-Type: text/csv' --data-binary "@$csv" \
    "$base/v1/channel-stats")
[ "$status" = 200 ] || { echo "demo: the channel records upload answered $status: $(cat "$tmp")" >&2; exit 1; }
kpi ctr marketing ctr month event 0 1.5 2 2.5 "CTR of the ads, %"
kpi cpc marketing cpc month event 0 10 8 6 "Cost per click"
kpi site_cr marketing site_cr month event 0 1 2 3 "Site conversion, session to valid lead, %"
kpi open_rate marketing open_rate month event 0 15 20 25 "E-mail open rate, %"
# Lifetime value and weekly review: LTV, repeat rate and ROMI by LTV of each quarter's new
# clients over 90 days after their first deal, and valid leads per ISO week for the four weeks
# before this month.
kpi q_ltv shared ltv quarter cohort 90 80000 100000 130000 \
    "LTV of the quarter's new clients (90 days)"
kpi q_repeat_rate sales repeat_rate quarter cohort 90 10 15 20 \
    "Repeat rate of the quarter's new clients (90 days), %"
kpi q_romi_ltv shared romi_ltv quarter cohort 90 1000 1500 2000 "ROMI by LTV (LTV / CAC), %"
kpi weekly_valid_leads marketing valid_leads week event 0 40 50 60 "Valid leads per week"
weeks=""
for i in 4 3 2 1; do
    weeks="$weeks $(date -u -d "$last-01 +1 month -$((7 * i)) day" +%G-W%V)"
done
for w in $weeks; do
    call PUT "/v1/periods/$w"
done

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
echo "demo: weekly periods$weeks"
