// End-to-end test: the packaged gilint extension in a real VS Code (code-server), driven by headless
// Chromium through playwright-core. Run by scripts/e2e-vscode.sh, which prepares everything.
//
// Environment:
//   CODE_SERVER_BIN   code-server executable (the script installs 4.139.1 into the cache)
//   GILINT_VSIX       packaged extension (default: ../gilint.vsix)
//   GILINT_PYTHON     interpreter with gilint[lsp] (default: <repo>/.venv/bin/python): runs `gilint rule`
//                     for the test itself, and the server in E2E_MODE=environment
//   E2E_MODE          bundled (default): code-server's PATH holds no gilint and its python3 cannot
//                     import gilint, no gilint.interpreter is set: the extension must run the gilint
//                     bundled in the .vsix (the status bar says so);
//                     environment: gilint.interpreter = GILINT_PYTHON, whose own gilint must serve
//   E2E_SCENARIO      full (default) | first-diagnostic (stop after the first squiggle) |
//                     locale (up to the hover, then a command title in the palette)
//   E2E_LOCALE        code-server's display language (--locale), e.g. zh-cn: the hover (the server
//                     follows the client's locale) and the command titles (package.nls.zh-cn.json)
//                     must then be Chinese
//   E2E_LANGPACK_VSIX  the language pack for E2E_LOCALE (scripts/e2e-vscode.sh packages a stand-in)
//   E2E_WITHOUT_EXTENSION=1   do not install the extension (the test must then fail)
//   E2E_DIAGNOSTIC_TIMEOUT_MS how long to wait for the first gilint diagnostic (default 120000)
//   E2E_OUT_ROOT      where screenshots and logs go (default: e2e/out)
//   E2E_KEEP=1        keep the scratch folder (user data, workspace) after the run
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const EXT = path.resolve(HERE, '..');
const REPO = path.resolve(EXT, '..');
const WITHOUT = process.env.E2E_WITHOUT_EXTENSION === '1';
const CODE_SERVER = process.env.CODE_SERVER_BIN ?? path.join(EXT, '.e2e-cache/code-server-4.139.1/node_modules/.bin/code-server');
const VSIX = process.env.GILINT_VSIX ?? path.join(EXT, 'gilint.vsix');
const PYTHON = process.env.GILINT_PYTHON ?? path.join(REPO, '.venv/bin/python');
const MODE = process.env.E2E_MODE === 'environment' ? 'environment' : 'bundled';
const SHORT = process.env.E2E_SCENARIO === 'first-diagnostic';
const LOCALE_ONLY = process.env.E2E_SCENARIO === 'locale';
const LOCALE = process.env.E2E_LOCALE ?? '';
const CHINESE = LOCALE.toLowerCase().startsWith('zh');
const LANGPACK = process.env.E2E_LANGPACK_VSIX ?? '';
const DIAG_TIMEOUT = Number(process.env.E2E_DIAGNOSTIC_TIMEOUT_MS ?? 120000);
const OUT = path.join(process.env.E2E_OUT_ROOT ?? path.join(HERE, 'out'), WITHOUT ? 'without-extension' : `with-extension-${MODE}${process.env.E2E_LOCALE ? `-${process.env.E2E_LOCALE}` : ''}`);
const CHROMIUM = process.env.CHROMIUM_BIN ?? '/usr/bin/chromium';
const FIXTURE = 'liuquan-2021.txt';
const WRONG_LABEL = '2.其他法律法规禁止公开';
const RIGHT_LABEL = '2.其他法律行政法规禁止公开';
const WRONG_LINE = 42; // 1-based line of WRONG_LABEL in the fixture
const T0 = Date.now();

