-- Drives a real Neovim (headless) through what a user does with gilint, after the init.lua
-- under test (a snippet of docs/editors.md) has set the client up. Writes what it saw as JSON to
-- $GILINT_E2E_OUT for tests/e2e_nvim/test_nvim_e2e.py to compare with `gilint check`.
-- Diagnostics are recorded as Neovim holds them: 0-based line, byte columns.
local dir, out_file = vim.env.GILINT_E2E_DIR, vim.env.GILINT_E2E_OUT
local out = { states = {} }

local function wait(ms, cond, what)
  if not vim.wait(ms, cond, 20) then
    error('timed out waiting for ' .. what, 2)
  end
end

-- The version of each buffer its last answered diagnostic pull was made for.
local pulled = {}
local on_diagnostic = vim.lsp.handlers['textDocument/diagnostic']
vim.lsp.handlers['textDocument/diagnostic'] = function(err, result, ctx, config)
  local r = on_diagnostic(err, result, ctx, config)
  if err == nil then
    pulled[ctx.bufnr] = ctx.version
  end
  return r
end

local function client(buf)
  return vim.lsp.get_clients({ bufnr = buf, name = 'gilint' })[1]
end

-- Wait until the diagnostics answer the buffer's current version.
local function settle(buf, what)
  buf = buf == 0 and vim.api.nvim_get_current_buf() or buf
  wait(15000, function()
    local c = client(buf)
    return c ~= nil and c.initialized and pulled[buf] ~= nil
      and pulled[buf] == vim.lsp.util.buf_versions[buf]
  end, 'diagnostics of ' .. what)
end

local function record(name, buf)
  local diags = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    if d.source == 'gilint' then
      diags[#diags + 1] = { code = d.code, message = d.message, lnum = d.lnum, col = d.col,
                            end_lnum = d.end_lnum, end_col = d.end_col }
    end
  end
  out.states[#out.states + 1] = { name = name, lines = vim.api.nvim_buf_get_lines(buf, 0, -1, false),
                                   eol = vim.bo[buf].eol, diagnostics = diags }
  return diags
end

local function find(diags, code)
  for _, d in ipairs(diags) do
    if d.code == code then return d end
  end
end

local function type_keys(keys)
  vim.api.nvim_feedkeys(vim.api.nvim_replace_termcodes(keys, true, false, true), 'xt', false)
end

local function scenario()
  -- 1. every seed report as it is
  local seeds = vim.fn.sort(vim.fn.glob(dir .. '/seeds/*.txt', false, true))
  for _, path in ipairs(seeds) do
    vim.cmd.edit(vim.fn.fnameescape(path))
    settle(0, path)
    record('seed:' .. vim.fs.basename(path), 0)
  end
  out.offset_encoding = client(0).offset_encoding

  -- 2. the report with one GI501: hover, then its quick fix
  vim.cmd.edit(vim.fn.fnameescape(dir .. '/report.txt'))
  local buf = vim.api.nvim_get_current_buf()
  settle(buf, 'report.txt')
  local d = assert(find(record('opened', buf), 'GI501'), 'no GI501 in report.txt')
  vim.api.nvim_win_set_cursor(0, { d.lnum + 1, d.col })
  local params = vim.lsp.util.make_position_params(0, client(buf).offset_encoding)
  local hover = vim.lsp.buf_request_sync(buf, 'textDocument/hover', params, 10000)
  local _, answer = next(hover or {})
  out.hover = answer and answer.result and answer.result.contents.value or vim.inspect(answer)
  -- the hover float (a markdown buffer) must not start a second server
  out.clients_before_hover = #vim.lsp.get_clients({ name = 'gilint' })
  vim.lsp.buf.hover()
  wait(5000, function()
    for _, w in ipairs(vim.api.nvim_list_wins()) do
      if vim.api.nvim_win_get_config(w).relative ~= '' then return true end
    end
  end, 'the hover float')
  for _, w in ipairs(vim.api.nvim_list_wins()) do
    if vim.api.nvim_win_get_config(w).relative ~= '' then
      local fbuf = vim.api.nvim_win_get_buf(w)
      out.float_filetype = vim.bo[fbuf].filetype
      vim.wait(1000)   -- time for a FileType autocommand to start a client, if it would
      out.clients_on_float = #vim.lsp.get_clients({ bufnr = fbuf })
    end
  end
  out.clients_after_hover = #vim.lsp.get_clients({ name = 'gilint' })
  vim.cmd('fclose!')

  vim.api.nvim_win_set_cursor(0, { d.lnum + 1, d.col })
  local tick = vim.b[buf].changedtick
  vim.lsp.buf.code_action({
    apply = true,
    filter = function(a) return a.kind == 'quickfix' and vim.startswith(a.title, 'GI501') end,
  })
  wait(10000, function() return vim.b[buf].changedtick ~= tick end, 'the quick fix')
  settle(buf, 'the fixed report')
  record('fixed', buf)

  -- 3. typing a defect (the same phrase twice) at the end of line 4
  type_keys('4GA加强政务公开，加强政务公开。<Esc>')
  settle(buf, 'the typed defect')
  record('typed', buf)

  -- 4. gilint.toml edited on disk (the client watches no files), then one more edit
  local f = assert(io.open(dir .. '/gilint.toml', 'w'))
  f:write('[rules.GI501]\nenabled = false\n')
  f:close()
  type_keys('1GAx<Esc>x')
  settle(buf, 'the edit after gilint.toml changed')
  record('toml', buf)

  -- 5. fix all (the docs' line) in the seed report with four safe fixes
  vim.cmd.edit(vim.fn.fnameescape(vim.fn.glob(dir .. '/seeds/001_*.txt')))
  buf = vim.api.nvim_get_current_buf()
  settle(buf, 'seed 001 again')
  tick = vim.b[buf].changedtick
  assert(load(vim.env.GILINT_E2E_FIXALL))()
  wait(10000, function() return vim.b[buf].changedtick ~= tick end, 'fix all')
  settle(buf, 'seed 001 fixed')
  record('fixall', buf)
end

local ok, err = xpcall(scenario, debug.traceback)
if not ok then
  out.error = err
end
local f = assert(io.open(out_file, 'w'))
f:write(vim.json.encode(out))
f:close()
vim.cmd('qa!')
