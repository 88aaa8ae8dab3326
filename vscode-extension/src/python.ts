// Finding a Python for the server: gilint.interpreter, else the Python extension's interpreter,
// else python3 / `py -3` on PATH; and asking it (bundled/tool/run_gilint.py --probe…) what it can run.
import * as cp from 'node:child_process';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';

export interface Interpreter {
  /** The executable and the arguments that select Python 3 (`py -3` on Windows). */
  command: string;
  args: string[];
  source: 'gilint.interpreter' | 'ms-python.python' | 'PATH';
}

/** What run_gilint.py --probe / --probe-environment reports. */
export interface Probe {
  python?: string;
  version?: string;
  versionOk?: boolean;
  gilint?: string;
  gilintError?: string;
  gilintLocation?: string;
  regexError?: string;
  pyglsError?: string;
  lsp?: boolean;
  platformLibs?: boolean;
  /** Set when the interpreter could not be run or did not answer. */
  runError?: string;
}

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

export function run(
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

/** Runs the bundled launcher's probe with `python`: bundled (`--probe`) or the environment's own gilint. */
export async function probe(python: Interpreter, launcher: string, bundled: boolean): Promise<Probe> {
  const r = await run(python.command, [...python.args, launcher, bundled ? '--probe' : '--probe-environment'], 30000);
  if (r.error) {
    return { runError: r.error.message };
  }
  const line = r.stdout.trim().split(/\r?\n/).pop() ?? '';
  try {
    return JSON.parse(line) as Probe;
  } catch {
    return { runError: (r.stderr || r.stdout).trim() || `exit status ${r.code}` };
  }
}

/** What is missing for a probed gilint to serve, or undefined when it can. */
export function probeProblem(p: Probe): 'no-interpreter' | 'old-python' | 'no-gilint' | 'no-lsp-extras' | 'no-lsp-module' | 'no-regex' | undefined {
  if (p.runError) return 'no-interpreter';
  if (!p.versionOk) return 'old-python';
  if (p.gilintError) return 'no-gilint';
  if (p.pyglsError) return 'no-lsp-extras';
  if (!p.lsp) return 'no-lsp-module';
  if (p.regexError) return 'no-regex';
  return undefined;
}

/**
 * The Python to run the server with: gilint.interpreter when set (used even if it does not run,
 * so that the message names it), else the Python extension's, else the first of python3 / python
 * (`py -3` / python / python3 on Windows) on PATH that runs. Undefined when there is none.
 */
export async function findInterpreter(
  configured: string,
  resource: vscode.Uri | undefined,
  log: vscode.LogOutputChannel,
): Promise<Interpreter | undefined> {
  if (configured) {
    return { command: expandPath(configured), args: [], source: 'gilint.interpreter' };
  }
  const fromExtension = await pythonExtensionInterpreter(resource, log);
  if (fromExtension) {
    return { command: fromExtension, args: [], source: 'ms-python.python' };
  }
  const candidates: [string, string[]][] =
    process.platform === 'win32'
      ? [['py', ['-3']], ['python', []], ['python3', []]]
      : [['python3', []], ['python', []]];
  for (const [command, args] of candidates) {
    const r = await run(command, [...args, '-c', 'import sys; print(sys.version_info[0])'], 15000);
    if (!r.error && r.code === 0 && r.stdout.trim() === '3') {
      return { command, args, source: 'PATH' };
    }
    log.info(`No Python 3 as \`${[command, ...args].join(' ')}\` on PATH (${r.error?.message ?? (r.stderr.trim() || r.stdout.trim())})`);
  }
  return undefined;
}

/** The command line to show for a pip install into this interpreter. */
export function installCommand(python: Interpreter | undefined): string {
  const py = python?.command ?? (process.platform === 'win32' ? 'py' : 'python3');
  const quoted = /\s/.test(py) ? `"${py}"` : py;
  const args = python?.args.length ? `${python.args.join(' ')} ` : process.platform === 'win32' && !python ? '-3 ' : '';
  return `${quoted} ${args}-m pip install --upgrade "gilint[lsp]"`;
}
