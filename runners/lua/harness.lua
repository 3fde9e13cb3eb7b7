-- Kerat's Lua test harness (tests mode). See README.md beside this file.
--
-- Compiles every submitted .lua file without running it (loadfile: a syntax error anywhere is
-- {"event":"compile_error"} with Lua's message), then runs busted in this process on the test files with
-- kerat_handler.lua as its output handler, which writes the results to /kerat/out/results.jsonl.
local out_dir = os.getenv('KERAT_OUT_DIR') or '/kerat/out'
local runner = os.getenv('KERAT_RUNNER_DIR') or '/kerat/runner'
local json = require('dkjson')

local function compile_error(message)
  local f = assert(io.open(out_dir .. '/results.jsonl', 'w'))
  f:write(json.encode({ event = 'compile_error', message = message }), '\n', json.encode({ event = 'done' }), '\n')
  f:close()
  os.exit(1)
end

local function list(value)
  local t = {}
  for item in (value or ''):gmatch('[^:]+') do t[#t + 1] = item end
  return t
end

local sources, tests = list(os.getenv('KERAT_SOURCE_FILES')), list(os.getenv('KERAT_TEST_FILES'))
for _, group in ipairs({ sources, tests }) do
  for _, f in ipairs(group) do
    if f:match('%.lua$') then
      local chunk, err = loadfile(f)
      if not chunk then compile_error(err) end
    end
  end
end

local files = {}
for _, f in ipairs(tests) do
  if f:match('_spec%.lua$') then files[#files + 1] = f end
end
if #files == 0 then
  for _, f in ipairs(tests) do
    if f:match('%.lua$') then files[#files + 1] = f end
  end
end
if #files == 0 then compile_error('no busted test files: expected test files named *_spec.lua') end

-- as `busted` would be started: the arguments in the global `arg`
arg = { [0] = 'busted', '--config-file=' .. runner .. '/busted.cfg', '--output=' .. runner .. '/kerat_handler.lua',
        '--lpath=./?.lua;./?/init.lua;./lib/?.lua;./lib/?/init.lua;./src/?.lua;./src/?/init.lua;./spec/?.lua',
        '--pattern=.' }
for _, f in ipairs(files) do arg[#arg + 1] = f end
require('busted.runner')({ standalone = false })
