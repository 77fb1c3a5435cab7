-- Neovim (0.7+) as a third-party LSP client of pg-pool-guard's language server.
-- Run by nvim/run.sh with the db file on the command line, after the README's
-- snippet (the init.lua) has started the client on FileType. Inputs from env:
--   PPG_LINE    0-based line of `new Client(`      PPG_RESULT where to write JSON
-- Checks: the snippet attached a client; code actions asked before the first
-- diagnostic still come (the server waits for its scan); the squiggle covers
-- `new Client` and related locations are statements; "Show documentation"
-- reaches the user (as a message: 0.7 has no window/showDocument); the quick
-- fix applies and, once saved, clears the diagnostic. Exits 0, or `cquit`.

local expected_line = assert(tonumber(os.getenv('PPG_LINE')), 'PPG_LINE not set')
local result_path = assert(os.getenv('PPG_RESULT'), 'PPG_RESULT not set')
local RULE = 'shared-client'
local DISABLE_TITLE = 'Disable shared-client for this line'
local DOCS_TITLE = 'Show documentation for shared-client'
local DOCS_URL = 'https://github.com/pg-pool-guard/pg-pool-guard/blob/main/docs/rules/shared-client.md'
-- Generous: only a failure waits this long, and a loaded CI machine is slow.
local WAIT_MS = 120000

-- Messages the server shows (window/showMessage), kept for the checks below.
local shown_messages = {}
local default_show_message = vim.lsp.handlers['window/showMessage']
vim.lsp.handlers['window/showMessage'] = function(err, result, ctx, config)
  table.insert(shown_messages, result and result.message or '')
  return default_show_message(err, result, ctx, config)
end

-- The diagnostics as the server published them: Neovim 0.7 keeps no relatedInformation in vim.diagnostic.
local published = {}
local default_publish = vim.lsp.handlers['textDocument/publishDiagnostics']
vim.lsp.handlers['textDocument/publishDiagnostics'] = function(err, params, ctx, config)
  if params and params.uri then published[params.uri] = params.diagnostics end
  return default_publish(err, params, ctx, config)
end

local result = { diagnostics = {}, actions = {} }

local function log(msg)
  io.stderr:write('[nvim] ' .. msg .. '\n')
end

local function write_result()
  local f = assert(io.open(result_path, 'w'))
  f:write(vim.fn.json_encode(result))
  f:close()
end

-- vim.diagnostic keeps the LSP diagnostic in user_data.lsp on 0.7; newer versions
-- keep only some fields there, so rebuild what is missing.
local function lsp_code(item)
  local lsp = item.user_data and item.user_data.lsp or {}
  return item.code or lsp.code
end

local function to_lsp_diagnostic(item)
  local lsp = item.user_data and item.user_data.lsp
  if lsp and lsp.range and lsp.message then
    return lsp
  end
  return {
    range = {
      start = { line = item.lnum, character = item.col },
      ['end'] = { line = item.end_lnum or item.lnum, character = item.end_col or item.col },
    },
    severity = item.severity,
    message = item.message,
    source = item.source,
    code = lsp_code(item),
  }
end

local function rule_diagnostics(bufnr)
  local found = {}
  for _, item in ipairs(vim.diagnostic.get(bufnr)) do
    if lsp_code(item) == RULE and item.lnum == expected_line then
      table.insert(found, item)
    end
  end
  return found
end

local function choose_action(actions)
  for _, action in ipairs(actions) do
    local title = action.title or ''
    -- A rewrite the server judged unsafe comes back with `disabled` and no edit.
    if action.disabled then
      title = ''
    elseif action.isPreferred or title:match('^Rewrite') or title:match('^Replace') then
      return action, 'rewrite'
    end
  end
  for _, action in ipairs(actions) do
    if action.title == DISABLE_TITLE and not action.disabled then
      return action, 'disable'
    end
  end
  return nil, nil
end

local function apply_action(client, bufnr, action)
  if not action.edit and not action.command then
    -- The server defers expensive edits to codeAction/resolve.
    local resolved = client.request_sync('codeAction/resolve', action, WAIT_MS, bufnr)
    assert(resolved and not resolved.err and resolved.result, 'codeAction/resolve failed: ' .. vim.inspect(resolved))
    action = resolved.result
  end
  if action.edit then
    vim.lsp.util.apply_workspace_edit(action.edit, 'utf-16')
  end
  local command = action.command
  if type(command) == 'table' then
    -- A Command (title/command/arguments); the server answers with workspace/applyEdit.
    local response = client.request_sync('workspace/executeCommand', {
      command = command.command,
      arguments = command.arguments,
    }, WAIT_MS, bufnr)
    assert(response and not response.err, 'workspace/executeCommand failed: ' .. vim.inspect(response))
  end
end

local get_clients = vim.lsp.get_clients or vim.lsp.get_active_clients

local function attached_client(bufnr)
  for _, client in pairs(get_clients()) do
    if client.name == 'pg-pool-guard' and vim.lsp.buf_is_attached(bufnr, client.id) then
      return client
    end
  end
  return nil
end

local function code_actions(bufnr, range, diagnostics)
  local params = { textDocument = { uri = vim.uri_from_bufnr(bufnr) }, range = range, context = { diagnostics = diagnostics } }
  local responses = vim.lsp.buf_request_sync(bufnr, 'textDocument/codeAction', params, WAIT_MS)
  assert(responses, 'textDocument/codeAction timed out')
  local actions = {}
  for _, response in pairs(responses) do
    assert(not response.error, 'codeAction error: ' .. vim.inspect(response.error))
    for _, action in ipairs(response.result or {}) do
      table.insert(actions, action)
    end
  end
  return actions
end

