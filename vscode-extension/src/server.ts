// Which gilint serves (gilint.path, the environment's, or the one bundled in bundled/libs), and the
// language client that runs it.
import * as vscode from 'vscode';
import {
  CloseAction,
  DidChangeConfigurationNotification,
  ErrorAction,
  LanguageClient,
  LanguageClientOptions,
  RevealOutputChannelOn,
  ServerOptions,
  State,
  TransportKind,
} from 'vscode-languageclient/node';
import { expandPath, findInterpreter, Interpreter, probe, probeProblem, run } from './python';
import { launchSettings, serverSettings, wantedSeverities } from './settings';
import { TraceChannel } from './trace';

export const LANGUAGES = ['plaintext', 'markdown'];
/** The launcher of the bundled gilint, relative to the extension's folder. */
export const LAUNCHER = 'bundled/tool/run_gilint.py';

/** How gilint is run: `command ...base lsp` for the server, `command ...base rule CODE` for a rule's page. */
export interface ServerCommand {
  command: string;
  base: string[];
  kind: 'path' | 'environment' | 'bundled';
  python?: Interpreter;
  version?: string;
  pythonVersion?: string;
  /** sys.executable of the interpreter that runs it (what `python3` or `py -3` resolved to). */
  pythonExecutable?: string;
}

export type Problem = 'no-executable' | 'no-python' | 'no-interpreter' | 'old-python' | 'no-bundled';

export type Resolution =
  | { server: ServerCommand }
  | { problem: Problem; command?: string; python?: Interpreter; detail?: string };

/**
 * As ruff-vscode resolves its binary: `gilint.path` first; then, with importStrategy
 * `fromEnvironment`, the interpreter's own gilint when it can serve (gilint, its language server
 * and their dependencies import there); otherwise the bundled gilint, run by that interpreter.
 */
export async function resolveServer(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): Promise<Resolution> {
  const resource = vscode.workspace.workspaceFolders?.[0]?.uri;
  const s = launchSettings(resource);
  if (s.path) {
    const command = expandPath(s.path);
    const r = await run(command, ['--version'], 20000);
    if (r.error) {
      return { problem: 'no-executable', command, detail: r.error.message };
    }
    return { server: { command, base: [], kind: 'path', version: (r.stdout || r.stderr).trim().replace(/^gilint\s+/, '') } };
  }
  const python = await findInterpreter(s.interpreter, resource, log);
  if (!python) {
    return { problem: 'no-python' };
  }
  const launcher = context.asAbsolutePath(LAUNCHER);
  let fromEnvironment = '';
  if (s.importStrategy === 'fromEnvironment') {
    const p = await probe(python, launcher, false);
    const problem = probeProblem(p);
    if (!problem) {
      const server: ServerCommand = {
        command: python.command,
        base: [...python.args, '-m', 'gilint'],
        kind: 'environment',
        python,
        version: p.gilint,
        pythonVersion: p.version,
        pythonExecutable: p.python,
      };
      return { server };
    }
    if (problem === 'no-interpreter' || problem === 'old-python') {
      return { problem, python, detail: p.runError ?? p.version };
    }
    fromEnvironment = `${problem}: ${p.gilintError ?? p.pyglsError ?? p.regexError ?? 'gilint.lsp not found'}`;
    log.info(`No usable gilint in ${python.command}'s environment (${fromEnvironment}); using the bundled gilint.`);
  }
  const b = await probe(python, launcher, true);
  const problem = probeProblem(b);
  if (!problem) {
    return {
      server: {
        command: python.command,
        base: [...python.args, launcher],
        kind: 'bundled',
        python,
        version: b.gilint,
        pythonVersion: b.version,
        pythonExecutable: b.python,
      },
    };
  }
  if (problem === 'no-interpreter' || problem === 'old-python') {
    return { problem, python, detail: b.runError ?? b.version };
  }
  // The bundled gilint cannot run here: a .vsix without compiled libraries for this platform or
  // Python (regex), or a development build without bundled/libs.
  const why = b.regexError
    ? `no compiled libraries for Python ${b.version ?? '?'} on ${process.platform}-${process.arch} in this .vsix`
    : (b.gilintError ?? b.pyglsError ?? problem);
  log.error(`The bundled gilint cannot run with ${python.command}: ${why}`);
  return { problem: 'no-bundled', python, detail: fromEnvironment ? `${why}; ${fromEnvironment}` : why };
}

