-- wrk: GET the URL's path with the key from KPID_BENCH_KEY (the results benchmark).
dofile("tests/bench/report.lua")

function init(args)
    wrk.headers["Authorization"] = "Bearer " .. os.getenv("KPID_BENCH_KEY")
end
