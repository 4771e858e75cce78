-- S4: PATCH /Users/{id} active False, later True, in the form Entra sends.
-- Each thread walks its own share of the members in a random order: the
-- first pass deactivates, the next reactivates, so every request changes
-- the member and no two requests in flight touch the same one.
dofile(os.getenv("BENCH_DIR") .. "/common.lua")

local ids
local i = 0
local pass = 0

function init(args)
	seed_random()
	ids = shuffle(stripe(load_ids()))
end

local BODY = '{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],'
	.. '"Operations":[{"op":"Replace","path":"active","value":"%s"}]}'

function request()
	i = i + 1
	if i > #ids then i, pass = 1, pass + 1 end
	local body = string.format(BODY, pass % 2 == 0 and "False" or "True")
	return scim("PATCH", "/Users/" .. ids[i], body)
end