local function titles(actions)
  return vim.tbl_map(function(a) return a.title end, actions)
end

local function run()
  local bufnr = vim.api.nvim_get_current_buf()
  local file = vim.api.nvim_buf_get_name(bufnr)
  log('editing ' .. file)

  -- The README snippet started the client on FileType.
  local client
  assert(vim.wait(WAIT_MS, function()
    client = attached_client(bufnr)
    return client ~= nil and client.initialized == true
  end, 20), 'the README snippet attached no initialized pg-pool-guard client')
  log('client started by the README snippet: ' .. client.config.root_dir)
  result.root_dir = client.config.root_dir

  -- Ask at once, before any diagnostic: the server waits for its first scan instead of answering nothing.
  local line_range = { start = { line = expected_line, character = 0 }, ['end'] = { line = expected_line, character = 200 } }
  result.diagnostics_before_first_request = #vim.diagnostic.get(bufnr)
  local early = code_actions(bufnr, line_range, {})
  result.early_actions = titles(early)
  log(string.format('code actions asked with %d diagnostic(s) shown: %s', result.diagnostics_before_first_request, table.concat(result.early_actions, ' | ')))
  assert(vim.tbl_contains(result.early_actions, DISABLE_TITLE), 'code actions asked before the first diagnostic came back without "' .. DISABLE_TITLE .. '"')

  local found = {}
  local ok = vim.wait(WAIT_MS, function()
    found = rule_diagnostics(bufnr)
    return #found > 0
  end, 100)
  for _, item in ipairs(vim.diagnostic.get(bufnr)) do
    local entry = { line = item.lnum, col = item.col, code = lsp_code(item), message = item.message }
    table.insert(result.diagnostics, entry)
    log(string.format('diagnostic %d:%d [%s] %s', item.lnum + 1, item.col + 1, tostring(entry.code), item.message))
  end
  assert(ok, 'no ' .. RULE .. ' diagnostic at line ' .. (expected_line + 1))

  -- Ranges (issue 11): the squiggle covers `new Client`, not its arguments; each
  -- related location is the statement inside a handler that uses the client,
  -- not the whole route registration at column 0.
  local squiggle = found[1]
  local line_text = vim.api.nvim_buf_get_lines(bufnr, squiggle.lnum, squiggle.lnum + 1, false)[1] or ''
  local covered = line_text:sub(squiggle.col + 1, squiggle.end_col or squiggle.col)
  result.squiggle = covered
  log('squiggle covers: ' .. covered)
  assert((squiggle.end_lnum or squiggle.lnum) == squiggle.lnum, 'the squiggle spans more than one line')
  assert(covered:match('^new [%w_$.]+$'), 'the squiggle covers "' .. covered .. '", not just `new Client`')
  local related = {}
  for _, d in ipairs(published[vim.uri_from_bufnr(bufnr)] or {}) do
    if d.code == RULE and d.range.start.line == squiggle.lnum then related = d.relatedInformation or {} end
  end
  assert(#related > 0, 'the published diagnostic has no related information')
  for _, info in ipairs(related) do
    local range = info.location.range
    log(string.format('related %s:%d:%d-%d:%d %s', vim.uri_to_fname(info.location.uri):match('[^/]+$'), range.start.line + 1,
      range.start.character + 1, range['end'].line + 1, range['end'].character + 1, info.message))
    -- Indented (the registration starts at column 0) and statement-sized (the example's handlers are 7–15 lines).
    assert(range.start.character > 0 and range['end'].line - range.start.line <= 3,
      'related location ' .. info.message .. ' is not a statement inside the handler')
  end

  local at = { line = expected_line, character = found[1].col }
  local actions = code_actions(bufnr, { start = at, ['end'] = at }, vim.tbl_map(to_lsp_diagnostic, found))
  for _, action in ipairs(actions) do
    table.insert(result.actions, action.title)
    log('code action: ' .. tostring(action.title))
  end

  -- Show documentation: Neovim 0.7 has no window/showDocument, so the URL comes as a message.
  local docs
  for _, action in ipairs(actions) do
    if action.title == DOCS_TITLE then docs = action end
  end
  assert(docs, 'no "' .. DOCS_TITLE .. '" action')
  apply_action(client, bufnr, docs)
  assert(vim.wait(WAIT_MS, function()
    for _, message in ipairs(shown_messages) do
      if message:find(DOCS_URL, 1, true) then return true end
    end
    return false
  end, 20), 'Show documentation showed no message with ' .. DOCS_URL .. '; messages: ' .. vim.inspect(shown_messages))
  result.docs_message = shown_messages[#shown_messages]
  log('documentation: ' .. result.docs_message)

  local action, mode = choose_action(actions)
  assert(action, 'no Pool rewrite nor "' .. DISABLE_TITLE .. '" among the code actions')
  result.chosen = action.title
  result.mode = mode
  log('applying: ' .. action.title)
  apply_action(client, bufnr, action)
  vim.cmd('silent wa')

  -- The server re-analyses the edited buffer: the finding must go away.
  local cleared = vim.wait(WAIT_MS, function()
    return #rule_diagnostics(bufnr) == 0
  end, 100)
  assert(cleared, RULE .. ' diagnostic still present after the fix')
  result.cleared = true
  vim.lsp.stop_client(client.id)
end

vim.api.nvim_create_autocmd('VimEnter', {
  once = true,
  callback = function()
    local ok, err = pcall(run)
    result.ok = ok
    if not ok then
      result.error = tostring(err)
      log('FAILED: ' .. tostring(err))
    end
    pcall(write_result)
    if ok then
      vim.cmd('qall!')
    else
      vim.cmd('cquit 1')
    end
  end,
})
