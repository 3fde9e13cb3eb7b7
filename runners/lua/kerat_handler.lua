-- Kerat's busted output handler (tests mode; see README.md beside this file). Each finished test is one JSON line
-- appended to /kerat/out/results.jsonl at once; at the end of the suite the file is rewritten atomically from memory
-- with a final {"event":"done"} (which also drops anything the tested code wrote there). It prints nothing: stdout
-- and stderr are the tested code's.
local json = require('dkjson')

return function(options)
  local busted = require('busted')
  local handler = require('busted.outputHandlers.base')()
  local out_dir = os.getenv('KERAT_OUT_DIR') or '/kerat/out'
  local results = out_dir .. '/results.jsonl'
  local MAX_FIELD = 64 * 1024
  local ok_sys, system = pcall(require, 'system')
  local now = ok_sys and system.gettime or os.clock
  local entries, seen, started, finished = {}, {}, {}, false
  local out = io.open(results, 'w')

  local function text(s)
    if s == nil then return nil end
    s = tostring(s)
    if #s > MAX_FIELD then s = s:sub(1, MAX_FIELD) .. '\n... (truncated)' end
    -- invalid UTF-8 would make the line unreadable: replace such bytes
    if not utf8.len(s) then s = s:gsub('[\128-\255]', '?') end
    return s
  end

  local function line(e)
    return json.encode(e, { keyorder = { 'name', 'status', 'message', 'stack_trace', 'duration_ms', 'event' } }) .. '\n'
  end

  local function add(e)
    if e.name then -- names are unique: a repeated one gets " (2)", " (3)", ...
      seen[e.name] = (seen[e.name] or 0) + 1
      if seen[e.name] > 1 then e.name = e.name .. ' (' .. seen[e.name] .. ')' end
    end
    entries[#entries + 1] = e
    if out then
      if not pcall(function() out:write(line(e)); out:flush() end) then out = nil end
    end
  end

  -- "spec/calc_spec.lua:8: Expected objects to be equal." -> message without the location, and the location
  local function split(message, trace)
    local msg = message
    if type(msg) ~= 'string' then msg = msg == nil and nil or (require('pl.pretty').write(msg) or tostring(msg)) end
    local where
    if trace and trace.short_src and trace.currentline then
      where = trace.short_src:gsub('^%./', '') .. ':' .. trace.currentline
    end
    if msg then
      local loc, rest = msg:match('^([^\n]-:%d+): (.*)$')
      if loc then
        msg = rest
        where = where or loc:gsub('^%./', '')
      end
    end
    return msg, where
  end

  local function last(list) return list[#list] or {} end

  handler.testStart = function(element)
    started[element] = now()
    return nil, true
  end

  handler.testEnd = function(element, parent, status)
    local ms = started[element] and math.floor((now() - started[element]) * 1000 + 0.5) or 0
    started[element] = nil
    local e = { name = text(handler.getFullName(element)), duration_ms = ms }
    if status == 'success' then
      e.status = 'passed'
    elseif status == 'pending' then
      local p = last(handler.pendings)
      e.status = 'skipped'
      local m = split(p.message, nil)
      if type(m) == 'string' and m ~= '' and m ~= 'nil' then e.message = text(m) end
    else
      local f = status == 'error' and last(handler.errors) or last(handler.failures)
      local msg, where = split(f.message, f.trace)
      e.status = status == 'error' and 'errored' or 'failed'
      e.message = text(msg or (status == 'error' and 'error' or 'failed'))
      e.stack_trace = text(where)
    end
    add(e)
    return nil, true
  end

  -- an error outside a test (a spec file that does not load, a failing before_each/setup in a describe)
  handler.outsideError = function(element, parent, message, debug)
    if element.descriptor == 'it' then return nil, true end
    local msg, where = split(message, debug)
    local name = element.descriptor == 'file' and element.name or handler.getFullName(element)
    add({ name = text(name), status = 'errored', message = text(msg or 'error'), stack_trace = text(where),
          duration_ms = 0 })
    return nil, true
  end

  handler.suiteEnd = function()
    if finished then return nil, true end
    finished = true
    local tmp = out_dir .. '/.results-kerat.tmp'
    local f = assert(io.open(tmp, 'w'))
    for _, e in ipairs(entries) do f:write(line(e)) end
    f:write(line({ event = 'done' }))
    f:close()
    assert(os.rename(tmp, results))
    return nil, true
  end

  busted.subscribe({ 'test', 'start' }, handler.testStart, { predicate = handler.cancelOnPending })
  busted.subscribe({ 'test', 'end' }, handler.testEnd, { predicate = handler.cancelOnPending })
  busted.subscribe({ 'error' }, handler.outsideError)
  busted.subscribe({ 'failure' }, handler.outsideError)
  busted.subscribe({ 'suite', 'end' }, handler.suiteEnd)
  return handler
end
