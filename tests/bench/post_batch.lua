-- wrk: POST /v1/leads/batch with 1000 distinct leads per request. Arguments as post_lead.lua.
dofile("tests/bench/report.lua")

local next_thread = 0
function setup(thread)
    thread:set("tid", next_thread)
    next_thread = next_thread + 1
end

local batch = 0
local tag, digit
local parts = {}
function init(args)
    tag = args[1] or "batch"
    digit = tonumber(args[2] or "1")
    wrk.method = "POST"
    wrk.headers["Authorization"] = "Bearer " .. os.getenv("KPID_BENCH_KEY")
    wrk.headers["Content-Type"] = "application/json"
end

-- one item: its external id (also the e-mail's local part); the phone: 77, the run number, the
-- thread, the batch and the item
local item = '{"source":"bench","external_id":"%s","channel":"vk_ads","campaign":"lead_forms",' ..
    '"utm_source":"vk","utm_medium":"cpc","created_at":"2026-11-02T11:%02d:00Z",' ..
    '"contact":{"name":"Анна Смирнова","phone":"+77%02d%d%03d%03d","email":"%s@bench.example"},' ..
    '"region":"Казань"}'

function request()
    batch = batch + 1
    for i = 0, 999 do
        local id = string.format("%s-%d-%d-%d", tag, tid, batch, i)
        parts[i + 1] = string.format(item, id, i % 60, digit, tid % 10, batch % 1000, i, id)
    end
    return wrk.format(nil, nil, nil, '{"items":[' .. table.concat(parts, ",") .. ']}')
end
