// Finding and checking the Python interpreter that runs `python -m gilint lsp`.
import * as cp from 'node:child_process';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';

/** How the server is started, and where that choice came from (for messages and logs). */
export interface ServerCommand {
  command: string;
  args: string[];
  /** The interpreter, or undefined when `gilint.path` names a gilint executable. */
  python?: string;
  source: 'gilint.path' | 'gilint.interpreter' | 'ms-python.python' | 'PATH';
}

/** Result of probing the interpreter. */
export interface Probe {
  ok: boolean;
  /** What went wrong, for the notification: interpreter missing, gilint missing, extras missing. */
  problem?: 'no-interpreter' | 'no-gilint' | 'no-lsp-extras' | 'no-lsp-module' | 'no-executable';
  detail?: string;
  gilintVersion?: string;
  pythonVersion?: string;
}

const PROBE = [
  'import json, sys',
  'r = {"python": sys.executable, "version": sys.version.split()[0]}',
  'try:',
  '    import gilint',
  '    r["gilint"] = str(getattr(gilint, "__version__", "") or "unknown")',
  '    import importlib.util',
  '    r["lsp"] = importlib.util.find_spec("gilint.lsp") is not None',
  'except Exception as e:',
  '    r["gilintError"] = "%s: %s" % (type(e).__name__, e)',
  'try:',
  '    import pygls',
  '    r["pygls"] = True',
  'except Exception as e:',
  '    r["pyglsError"] = "%s: %s" % (type(e).__name__, e)',
  'print(json.dumps(r))',
].join('\n');

/** Expands ~, ${userHome}, ${workspaceFolder} and makes a relative path absolute. */
export function expandPath(value: string): string {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  let v = value.trim();
  v = v.replace(/\$\{userHome\}/g, os.homedir());
  if (folder) {
    v = v.replace(/\$\{workspaceFolder\}/g, folder);
  }
  if (v === '~' || v.startsWith('~/')) {
    v = path.join(os.homedir(), v.slice(1));
  }
  // A bare name such as `python3` is looked up on PATH; a relative path is taken from the folder.
  if (folder && !path.isAbsolute(v) && (v.includes('/') || v.includes('\\'))) {
    v = path.join(folder, v);
  }
  return v;
}

/** The active interpreter of the Python extension, when it is installed (optional). */
async function pythonExtensionInterpreter(
  resource: vscode.Uri | undefined,
  log: vscode.LogOutputChannel,
): Promise<string | undefined> {
  const ext = vscode.extensions.getExtension('ms-python.python');
  if (!ext) {
    return undefined;
  }
  try {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const api: any = ext.isActive ? ext.exports : await ext.activate();
    const envs = api?.environments;
    if (envs?.getActiveEnvironmentPath) {
      const active = envs.getActiveEnvironmentPath(resource);
      const resolved = await envs.resolveEnvironment?.(active);
      const exe: string | undefined = resolved?.executable?.uri?.fsPath ?? active?.path;
      if (exe) {
        return exe;
      }
    }
    const details = api?.settings?.getExecutionDetails?.(resource);
    const cmd: string[] | undefined = details?.execCommand;
    if (cmd && cmd.length === 1) {
      return cmd[0];
    }
  } catch (e) {
    log.warn(`Could not ask the Python extension for its interpreter: ${String(e)}`);
  }
  return undefined;
}

/** Subscribes to interpreter changes in the Python extension, if it is installed. */
export function onPythonInterpreterChanged(listener: () => void): vscode.Disposable {
  const ext = vscode.extensions.getExtension('ms-python.python');
  const disposables: vscode.Disposable[] = [];
  if (ext) {
    Promise.resolve(ext.isActive ? ext.exports : ext.activate()).then(
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      (api: any) => {
        const ev = api?.environments?.onDidChangeActiveEnvironmentPath;
        if (typeof ev === 'function') {
          disposables.push(ev(() => listener()));
        }
      },
      () => undefined,
    );
  }
  return new vscode.Disposable(() => disposables.forEach((d) => d.dispose()));
}