function log(msg) {
  console.log(`[e2e +${((Date.now() - T0) / 1000).toFixed(1)}s] ${msg}`);
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Polls fn until it returns a truthy value; throws with `what` after timeoutMs. */
async function waitFor(what, fn, timeoutMs = 30000, intervalMs = 250) {
  const end = Date.now() + timeoutMs;
  let lastError;
  while (Date.now() < end) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (e) {
      lastError = e;
    }
    await sleep(intervalMs);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${lastError ? ` (last error: ${lastError.message})` : ''}`);
}

/** Runs a flaky UI step up to `tries` times. */
async function retry(what, fn, tries = 3) {
  let lastError;
  for (let i = 1; i <= tries; i++) {
    try {
      return await fn(i);
    } catch (e) {
      lastError = e;
      log(`${what}: attempt ${i}/${tries} failed: ${e.message.split('\n')[0]}`);
    }
  }
  throw lastError;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

let scratch;
let codeServer;
let codeServerLog;
let context;
let page;
let port;
let workspace;
let shot = 0;

async function screenshot(name) {
  shot++;
  const file = path.join(OUT, `${String(shot).padStart(2, '0')}-${name}.png`);
  try {
    await page.screenshot({ path: file });
    log(`screenshot ${path.relative(EXT, file)}`);
  } catch (e) {
    log(`screenshot ${name} failed: ${e.message}`);
  }
  return file;
}

/** A smaller picture of the editor and the Problems panel, for the extension's README. */
async function readmeScreenshot() {
  try {
    const editor = await page.locator('.part.editor').boundingBox();
    const panel = await page.locator('.part.panel').boundingBox();
    if (!editor || !panel) return;
    const clip = {
      x: editor.x,
      y: editor.y,
      width: Math.min(editor.width, 760),
      height: Math.min(panel.y + 150, panel.y + panel.height) - editor.y,
    };
    await page.screenshot({ path: path.join(OUT, 'readme-screenshot.png'), clip });
    log('screenshot readme-screenshot.png');
  } catch (e) {
    log(`readme screenshot failed: ${e.message}`);
  }
}

function codeServerEnv() {
  const env = { ...process.env };
  env.XDG_CONFIG_HOME = path.join(scratch, 'xdg-config');
  env.XDG_DATA_HOME = path.join(scratch, 'xdg-data');
  env.XDG_CACHE_HOME = path.join(scratch, 'xdg-cache');
  env.TMPDIR = path.join(scratch, 'tmp');
  // code-server must not pick up a VS Code session of its own parent.
  for (const k of Object.keys(env)) {
    if (k.startsWith('VSCODE_') || k === 'ELECTRON_RUN_AS_NODE') delete env[k];
  }
  if (MODE === 'bundled') {
    // Only the system's bare interpreter: no virtual environment, no pyenv, no ~/.local/bin.
    for (const k of ['VIRTUAL_ENV', 'PYTHONPATH', 'PYTHONHOME', 'PYTHONUSERBASE', 'CONDA_PREFIX', 'PYENV_VERSION']) delete env[k];
    env.PYTHONNOUSERSITE = '1';
    env.PATH = [path.dirname(process.execPath), '/usr/local/bin', '/usr/bin', '/bin'].join(path.delimiter);
    // VS Code's server resolves the user's login-shell environment for the extension host
    // (`$SHELL -i -l`): a HOME of its own keeps ~/.bashrc (pyenv, virtualenvs …) out of it.
    env.HOME = path.join(scratch, 'home');
  }
  return env;
}

/** In bundled mode: no `gilint` on code-server's PATH, and its python3 cannot import gilint or pygls. */
function assertNoGilintOnPath(env) {
  for (const dir of env.PATH.split(path.delimiter)) {
    assert.ok(!fs.existsSync(path.join(dir, 'gilint')), `a gilint executable in ${dir} on code-server's PATH`);
  }
  const py = spawnSync('python3', ['-c', 'import sys; print(sys.executable, sys.version.split()[0])'], { env, cwd: scratch, encoding: 'utf8' });
  assert.equal(py.status, 0, `no python3 on code-server's PATH (${env.PATH}): ${py.stderr}`);
  for (const module of ['gilint', 'pygls']) {
    const r = spawnSync('python3', ['-c', `import ${module}`], { env, cwd: scratch, encoding: 'utf8' });
    assert.notEqual(r.status, 0, `python3 on code-server's PATH (${py.stdout.trim()}) can import ${module}`);
  }
  log(`bare interpreter on PATH: ${py.stdout.trim()} (no gilint, no pygls)`);
}

/**
 * user-data/languagepacks.json for the language packs in the extensions folder, as VS Code's
 * language-pack service writes it when a pack is installed from the workbench (an install from
 * the command line, as here, does not run it). Each locale names its packs (the server's
 * "installed languages"; an empty list makes that lookup throw), the translation files, and a
 * hash of the packs' ids and versions (the cache key of the compiled messages).
 */
function registerLanguagePacks() {
  const packs = {};
  const extensions = path.join(scratch, 'extensions');
  for (const dir of fs.readdirSync(extensions)) {
    const manifestFile = path.join(extensions, dir, 'package.json');
    if (!fs.existsSync(manifestFile)) continue;
    const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8'));
    for (const loc of manifest.contributes?.localizations ?? []) {
      const pack = (packs[loc.languageId] ??= { hash: '', extensions: [], translations: {}, label: loc.localizedLanguageName ?? loc.languageName });
      pack.extensions.push({ extensionIdentifier: { id: `${manifest.publisher}.${manifest.name}`.toLowerCase() }, version: manifest.version });
      for (const t of loc.translations) pack.translations[t.id] = path.join(extensions, dir, t.path);
    }
  }
  for (const pack of Object.values(packs)) {
    const md5 = crypto.createHash('md5');
    for (const e of pack.extensions) md5.update(e.extensionIdentifier.id).update(e.version);
    pack.hash = md5.digest('hex');
  }
  assert.ok(packs[LOCALE], `no installed language pack contributes ${LOCALE}`);
  fs.writeFileSync(path.join(scratch, 'user-data', 'languagepacks.json'), JSON.stringify(packs));
  log(`language packs: ${Object.entries(packs).map(([l, p]) => `${l} (${p.extensions.map((e) => e.extensionIdentifier.id).join(', ')})`).join('; ')}`);
}

