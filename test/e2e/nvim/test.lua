-- Neovim (0.7+) as a third-party LSP client of pg-pool-guard's language server.
-- Run by nvim/run.sh with the db file on the command line; inputs come from env:
--   PPG_SERVER  path to server/out/server.js      PPG_ROOT  project folder
--   PPG_LINE    0-based line of `new Client(`      PPG_RESULT where to write JSON
-- Exits 0 after applying the quick fix and saving, `cquit` on any failure.

local server = assert(os.getenv('PPG_SERVER'), 'PPG_SERVER not set')
local root = assert(os.getenv('PPG_ROOT'), 'PPG_ROOT not set')
local expected_line = assert(tonumber(os.getenv('PPG_LINE')), 'PPG_LINE not set')
local result_path = assert(os.getenv('PPG_RESULT'), 'PPG_RESULT not set')
local RULE = 'shared-client'
local DISABLE_TITLE = 'Disable shared-client for this line'

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
    local resolved = client.request_sync('codeAction/resolve', action, 10000, bufnr)
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
    }, 10000, bufnr)
    assert(response and not response.err, 'workspace/executeCommand failed: ' .. vim.inspect(response))
  end
end

local function run()
  local bufnr = vim.api.nvim_get_current_buf()
  local file = vim.api.nvim_buf_get_name(bufnr)
  log('editing ' .. file)

  local client_id = vim.lsp.start_client({
    name = 'pg-pool-guard',
    cmd = { 'node', server, '--stdio' },
    root_dir = root,
    workspace_folders = { { uri = vim.uri_from_fname(root), name = vim.fn.fnamemodify(root, ':t') } },
  })
  assert(client_id, 'vim.lsp.start_client failed')
  vim.lsp.buf_attach_client(bufnr, client_id)

  local found = {}
  local ok = vim.wait(30000, function()
    found = rule_diagnostics(bufnr)
    return #found > 0
  end, 100)
  for _, item in ipairs(vim.diagnostic.get(bufnr)) do
    local entry = { line = item.lnum, col = item.col, code = lsp_code(item), message = item.message }
    table.insert(result.diagnostics, entry)
    log(string.format('diagnostic %d:%d [%s] %s', item.lnum + 1, item.col + 1, tostring(entry.code), item.message))
  end
  assert(ok, 'no ' .. RULE .. ' diagnostic at line ' .. (expected_line + 1) .. ' within 30 s')

  local params = {
    textDocument = { uri = vim.uri_from_bufnr(bufnr) },
    range = {
      start = { line = expected_line, character = found[1].col },
      ['end'] = { line = expected_line, character = found[1].col },
    },
    context = { diagnostics = vim.tbl_map(to_lsp_diagnostic, found) },
  }
  local responses = vim.lsp.buf_request_sync(bufnr, 'textDocument/codeAction', params, 10000)
  assert(responses, 'textDocument/codeAction timed out')
  local actions = {}
  for _, response in pairs(responses) do
    assert(not response.error, 'codeAction error: ' .. vim.inspect(response.error))
    for _, action in ipairs(response.result or {}) do
      table.insert(actions, action)
      table.insert(result.actions, action.title)
      log('code action: ' .. tostring(action.title))
    end
  end

  local action, mode = choose_action(actions)
  assert(action, 'no Pool rewrite nor "' .. DISABLE_TITLE .. '" among the code actions')
  result.chosen = action.title
  result.mode = mode
  log('applying: ' .. action.title)
  apply_action(vim.lsp.get_client_by_id(client_id), bufnr, action)
  vim.cmd('silent wa')

  -- The server re-analyses the edited buffer: the finding must go away.
  local cleared = vim.wait(30000, function()
    return #rule_diagnostics(bufnr) == 0
  end, 100)
  assert(cleared, RULE .. ' diagnostic still present 30 s after the fix')
  result.cleared = true
  vim.lsp.stop_client(client_id)
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
