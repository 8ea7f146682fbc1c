-- wrk script for bench/pages.sh: prints the 95th latency percentile (wrk --latency prints 50/75/90/99 only) and, when
-- WRK_DELAY_MS is set, paces each connection with exponentially distributed pauses of that mean, so that the offered
-- rate is about connections × 1000 / (pause + latency): a load below capacity, where latency is what a reader meets.
local mean = tonumber(os.getenv("WRK_DELAY_MS") or "")

function delay()
  if mean == nil or mean <= 0 then return 0 end
  return math.floor(-mean * math.log(1 - math.random()))
end

function done(summary, latency, requests)
  io.write(string.format("p95 %.2fms\n", latency:percentile(95) / 1000))
end