function commonArgs() {
  return [
    '--config', path.join(scratch, 'code-server.yaml'),
    '--user-data-dir', path.join(scratch, 'user-data'),
    '--extensions-dir', path.join(scratch, 'extensions'),
  ];
}

before(async () => {
  fs.rmSync(OUT, { recursive: true, force: true });
  fs.mkdirSync(OUT, { recursive: true });
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'gilint-e2e-'));
  for (const d of ['xdg-config', 'xdg-data', 'xdg-cache', 'tmp', 'home', 'user-data/User', 'extensions', 'workspace', 'chromium']) {
    fs.mkdirSync(path.join(scratch, d), { recursive: true });
  }
  log(`mode: ${WITHOUT ? 'WITHOUT the extension (this run must fail)' : 'with the extension'}`);
  log(`scratch: ${scratch}`);
  assert.ok(fs.existsSync(CODE_SERVER), `code-server not found at ${CODE_SERVER}; run scripts/e2e-vscode.sh`);
  assert.ok(fs.existsSync(CHROMIUM), `chromium not found at ${CHROMIUM}`);

  workspace = path.join(scratch, 'workspace');
  fs.copyFileSync(path.join(HERE, 'fixtures', FIXTURE), path.join(workspace, FIXTURE));

  port = await freePort();
  fs.writeFileSync(
    path.join(scratch, 'code-server.yaml'),
    `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`,
  );
  const settings = {
    ...(MODE === 'environment' ? { 'gilint.interpreter': PYTHON } : {}),
    'gilint.trace.server': 'messages',
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'workbench.welcomePage.walkthroughs.openOnInstall': false,
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
    'security.workspace.trust.enabled': false,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'extensions.autoUpdate': false,
    'extensions.autoCheckUpdates': false,
    'extensions.ignoreRecommendations': true,
    'chat.disableAIFeatures': true,
    'git.enabled': false,
    'window.restoreWindows': 'none',
    'files.autoSave': 'off',
    'editor.minimap.enabled': false,
    'editor.hover.delay': 300,
    'editor.unicodeHighlight.ambiguousCharacters': false,
    'editor.unicodeHighlight.invisibleCharacters': false,
    '[plaintext]': { 'editor.codeActionsOnSave': { 'source.fixAll.gilint': 'explicit' } },
    'editor.fontFamily': "'WenQuanYi Micro Hei Mono', 'WenQuanYi Micro Hei', monospace",
    'workbench.colorTheme': 'Default Light Modern',
  };
  fs.writeFileSync(path.join(scratch, 'user-data/User/settings.json'), JSON.stringify(settings, null, 2));
  if (LOCALE) {
    // VS Code takes a display language only from an installed language pack (it lists them in
    // user-data/languagepacks.json; a pack written there by hand, without its extension, makes
    // the server's language-pack lookup throw and the remote extension host start with no
    // extension at all). Microsoft's pack is not reachable here: scripts/e2e-vscode.sh packages
    // a stand-in (e2e/fixtures/langpack-<locale>: a few workbench strings in Chinese).
    assert.ok(LANGPACK && fs.existsSync(LANGPACK), `no language pack for ${LOCALE} (E2E_LANGPACK_VSIX=${LANGPACK}); run scripts/e2e-vscode.sh`);
  }

  const env = codeServerEnv();
  log(`server mode: ${MODE}${SHORT ? ' (first diagnostic only)' : ''}`);
  if (MODE === 'bundled') assertNoGilintOnPath(env);
  if (LOCALE) {
    const r = spawnSync(CODE_SERVER, [...commonArgs(), '--install-extension', LANGPACK, '--force'], { env, encoding: 'utf8', timeout: 120000 });
    log(`install language pack: ${(r.stdout + r.stderr).trim().split('\n').slice(-1).join('')}`);
    assert.equal(r.status, 0, `code-server --install-extension ${LANGPACK} failed:\n${r.stdout}\n${r.stderr}`);
    registerLanguagePacks();
  }
  if (!WITHOUT) {
    assert.ok(fs.existsSync(VSIX), `packaged extension not found at ${VSIX}; run npm run package`);
    const t = Date.now();
    const r = spawnSync(CODE_SERVER, [...commonArgs(), '--install-extension', VSIX, '--force'], {
      env,
      encoding: 'utf8',
      timeout: 120000,
    });
    log(`install-extension (${Date.now() - t} ms): ${(r.stdout + r.stderr).trim().split('\n').slice(-2).join(' | ')}`);
    assert.equal(r.status, 0, `code-server --install-extension failed:\n${r.stdout}\n${r.stderr}`);
    const installed = fs.readdirSync(path.join(scratch, 'extensions')).filter((d) => d.startsWith('gilint.gilint-'));
    assert.ok(installed.length === 1, `extension folder not found in ${path.join(scratch, 'extensions')}`);
  }

  codeServerLog = fs.openSync(path.join(OUT, 'code-server.log'), 'w');
  codeServer = spawn(
    CODE_SERVER,
    [
      ...commonArgs(),
      '--bind-addr', `127.0.0.1:${port}`,
      '--auth', 'none',
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      '--ignore-last-opened',
      ...(LOCALE ? ['--locale', LOCALE] : []),
      workspace,
    ],
    { env, stdio: ['ignore', codeServerLog, codeServerLog], detached: true },
  );
  log(`code-server pid ${codeServer.pid} on 127.0.0.1:${port}`);
  // For scripts/e2e-vscode.sh, which stops it should this process die before its `after` hook.
  fs.writeFileSync(path.join(OUT, 'code-server.pid'), String(codeServer.pid));
  await waitFor(
    'code-server /healthz',
    async () => {
      if (codeServer.exitCode !== null) throw new Error(`code-server exited with ${codeServer.exitCode}`);
      const res = await fetch(`http://127.0.0.1:${port}/healthz`);
      return res.ok;
    },
    90000,
    500,
  );
  log('code-server is up');

  context = await chromium.launchPersistentContext(path.join(scratch, 'chromium'), {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1400, height: 900 },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
  context.setDefaultTimeout(30000);
  page = context.pages()[0] ?? (await context.newPage());
  page.on('pageerror', (e) => log(`page error: ${e.message.split('\n')[0]}`));
  // The workbench's own console (extension host start-up, activation errors), for the record.
  const consoleLog = fs.createWriteStream(path.join(OUT, 'browser-console.log'));
  page.on('console', (m) => consoleLog.write(`[${((Date.now() - T0) / 1000).toFixed(1)}s] ${m.type()}: ${m.text()}\n`));
});