function isGilint(d: vscode.Diagnostic): boolean {
  return d.source === 'gilint';
}

const SEVERITY_NAMES: Record<number, string> = {
  [vscode.DiagnosticSeverity.Error]: 'error',
  [vscode.DiagnosticSeverity.Warning]: 'warning',
  [vscode.DiagnosticSeverity.Information]: 'info',
  [vscode.DiagnosticSeverity.Hint]: 'info',
};

/** Drops the diagnostics whose severity the user does not want to see (`gilint.severities`). */
function filterSeverities(uri: vscode.Uri, diagnostics: vscode.Diagnostic[]): vscode.Diagnostic[] {
  const wanted = wantedSeverities(uri);
  if (wanted.size === 0) {
    return diagnostics;
  }
  return diagnostics.filter((d) => !isGilint(d) || wanted.has(SEVERITY_NAMES[d.severity] ?? 'info'));
}

/** Creates and starts the language client for `server`; `onStopped` is called when the server dies. */
export async function startClient(
  server: ServerCommand,
  log: vscode.LogOutputChannel,
  trace: TraceChannel,
  onState: (state: 'starting' | 'running' | 'stopped' | 'crashed') => void,
): Promise<LanguageClient> {
  const run = launchSettings().run;
  const serverOptions: ServerOptions = {
    command: server.command,
    args: [...server.base, 'lsp'],
    transport: TransportKind.stdio,
    options: {
      cwd: vscode.workspace.workspaceFolders?.[0]?.uri.fsPath,
      env: { ...process.env, PYTHONIOENCODING: 'utf-8', PYTHONUTF8: '1' },
    },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: LANGUAGES.flatMap((language) => [
      { scheme: 'file', language },
      { scheme: 'untitled', language },
    ]),
    outputChannel: log,
    traceOutputChannel: trace,
    revealOutputChannelOn: RevealOutputChannelOn.Never,
    initializationOptions: () => serverSettings(),
    diagnosticCollectionName: 'gilint',
    diagnosticPullOptions: { onChange: run !== 'onSave', onSave: true, onFocus: false, onTabs: false },
    errorHandler: {
      error: () => ({ action: ErrorAction.Continue }),
      closed: () => {
        log.error('The gilint server stopped unexpectedly.');
        onState('crashed');
        return {
          action: CloseAction.DoNotRestart,
          message: vscode.l10n.t('The gilint server stopped unexpectedly. See the gilint output for details.'),
        };
      },
    },
    middleware: {
      handleDiagnostics: (uri, diagnostics, next) => next(uri, filterSeverities(uri, diagnostics)),
      provideDiagnostics: async (document, previousResultId, token, next) => {
        const report = await next(document, previousResultId, token);
        const uri = document instanceof vscode.Uri ? document : document.uri;
        // eslint-disable-next-line @typescript-eslint/no-explicit-any
        const r = report as any;
        if (r && Array.isArray(r.items)) {
          r.items = filterSeverities(uri, r.items);
        }
        return report;
      },
    },
  };
  const client = new LanguageClient('gilint', 'gilint', serverOptions, clientOptions);
  client.onDidChangeState((e) => {
    if (e.newState === State.Running) onState('running');
    else if (e.newState === State.Starting) onState('starting');
    else onState('stopped');
  });
  await client.start();
  return client;
}

/** Whether the running server offers a workspace command (its executeCommandProvider). */
export function serverHasCommand(client: LanguageClient | undefined, command: string): boolean {
  return !!client?.initializeResult?.capabilities.executeCommandProvider?.commands.includes(command);
}

export function sendSettings(client: LanguageClient | undefined): void {
  if (client?.isRunning()) {
    void client.sendNotification(DidChangeConfigurationNotification.type, { settings: serverSettings() });
  }
}

/** `gilint rule CODE` run the way the server is run (bundled, environment or gilint.path). */
export async function ruleDoc(server: ServerCommand, code: string): Promise<string | undefined> {
  const r = await run(server.command, [...server.base, 'rule', code], 30000);
  return r.code === 0 && r.stdout.trim() ? r.stdout : undefined;
}

export { isGilint };
