-- wrk script: POST one new interaction per request, each with a unique external id and email.
local counter = 0
local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end

function init(args)
  key = os.getenv("NPS_BENCH_KEY")
  prefix = os.getenv("NPS_BENCH_PREFIX") or "r"
end

function request()
  counter = counter + 1
  local id = prefix .. "-" .. tid .. "-" .. counter
  local body = '{"email":"' .. id .. '@example.com","name":"Customer ' .. id ..
    '","external_id":"' .. id .. '","occurred_at":"2026-03-02T10:00:00Z","channel":"email",' ..
    '"properties":{"agent":"Ana","team":"support","vip":false}}'
  return wrk.format("POST", "/api/v1/interactions", {
    ["Content-Type"] = "application/json",
    ["Authorization"] = "Bearer " .. key,
  }, body)
end