after(async () => {
  try {
    if (page && !WITHOUT) {
      // The extension's log, for the record.
      await page.keyboard.press('Escape').catch(() => {});
    }
    await context?.close();
  } catch (e) {
    log(`closing chromium: ${e.message}`);
  }
  if (codeServer && codeServer.exitCode === null) {
    try {
      process.kill(-codeServer.pid, 'SIGTERM');
    } catch {
      codeServer.kill('SIGTERM');
    }
    const exited = await Promise.race([
      new Promise((r) => codeServer.once('exit', () => r(true))),
      sleep(10000).then(() => false),
    ]);
    if (!exited) {
      try {
        process.kill(-codeServer.pid, 'SIGKILL');
      } catch {
        // gone
      }
    }
    log('code-server stopped');
  }
  fs.rmSync(path.join(OUT, 'code-server.pid'), { force: true });
  if (codeServerLog !== undefined) fs.closeSync(codeServerLog);
  // Copy the extension's own log files (output channel) for debugging.
  try {
    const logs = path.join(scratch, 'user-data', 'logs');
    if (fs.existsSync(logs)) fs.cpSync(logs, path.join(OUT, 'vscode-logs'), { recursive: true });
  } catch {
    // not essential
  }
  if (scratch && process.env.E2E_KEEP !== '1') fs.rmSync(scratch, { recursive: true, force: true });
});

// ---- helpers on the workbench -------------------------------------------------------------------

const editorSel = '.editor-instance .monaco-editor';

async function runCommand(title) {
  await retry(`command ${title}`, async () => {
    await page.keyboard.press('Escape');
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: 10000 });
    await input.fill(`>${title}`);
    await page.locator('.quick-input-widget .monaco-list-row', { hasText: title }).first().waitFor({ timeout: 10000 });
    await page.keyboard.press('Enter');
  });
}

/** Moves the cursor with "Go to Line/Column" (Ctrl+G). */
async function goTo(line, column) {
  await retry(`go to ${line}:${column}`, async (i) => {
    await page.keyboard.press('Escape');
    if (i > 1) {
      // Focus the editor by clicking inside its visible area (Go to Line then moves the cursor).
      const box = await page.locator(`${editorSel} .overflow-guard`).first().boundingBox();
      if (box) await page.mouse.click(box.x + box.width - 40, box.y + 12);
    }
    await page.keyboard.press('Control+g');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: 10000 });
    await input.fill(`:${line}:${column}`);
    await page.keyboard.press('Enter');
    await waitFor(
      `cursor at line ${line}`,
      async () => {
        const text = await page.locator('.statusbar').innerText();
        return new RegExp(`(?:Ln ${line}, Col ${column}|行 ${line}，列 ${column})(?!\\d)`).test(text);
      },
      10000,
    );
  });
}

