-- S1: POST /Users, each with a userName never used before.
dofile(os.getenv("BENCH_DIR") .. "/common.lua")

local n = 0
local run

function init(args)
	run = os.getenv("BENCH_SEED") or "0"
end

function request()
	n = n + 1
	local user = string.format("s1-%s-%d-%d@bench.test", run, id, n)
	local body = string.format('{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],'
		.. '"userName":"%s","name":{"givenName":"S1","familyName":"%d"},'
		.. '"displayName":"S1 %d","emails":[{"value":"%s","type":"work","primary":true}],'
		.. '"active":true}', user, n, n, user)
	return scim("POST", "/Users", body)
end
