-- wrk: POST /v1/leads with a distinct lead per request (own external id, phone and e-mail).
-- Arguments: a run tag (letters/digits) and a run number 1-99 that keeps phones of runs apart.
-- The key comes from KPID_BENCH_KEY.
dofile("tests/bench/report.lua")

local next_thread = 0
function setup(thread)
    thread:set("tid", next_thread)
    next_thread = next_thread + 1
end

local counter = 0
local tag, digit
function init(args)
    tag = args[1] or "run"
    digit = tonumber(args[2] or "1")
    wrk.method = "POST"
    wrk.headers["Authorization"] = "Bearer " .. os.getenv("KPID_BENCH_KEY")
    wrk.headers["Content-Type"] = "application/json"
end

local template = '{"source":"bench","external_id":"%s","channel":"yandex_direct",' ..
    '"campaign":"search_generic","utm_source":"yandex","utm_medium":"cpc",' ..
    '"created_at":"2026-11-02T10:15:00Z","contact":{"name":"Иван Петров",' ..
    '"phone":"+7 (7%02d) %d%02d-%02d-%02d","email":"%s@bench.example"},"region":"Москва",' ..
    '"is_sql":true,"attributes":{"form":"callback"}}'

function request()
    counter = counter + 1
    local id = string.format("%s-%d-%d", tag, tid, counter)
    -- phone digits after +7: 7, the run number, the thread, then the counter in 6 digits
    local c = counter % 1000000
    local body = string.format(template, id, digit, tid % 10, math.floor(c / 10000),
        math.floor(c / 100) % 100, c % 100, id)
    return wrk.format(nil, nil, nil, body)
end