/** Text of the Problems panel (opens it). */
async function problemsText() {
  const panel = page.locator('.markers-panel');
  if (!(await panel.isVisible().catch(() => false))) {
    await page.keyboard.press('Control+Shift+M');
    await panel.waitFor({ state: 'visible', timeout: 10000 });
  }
  return (await panel.innerText()).replace(/\u00a0/g, ' ');
}

/** Rows of the Problems panel that mention `code` (rows currently shown, text and aria-label). */
async function problemRows(code) {
  await problemsText();
  return page.evaluate((code) => {
    const rows = [...document.querySelectorAll('.markers-panel .monaco-list-row')];
    return rows
      .filter((r) => r.isConnected && r.getClientRects().length > 0 && getComputedStyle(r).display !== 'none')
      .map((r) => `${r.innerText} ${r.getAttribute('aria-label') ?? ''}`.replace(/\u00a0/g, ' '))
      .filter((t) => t.includes(code));
  }, code);
}

/** Squiggles of the given kind ("error", "warning") on a 1-based line, found through geometry. */
async function squigglesOnLine(line, kind = 'error') {
  return page.evaluate(
    ({ line, kind, editorSel }) => {
      const editor = document.querySelector(editorSel);
      if (!editor) return 0;
      const numbers = [...editor.querySelectorAll('.margin-view-overlays .line-numbers')];
      const num = numbers.find((n) => n.textContent.trim() === String(line));
      if (!num) return 0;
      const box = num.getBoundingClientRect();
      const mid = box.top + box.height / 2;
      return [...editor.querySelectorAll(`.squiggly-${kind}`)].filter((s) => {
        const r = s.getBoundingClientRect();
        return r.top <= mid && r.bottom >= mid - box.height / 2;
      }).length;
    },
    { line, kind, editorSel },
  );
}

async function lineText(line) {
  return page.evaluate(
    ({ line, editorSel }) => {
      const editor = document.querySelector(editorSel);
      const numbers = [...editor.querySelectorAll('.margin-view-overlays .line-numbers')];
      const num = numbers.find((n) => n.textContent.trim() === String(line));
      if (!num) return null;
      const mid = num.getBoundingClientRect().top + num.getBoundingClientRect().height / 2;
      const l = [...editor.querySelectorAll('.view-lines .view-line')].find((v) => {
        const r = v.getBoundingClientRect();
        return r.top <= mid && r.bottom >= mid;
      });
      return l ? l.textContent.replace(/\u00a0/g, ' ') : null;
    },
    { line, editorSel },
  );
}

// ---- the test -----------------------------------------------------------------------------------

test('gilint in VS Code: diagnostics, hover, quick fix, new finding while typing', async () => {
  try {
    await scenario();
  } catch (e) {
    await screenshot('failure');
    throw e;
  }
});