/** Decides how to start the server: gilint.path, gilint.interpreter, the Python extension, python3. */
export async function resolveServerCommand(log: vscode.LogOutputChannel): Promise<ServerCommand> {
  const resource = vscode.workspace.workspaceFolders?.[0]?.uri;
  const config = vscode.workspace.getConfiguration('gilint', resource);
  const exe = (config.get<string>('path') ?? '').trim();
  if (exe) {
    return { command: expandPath(exe), args: ['lsp'], source: 'gilint.path' };
  }
  const interpreter = (config.get<string>('interpreter') ?? '').trim();
  if (interpreter) {
    const python = expandPath(interpreter);
    return { command: python, args: ['-m', 'gilint', 'lsp'], python, source: 'gilint.interpreter' };
  }
  const fromExtension = await pythonExtensionInterpreter(resource, log);
  if (fromExtension) {
    return {
      command: fromExtension,
      args: ['-m', 'gilint', 'lsp'],
      python: fromExtension,
      source: 'ms-python.python',
    };
  }
  const python = process.platform === 'win32' ? 'python' : 'python3';
  return { command: python, args: ['-m', 'gilint', 'lsp'], python, source: 'PATH' };
}

function run(
  command: string,
  args: string[],
  timeoutMs: number,
): Promise<{ code: number | null; stdout: string; stderr: string; error?: NodeJS.ErrnoException }> {
  return new Promise((resolve) => {
    cp.execFile(
      command,
      args,
      { timeout: timeoutMs, maxBuffer: 8 * 1024 * 1024, env: { ...process.env, PYTHONIOENCODING: 'utf-8' } },
      (error, stdout, stderr) => {
        const err = error as (NodeJS.ErrnoException & { code?: unknown }) | null;
        resolve({
          code: err ? (typeof err.code === 'number' ? err.code : -1) : 0,
          stdout: String(stdout),
          stderr: String(stderr),
          error: err && typeof err.code === 'string' ? err : undefined,
        });
      },
    );
  });
}

/** Checks that the server can start: the interpreter runs and `import gilint` works there. */
export async function probe(server: ServerCommand): Promise<Probe> {
  if (!server.python) {
    const r = await run(server.command, ['--version'], 20000);
    if (r.error) {
      return { ok: false, problem: 'no-executable', detail: r.error.message };
    }
    return { ok: true, gilintVersion: (r.stdout || r.stderr).trim() };
  }
  const r = await run(server.python, ['-c', PROBE], 30000);
  if (r.error) {
    return { ok: false, problem: 'no-interpreter', detail: r.error.message };
  }
  const line = r.stdout.trim().split(/\r?\n/).pop() ?? '';
  let info: Record<string, unknown>;
  try {
    info = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return { ok: false, problem: 'no-interpreter', detail: (r.stderr || r.stdout).trim() };
  }
  if (info.gilintError) {
    return { ok: false, problem: 'no-gilint', detail: String(info.gilintError), pythonVersion: String(info.version) };
  }
  if (info.pyglsError) {
    return {
      ok: false,
      problem: 'no-lsp-extras',
      detail: String(info.pyglsError),
      gilintVersion: String(info.gilint),
      pythonVersion: String(info.version),
    };
  }
  if (info.lsp === false) {
    return {
      ok: false,
      problem: 'no-lsp-module',
      detail: 'gilint.lsp not found',
      gilintVersion: String(info.gilint),
      pythonVersion: String(info.version),
    };
  }
  return { ok: true, gilintVersion: String(info.gilint), pythonVersion: String(info.version) };
}

/** `gilint rule CODE`, run through the same interpreter or executable as the server. */
export async function ruleDoc(server: ServerCommand, code: string): Promise<string | undefined> {
  const args = server.python ? ['-m', 'gilint', 'rule', code] : ['rule', code];
  const r = await run(server.command, args, 30000);
  if (r.code === 0 && r.stdout.trim()) {
    return r.stdout;
  }
  return undefined;
}

/** The pip command line to show in the notification. */
export function installCommand(server: ServerCommand): string {
  const py = server.python ?? 'python3';
  const quoted = /\s/.test(py) ? `"${py}"` : py;
  return `${quoted} -m pip install --upgrade "gilint[lsp]"`;
}
