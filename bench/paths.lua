-- wrk script for bench/run: each request a path drawn at random from a file of paths, one a
-- line, so that with a long list (100,000 articles) every request is a page cache miss.
-- The same seed draws the same paths: usage: wrk ... -s bench/paths.lua URL -- FILE SEED
local paths = {}
local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("id", threads)
end

function init(args)
  for line in io.lines(args[1]) do
    paths[#paths + 1] = line
  end
  assert(#paths > 0, "no paths in " .. args[1])
  math.randomseed((tonumber(args[2]) or 1) * 1000 + id)
end

function request()
  return wrk.format(nil, paths[math.random(#paths)])
end