async function scenario() {
  // 1. Open the workspace and the report.
  await retry('open workbench', async () => {
    await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`, { waitUntil: 'domcontentloaded' });
    await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 60000 });
  });
  log('workbench is up');
  await retry('open the report', async (i) => {
    if (i === 1) {
      const row = page.locator('.explorer-folders-view .monaco-list-row', { hasText: FIXTURE }).first();
      await row.waitFor({ state: 'visible', timeout: 30000 });
      await row.click();
    } else {
      await page.keyboard.press('Control+p');
      await page.locator('.quick-input-widget input').fill(FIXTURE);
      await page.locator('.quick-input-widget .monaco-list-row', { hasText: FIXTURE }).first().waitFor({ timeout: 15000 });
      await page.keyboard.press('Enter');
    }
    await page.locator(`${editorSel} .view-lines`, { hasText: '柳泉镇' }).first().waitFor({ timeout: 20000 });
  });
  log('report open in the editor');
  await screenshot('opened');
  // The workbench speaks the display language: the language mode in the status bar and the
  // Explorer's title come from VS Code's own catalogue (the language pack), not the extension.
  const [plainText, explorer] = CHINESE ? ['纯文本', '资源管理器'] : ['Plain Text', 'Explorer'];
  await waitFor(`the workbench in ${LOCALE || 'en'} ("${plainText}", "${explorer}")`, async () => {
    const status = await page.locator('.statusbar').textContent();
    const title = await page.locator('.part.sidebar .composite.title').first().textContent();
    return status.includes(plainText) && title.includes(explorer);
  }, 15000);
  log(`workbench display language: status bar "${plainText}", side bar "${explorer}"`);

  // 2. A gilint diagnostic appears: squiggle in the editor, GI202 in the Problems panel.
  try {
    await waitFor('GI202 in the Problems panel', async () => (await problemRows('GI202')).length > 0, DIAG_TIMEOUT, 500);
  } catch (e) {
    await screenshot('no-diagnostics');
    throw new Error(`E2E: no gilint diagnostic appeared (${e.message})`);
  }
  const gi202 = await problemRows('GI202');
  log(`Problems rows with GI202: ${gi202.length}: ${gi202.map((r) => r.replace(/\s+/g, ' ')).join(' || ')}`);
  const gi202Line = gi202.find((r) => r.includes(`Ln ${WRONG_LINE},`) || r.includes(`line ${WRONG_LINE}`) || r.includes(`Ln ${WRONG_LINE} `));
  assert.ok(gi202Line, `no GI202 entry at line ${WRONG_LINE} in the Problems panel: ${gi202.join(' || ')}`);
  assert.match(gi202Line, /gilint/, 'the Problems entry names gilint as its source');
  assert.match(gi202Line, /[\u4e00-\u9fff]/, 'the Problems entry has a Chinese message');
  const allProblems = await problemsText();
  assert.doesNotMatch(allProblems, /GI002/, 'GI002 (not a report) must not be shown for a report');

  await goTo(WRONG_LINE, 5);
  await waitFor(`an error squiggle on line ${WRONG_LINE}`, async () => (await squigglesOnLine(WRONG_LINE)) > 0, 15000);
  assert.ok((await lineText(WRONG_LINE))?.includes(WRONG_LABEL), `line ${WRONG_LINE} holds ${WRONG_LABEL}`);
  await screenshot('diagnostics');

  // Status bar: server running, findings counted, and which gilint serves.
  const status = await page.locator('.statusbar [aria-label^="gilint"]').first().getAttribute('aria-label');
  log(`status bar: ${status}`);
  assert.match(status ?? '', /running|运行中/, 'status bar shows the server running');
  // The extension's own messages (vscode.l10n.t) come from l10n/bundle.l10n.<locale>.json.
  if (CHINESE) assert.match(status ?? '', /gilint 服务器：运行中/, `the status bar is not Chinese: ${status}`);
  else assert.match(status ?? '', /gilint server: running/, `the status bar is not English: ${status}`);
  if (MODE === 'bundled') {
    const m = /(?:bundled gilint|扩展自带的 gilint) [\d.]+[,，] ?Python [\d.]+ ?[(（]([^)）]+)[)）]/.exec(status ?? '');
    assert.ok(m, `the bundled gilint serves: ${status}`);
    // The interpreter the extension host actually found has no gilint and no pygls of its own.
    const exe = m[1];
    assert.ok(!exe.startsWith(REPO), `the server's Python ${exe} is not the repository's`);
    for (const module of ['gilint', 'pygls']) {
      const r = spawnSync(exe, ['-c', `import ${module}`], { cwd: scratch, env: codeServerEnv(), encoding: 'utf8' });
      assert.notEqual(r.status, 0, `${exe}, which runs the bundled server, can import ${module} itself`);
    }
    log(`the bundled gilint runs with ${exe}, which cannot import gilint or pygls`);
  } else {
    assert.ok((status ?? '').includes(PYTHON), `the gilint of ${PYTHON} serves: ${status}`);
  }
  if (SHORT) {
    log('first diagnostic seen (E2E_SCENARIO=first-diagnostic): done');
    return;
  }

  // 3. Hover shows the rule's documentation.
  await retry('hover', async (i) => {
    await page.keyboard.press('Escape');
    if (i === 1) {
      const box = await page.evaluate(
        ({ line, editorSel }) => {
          const editor = document.querySelector(editorSel);
          const num = [...editor.querySelectorAll('.margin-view-overlays .line-numbers')].find((n) => n.textContent.trim() === String(line));
          const mid = num.getBoundingClientRect().top + num.getBoundingClientRect().height / 2;
          const s = [...editor.querySelectorAll('.squiggly-error')].find((e) => {
            const r = e.getBoundingClientRect();
            return r.top <= mid && r.bottom >= mid - 10;
          });
          if (!s) return null;
          const r = s.getBoundingClientRect();
          return { x: r.left + Math.min(r.width / 2, 40), y: r.top + r.height / 2 - 4 };
        },
        { line: WRONG_LINE, editorSel },
      );
      assert.ok(box, 'squiggle position');
      await page.mouse.move(box.x - 30, box.y - 30);
      await page.mouse.move(box.x, box.y, { steps: 5 });
    } else {
      await goTo(WRONG_LINE, 5);
      await page.keyboard.press('Control+k');
      await page.keyboard.press('Control+i');
    }
    await waitFor('hover with GI202', async () => {
      const h = page.locator('.monaco-hover:visible');
      if (!(await h.count())) return false;
      return (await h.first().innerText()).includes('GI202');
    }, 10000);
  });
  const hover = (await page.locator('.monaco-hover:visible').first().innerText()).replace(/\u00a0/g, ' ');
  log(`hover: ${hover.replace(/\s+/g, ' ').slice(0, 300)}`);
  assert.match(hover, /[\u4e00-\u9fff]/, 'hover text is Chinese');
  // The hover carries the rule documentation, not just the message: compare with `gilint rule GI202`.
  // The server documents rules in the client's language (VS Code's display language).
  const doc = spawnSync(PYTHON, ['-m', 'gilint', 'rule', 'GI202', '--lang', CHINESE ? 'zh' : 'en'], { encoding: 'utf8', timeout: 30000 });
  if (doc.status === 0 && doc.stdout.trim()) {
    const docLines = doc.stdout
      .split('\n')
      .map((l) => l.replace(/^[#>*\-\s`]+/, '').replace(/[*`]/g, '').trim())
      .filter((l) => l.length >= 6);
    const found = docLines.filter((l) => hover.includes(l.slice(0, 12)));
    log(`rule doc lines found in the hover: ${found.length}/${docLines.length}`);
    assert.ok(found.length >= 1, `the hover does not show the documentation of GI202 (gilint rule GI202)`);
  } else {
    assert.ok(hover.length > 40, 'the hover shows more than a code');
  }
  await screenshot('hover');
  await page.keyboard.press('Escape');
  if (CHINESE) {
    // The documentation itself is Chinese (作用 / 原因 / 依据 …), not only the finding's message.
    for (const heading of ['作用', '原因', '依据']) assert.ok(hover.includes(heading), `the hover has no ${heading}: ${hover.slice(0, 300)}`);
    assert.ok(!hover.includes('What it does'), 'the hover shows the English documentation');
  } else {
    assert.ok(hover.includes('What it does'), 'the hover shows the English documentation in an English VS Code');
  }
  if (LOCALE_ONLY) {
    // A command title from package.nls.<locale>.json, in the command palette: its label is the
    // translated title (a non-English VS Code shows the English one under it, as a hint).
    const nls = (suffix) => JSON.parse(fs.readFileSync(path.join(EXT, `package.nls${suffix}.json`), 'utf8'));
    const english = nls('')['command.fixAll'];
    const title = LOCALE && LOCALE !== 'en' ? nls(`.${LOCALE.toLowerCase()}`)['command.fixAll'] : english;
    if (CHINESE) assert.match(title, /[\u4e00-\u9fff]/, `package.nls.${LOCALE}.json: command.fixAll is Chinese`);
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: 10000 });
    await input.fill('>gilint');
    const row = page.locator('.quick-input-widget .monaco-list-row', { hasText: title }).first();
    await row.waitFor({ timeout: 15000 });
    const label = (await row.innerText()).split('\n').map((l) => l.trim()).filter(Boolean);
    log(`command palette: ${label.join(' | ')}`);
    assert.equal(label[0], `gilint: ${title}`, 'the command is listed under its title in the display language');
    if (title !== english) assert.ok(!label[0].includes(english), 'the command label is not the English title');
    await screenshot('command-title');
    await page.keyboard.press('Escape');
    log(`display language ${LOCALE || 'en'}: hover and command title checked (E2E_SCENARIO=locale): done`);
    return;
  }

  // 4. The quick fix replaces the label; the diagnostic goes away.
  const before202 = (await problemRows('GI202')).length;
  await retry('quick fix', async () => {
    await goTo(WRONG_LINE, 5);
    await page.keyboard.press('Control+.');
    const widget = page.locator('.action-widget:visible').first();
    await widget.waitFor({ state: 'visible', timeout: 10000 });
    const items = widget.locator('.monaco-list-row.action');
    await waitFor('quick fix items', async () => (await items.count()) > 0, 10000);
    const texts = await items.allInnerTexts();
    log(`code actions: ${texts.join(' | ')}`);
    let idx = texts.findIndex((t) => t.includes(RIGHT_LABEL.slice(2)));
    if (idx < 0) idx = texts.findIndex((t) => /GI202/.test(t));
    assert.ok(idx >= 0, `no quick fix for GI202 among: ${texts.join(' | ')}`);
    await screenshot('quickfix-menu');
    await readmeScreenshot();
    await items.nth(idx).click();
    await waitFor(`line ${WRONG_LINE} fixed`, async () => (await lineText(WRONG_LINE))?.includes(RIGHT_LABEL), 10000);
  });
  log(`line ${WRONG_LINE} now: ${(await lineText(WRONG_LINE))?.trim()}`);
  await waitFor(`no error squiggle on line ${WRONG_LINE}`, async () => (await squigglesOnLine(WRONG_LINE)) === 0, 30000, 500);
  try {
    await waitFor('one GI202 fewer in Problems', async () => (await problemRows('GI202')).length < before202, 30000, 500);
  } catch (e) {
    const rows = await page.evaluate(() =>
      [...document.querySelectorAll('.markers-panel .monaco-list-row')].map(
        (r) => `${r.getClientRects().length}|${r.style.top}|${r.innerText.replace(/\s+/g, ' ')}|${r.getAttribute('aria-label')}`,
      ),
    );
    log(`Problems DOM rows: ${rows.join(' || ')}`);
    throw e;
  }
  await screenshot('after-fix');
  await page.keyboard.press('Control+s');
  await waitFor(
    'the fixed label saved to disk',
    () => fs.readFileSync(path.join(workspace, FIXTURE), 'utf8').split('\n')[WRONG_LINE - 1].includes(RIGHT_LABEL),
    15000,
  );

  // 5. Typing a new defect makes a new squiggle appear.
  const before502 = (await problemRows('GI502')).length;
  const typeLine = 6; // an empty line under the first section heading
  await retry('type a defect', async (i) => {
    if (i > 1) await page.keyboard.press('Control+z');
    await goTo(typeLine, 1);
    await page.keyboard.type('[bookmark: _GoBack]', { delay: 20 });
    await waitFor('new squiggle', async () => (await squigglesOnLine(typeLine, 'warning')) + (await squigglesOnLine(typeLine, 'error')) > 0, 30000, 500);
  });
  await waitFor(
    'GI502 for the whole typed text in Problems',
    async () => (await problemRows('GI502')).filter((r) => r.includes('_GoBack')).length > before502,
    30000,
    500,
  );
  const gi502 = await problemRows('GI502');
  log(`Problems rows with GI502: ${gi502.map((r) => r.replace(/\s+/g, ' ')).join(' || ')}`);
  assert.match(gi502.join(' '), /[\u4e00-\u9fff]/, 'GI502 message is Chinese');
  await screenshot('new-defect');

  // 6. The command "gilint: Fix all findings in this file" removes it again.
  await runCommand('gilint: Fix all findings in this file');
  await waitFor(`line ${typeLine} fixed by fix-all`, async () => !((await lineText(typeLine)) ?? '').includes('bookmark'), 20000, 500);
  await waitFor('no GI502 left in Problems', async () => (await problemRows('GI502')).length === 0, 30000, 500);
  await screenshot('after-fix-all');

  // 7. "gilint: Show the documentation of the rule under the cursor" opens the rule's page.
  // Fix-all and fix-on-save leave nothing fixable, so type a defect that has no fix: a
  // template placeholder (GI504), and ask for the documentation of that.
  await goTo(typeLine, 1);
  await page.keyboard.type('XX镇', { delay: 20 });
  await waitFor('GI504 for the typed placeholder in Problems', async () => (await problemRows('GI504')).length > 0, 30000, 500);
  const gi504 = (await problemRows('GI504'))[0] ?? '';
  const m = /\[Ln (\d+), Col (\d+)\]/.exec(gi504);
  assert.ok(m, `a GI504 finding to show the documentation of: ${gi504}`);
  await goTo(Number(m[1]), Number(m[2]));
  await runCommand('gilint: Show the documentation of the rule under the cursor');
  await page.locator('.tabs-container .tab', { hasText: 'gilint GI504' }).first().waitFor({ timeout: 20000 });
  const docText = await waitFor(
    'the rule documentation rendered in the webview',
    async () => {
      for (const frame of page.frames()) {
        const t = await frame.evaluate(() => document.querySelector('body.gilint-rule-doc')?.innerText ?? '').catch(() => '');
        if (t.includes('GI504')) return t;
      }
      return false;
    },
    20000,
    500,
  );
  log(`rule doc webview: ${docText.replace(/\s+/g, ' ').slice(0, 120)}`);
  await screenshot('rule-doc');

  // 8. editor.codeActionsOnSave with source.fixAll.gilint: a defect typed again is fixed on save.
  await page.locator('.tabs-container .tab', { hasText: FIXTURE }).first().click();
  const file = path.join(workspace, FIXTURE);
  const mtime = fs.statSync(file).mtimeMs;
  await goTo(typeLine, 1);
  await page.keyboard.type('[bookmark: _GoBack]', { delay: 10 });
  await waitFor('the typed defect in the editor', async () => ((await lineText(typeLine)) ?? '').includes('_GoBack'), 10000);
  await page.keyboard.press('Control+s');
  await waitFor('the file saved', () => fs.statSync(file).mtimeMs > mtime, 20000, 250);
  await waitFor(
    'the defect removed on save (source.fixAll.gilint)',
    async () => !fs.readFileSync(file, 'utf8').includes('bookmark') && !((await lineText(typeLine)) ?? '').includes('bookmark'),
    20000,
    250,
  );
  await screenshot('fixed-on-save');
  log('all checks passed');
}
