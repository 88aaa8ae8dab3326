// gilint for VS Code: a thin client that starts `python -m gilint lsp` and shows what it says.
import * as vscode from 'vscode';
import {
  CloseAction,
  DidChangeConfigurationNotification,
  ErrorAction,
  ExecuteCommandRequest,
  LanguageClient,
  LanguageClientOptions,
  RevealOutputChannelOn,
  ServerOptions,
  State,
  StaticFeature,
  DynamicFeature,
  TransportKind,
} from 'vscode-languageclient/node';
import {
  installCommand,
  onPythonInterpreterChanged,
  probe,
  resolveServerCommand,
  ruleDoc,
  ServerCommand,
} from './python';

const FIX_ALL_KIND = vscode.CodeActionKind.SourceFixAll.append('gilint');
/** Commands this extension contributes itself; a server command of the same name is called by us. */
const OWN_COMMANDS = new Set(['gilint.fixAll', 'gilint.restart', 'gilint.showOutput', 'gilint.showRuleDoc']);
const LANGUAGES = ['plaintext', 'markdown'];
const SEVERITY_NAMES: Record<number, string> = {
  [vscode.DiagnosticSeverity.Error]: 'error',
  [vscode.DiagnosticSeverity.Warning]: 'warning',
  [vscode.DiagnosticSeverity.Information]: 'info',
  [vscode.DiagnosticSeverity.Hint]: 'info',
};

type ServerState = 'starting' | 'running' | 'stopped' | 'error';

/**
 * A LanguageClient that does not register a VS Code command for a server command whose name the
 * extension contributes itself (`gilint.fixAll`): registering it twice would fail, and the
 * palette command needs the active document as its argument, which we add.
 */
class GilintLanguageClient extends LanguageClient {
  readonly serverCommands = new Set<string>();

  override registerFeature(feature: StaticFeature | DynamicFeature<unknown>): void {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const f = feature as any;
    if (f?.registrationType?.method === ExecuteCommandRequest.method && typeof f.register === 'function') {
      const register = f.register.bind(f);
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      f.register = (data: any) => {
        const commands: string[] = data?.registerOptions?.commands ?? [];
        for (const c of commands) {
          this.serverCommands.add(c);
        }
        const rest = commands.filter((c) => !OWN_COMMANDS.has(c));
        return register({ ...data, registerOptions: { ...data.registerOptions, commands: rest } });
      };
    }
    super.registerFeature(feature);
  }
}

/**
 * The client's trace channel. vscode-languageclient 11 only traces when its trace channel is at
 * log level Trace; this one reports Trace while `gilint.trace.server` is not `off`, so the setting
 * works on its own, and writes to a plain "gilint (trace)" output channel created on first use.
 */
class TraceChannel implements vscode.LogOutputChannel {
  readonly name = 'gilint (trace)';
  private channel: vscode.OutputChannel | undefined;
  private readonly levelEmitter = new vscode.EventEmitter<vscode.LogLevel>();
  readonly onDidChangeLogLevel = this.levelEmitter.event;
  private readonly listener = vscode.workspace.onDidChangeConfiguration((e) => {
    if (e.affectsConfiguration('gilint.trace.server')) {
      this.levelEmitter.fire(this.logLevel);
    }
  });

  get logLevel(): vscode.LogLevel {
    const v = vscode.workspace.getConfiguration('gilint').get<string>('trace.server', 'off');
    return v === 'off' ? vscode.LogLevel.Info : vscode.LogLevel.Trace;
  }

  private out(): vscode.OutputChannel {
    this.channel ??= vscode.window.createOutputChannel(this.name);
    return this.channel;
  }

  private line(level: string, message: string | Error, args: unknown[]): void {
    const text = message instanceof Error ? (message.stack ?? message.message) : message;
    const extra = args.length ? ` ${args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ')}` : '';
    this.out().appendLine(`${new Date().toISOString()} [${level}] ${text}${extra}`);
  }

  trace(message: string, ...args: unknown[]): void {
    this.line('trace', message, args);
  }
  debug(message: string, ...args: unknown[]): void {
    this.line('debug', message, args);
  }
  info(message: string, ...args: unknown[]): void {
    this.line('info', message, args);
  }
  warn(message: string, ...args: unknown[]): void {
    this.line('warn', message, args);
  }
  error(error: string | Error, ...args: unknown[]): void {
    this.line('error', error, args);
  }
  append(value: string): void {
    this.out().append(value);
  }
  appendLine(value: string): void {
    this.out().appendLine(value);
  }
  replace(value: string): void {
    this.out().replace(value);
  }
  clear(): void {
    this.channel?.clear();
  }
  show(columnOrPreserveFocus?: vscode.ViewColumn | boolean, preserveFocus?: boolean): void {
    if (typeof columnOrPreserveFocus === 'boolean') {
      this.out().show(columnOrPreserveFocus);
    } else {
      this.out().show(columnOrPreserveFocus, preserveFocus);
    }
  }
  hide(): void {
    this.channel?.hide();
  }
  dispose(): void {
    this.listener.dispose();
    this.levelEmitter.dispose();
    this.channel?.dispose();
  }
}

function settings(resource?: vscode.Uri): Record<string, unknown> {
  const c = vscode.workspace.getConfiguration('gilint', resource);
  return {
    interpreter: c.get<string>('interpreter', ''),
    path: c.get<string>('path', ''),
    run: c.get<string>('run', 'onType'),
    debounce: c.get<number>('debounce', 200),
    severities: c.get<string[]>('severities', ['error', 'warning', 'info']),
    trace: { server: c.get<string>('trace.server', 'off') },
  };
}

function isGilint(d: vscode.Diagnostic): boolean {
  return d.source === 'gilint';
}

function codeOf(d: vscode.Diagnostic): string | undefined {
  if (d.code === undefined) {
    return undefined;
  }
  return typeof d.code === 'object' ? String(d.code.value) : String(d.code);
}

/** Drops the diagnostics whose severity the user does not want to see (`gilint.severities`). */
function filterSeverities(uri: vscode.Uri, diagnostics: vscode.Diagnostic[]): vscode.Diagnostic[] {
  const wanted = new Set(vscode.workspace.getConfiguration('gilint', uri).get<string[]>('severities') ?? []);
  if (wanted.size === 0) {
    return diagnostics;
  }
  return diagnostics.filter((d) => !isGilint(d) || wanted.has(SEVERITY_NAMES[d.severity] ?? 'info'));
}

class Gilint implements vscode.Disposable {
  private client: GilintLanguageClient | undefined;
  private server: ServerCommand | undefined;
  private state: ServerState = 'stopped';
  private readonly statusItem: vscode.StatusBarItem;
  private readonly disposables: vscode.Disposable[] = [];
  private starting: Promise<void> | undefined;
  private readonly trace = new TraceChannel();

  constructor(
    private readonly context: vscode.ExtensionContext,
    readonly log: vscode.LogOutputChannel,
  ) {
    this.statusItem = vscode.window.createStatusBarItem('gilint.status', vscode.StatusBarAlignment.Right, 100);
    this.statusItem.name = 'gilint';
    this.statusItem.command = 'gilint.showOutput';
    this.disposables.push(
      this.statusItem,
      this.trace,
      vscode.languages.onDidChangeDiagnostics(() => this.updateStatus()),
      vscode.window.onDidChangeActiveTextEditor(() => this.updateStatus()),
      vscode.workspace.onDidChangeConfiguration((e) => this.onConfigurationChanged(e)),
      onPythonInterpreterChanged(() => {
        const c = vscode.workspace.getConfiguration('gilint');
        if (!c.get<string>('interpreter') && !c.get<string>('path')) {
          this.log.info('The Python extension changed its interpreter; restarting the server.');
          void this.restart();
        }
      }),
    );
    this.updateStatus();
  }

  dispose(): void {
    this.disposables.forEach((d) => d.dispose());
  }

  private setState(state: ServerState): void {
    this.state = state;
    this.updateStatus();
  }

  private updateStatus(): void {
    const editor = vscode.window.activeTextEditor;
    const relevant = editor && LANGUAGES.includes(editor.document.languageId);
    const findings = editor
      ? vscode.languages.getDiagnostics(editor.document.uri).filter(isGilint)
      : [];
    const stateText: Record<ServerState, string> = {
      starting: vscode.l10n.t('starting'),
      running: vscode.l10n.t('running'),
      stopped: vscode.l10n.t('stopped'),
      error: vscode.l10n.t('error'),
    };
    const icon: Record<ServerState, string> = {
      starting: '$(loading~spin)',
      running: findings.length ? '$(warning)' : '$(check)',
      stopped: '$(circle-slash)',
      error: '$(error)',
    };
    const count = this.state === 'running' && relevant ? ` ${findings.length}` : '';
    this.statusItem.text = `${icon[this.state]} gilint${count}`;
    const label = vscode.l10n.t(
      'gilint server: {0}; {1} findings in this file',
      stateText[this.state],
      String(findings.length),
    );
    this.statusItem.tooltip = `${label}\n${vscode.l10n.t('Click to show the gilint output.')}`;
    this.statusItem.accessibilityInformation = { label };
    this.statusItem.backgroundColor =
      this.state === 'error' ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
    if (relevant || this.state === 'error' || this.state === 'starting') {
      this.statusItem.show();
    } else {
      this.statusItem.hide();
    }
  }

  private onConfigurationChanged(e: vscode.ConfigurationChangeEvent): void {
    if (!e.affectsConfiguration('gilint')) {
      return;
    }
    if (
      e.affectsConfiguration('gilint.interpreter') ||
      e.affectsConfiguration('gilint.path') ||
      e.affectsConfiguration('gilint.run')
    ) {
      this.log.info('The interpreter or run mode changed; restarting the server.');
      void this.restart();
      return;
    }
    if (this.client?.isRunning()) {
      void this.client.sendNotification(DidChangeConfigurationNotification.type, { settings: settings() });
    }
  }

  async start(): Promise<void> {
    if (this.starting) {
      return this.starting;
    }
    this.starting = this.doStart().finally(() => (this.starting = undefined));
    return this.starting;
  }

  private async doStart(): Promise<void> {
    this.setState('starting');
    const server = await resolveServerCommand(this.log);
    this.server = server;
    this.log.info(`Starting the server: ${server.command} ${server.args.join(' ')} (from ${server.source})`);
    const check = await probe(server);
    if (!check.ok) {
      this.log.error(`Cannot start the server with ${server.command}: ${check.problem}: ${check.detail ?? ''}`);
      this.setState('error');
      void this.notifyCannotStart(server, check.problem, check.detail, check.gilintVersion);
      return;
    }
    this.log.info(`gilint ${check.gilintVersion ?? ''} (Python ${check.pythonVersion ?? '?'})`);

    const run = vscode.workspace.getConfiguration('gilint').get<string>('run', 'onType');
    const serverOptions: ServerOptions = {
      command: server.command,
      args: server.args,
      transport: TransportKind.stdio,
      options: {
        cwd: vscode.workspace.workspaceFolders?.[0]?.uri.fsPath,
        env: { ...process.env, PYTHONIOENCODING: 'utf-8', PYTHONUTF8: '1' },
      },
    };
    const documentSelector = LANGUAGES.flatMap((language) => [
      { scheme: 'file', language },
      { scheme: 'untitled', language },
    ]);
    const clientOptions: LanguageClientOptions = {
      documentSelector,
      outputChannel: this.log,
      traceOutputChannel: this.trace,
      revealOutputChannelOn: RevealOutputChannelOn.Never,
      initializationOptions: () => settings(),
      diagnosticCollectionName: 'gilint',
      diagnosticPullOptions: { onChange: run !== 'onSave', onSave: true, onFocus: false, onTabs: false },
      errorHandler: {
        error: () => ({ action: ErrorAction.Continue }),
        closed: () => {
          this.log.error('The gilint server stopped unexpectedly.');
          this.setState('error');
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
    const client = new GilintLanguageClient('gilint', 'gilint', serverOptions, clientOptions);
    this.client = client;
    client.onDidChangeState((e) => {
      if (e.newState === State.Running) {
        this.setState('running');
      } else if (e.newState === State.Starting) {
        this.setState('starting');
      } else if (this.state !== 'error') {
        this.setState('stopped');
      }
    });
    try {
      await client.start();
      this.log.info('The gilint server is running.');
      this.setState('running');
    } catch (e) {
      this.log.error(`The gilint server failed to start: ${String(e)}`);
      this.setState('error');
      void this.notifyCannotStart(server, undefined, String(e));
    }
  }

  private async notifyCannotStart(
    server: ServerCommand,
    problem?: string,
    detail?: string,
    gilintVersion?: string,
  ): Promise<void> {
    const install = vscode.l10n.t('Install in terminal');
    const copy = vscode.l10n.t('Copy install command');
    const chooseInterpreter = vscode.l10n.t('Choose interpreter');
    const output = vscode.l10n.t('Show output');
    const pip = installCommand(server);
    let message: string;
    let actions: string[];
    switch (problem) {
      case 'no-gilint':
        message = vscode.l10n.t(
          'gilint is not installed for the Python interpreter {0}. Install it with: {1} — or choose another interpreter in the setting gilint.interpreter.',
          server.command,
          pip,
        );
        actions = [install, copy, chooseInterpreter];
        break;
      case 'no-lsp-extras':
        message = vscode.l10n.t(
          'gilint is installed for {0} without its language-server extras. Install them with: {1}',
          server.command,
          pip,
        );
        actions = [install, copy, chooseInterpreter];
        break;
      case 'no-lsp-module':
        message = vscode.l10n.t(
          'The gilint installed for {0} (version {1}) has no language server. Upgrade it with: {2}',
          server.command,
          gilintVersion ?? '?',
          pip,
        );
        actions = [install, copy, chooseInterpreter];
        break;
      case 'no-interpreter':
        message = vscode.l10n.t(
          'The Python interpreter {0} could not be run ({1}). Set gilint.interpreter to a Python where gilint is installed (pip install "gilint[lsp]").',
          server.command,
          detail ?? '',
        );
        actions = [chooseInterpreter, output];
        break;
      case 'no-executable':
        message = vscode.l10n.t(
          'The gilint executable {0} (setting gilint.path) could not be run ({1}).',
          server.command,
          detail ?? '',
        );
        actions = [chooseInterpreter, output];
        break;
      default:
        message = vscode.l10n.t('The gilint server could not be started: {0}', detail ?? '');
        actions = [output];
    }
    const choice = await vscode.window.showErrorMessage(message, ...actions);
    if (choice === install) {
      const terminal = vscode.window.createTerminal('gilint: pip install');
      terminal.show();
      terminal.sendText(pip, true);
    } else if (choice === copy) {
      await vscode.env.clipboard.writeText(pip);
    } else if (choice === chooseInterpreter) {
      await vscode.commands.executeCommand('workbench.action.openSettings', 'gilint.interpreter');
    } else if (choice === output) {
      this.log.show(true);
    }
  }

  async stop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (client) {
      try {
        await client.stop(5000);
      } catch (e) {
        this.log.warn(`Stopping the server: ${String(e)}`);
      }
      try {
        await client.dispose();
      } catch {
        // already gone
      }
    }
    this.setState('stopped');
  }

  async restart(): Promise<void> {
    if (this.starting) {
      await this.starting;
    }
    await this.stop();
    await this.start();
  }

  showOutput(): void {
    this.log.show(true);
  }

  /** Applies every gilint fix in the active file. */
  async fixAll(): Promise<void> {
    const editor = vscode.window.activeTextEditor;
    if (!editor || !LANGUAGES.includes(editor.document.languageId)) {
      void vscode.window.showInformationMessage(vscode.l10n.t('gilint: open a plain-text or Markdown report first.'));
      return;
    }
    const client = this.client;
    if (!client || !client.isRunning()) {
      void vscode.window.showWarningMessage(vscode.l10n.t('gilint: the server is not running.'));
      return;
    }
    const document = editor.document;
    // The server's command runs the same loop as `gilint check --fix` (passes until nothing changes).
    if (client.serverCommands.has('gilint.fixAll')) {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      const result: any = await client.sendRequest(ExecuteCommandRequest.type, {
        command: 'gilint.fixAll',
        arguments: [{ uri: document.uri.toString(), version: document.version }],
      });
      this.log.info(`gilint.fixAll: ${JSON.stringify(result)}`);
      if (result && typeof result === 'object' && !result.applied) {
        const refused = result.refused ? ` (${String(result.refused)})` : '';
        void vscode.window.showInformationMessage(vscode.l10n.t('gilint: nothing to fix in this file.') + refused);
      }
      return;
    }
    // Otherwise: the server's `source.fixAll.gilint` code actions.
    const fullRange = new vscode.Range(0, 0, document.lineCount, 0);
    const actions =
      (await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
        'vscode.executeCodeActionProvider',
        document.uri,
        fullRange,
        FIX_ALL_KIND.value,
        10,
      )) ?? [];
    let applied = 0;
    for (const action of actions) {
      if (!('kind' in action) || !action.kind || !FIX_ALL_KIND.contains(action.kind)) {
        continue;
      }
      if (action.edit && (await vscode.workspace.applyEdit(action.edit))) {
        applied++;
      }
      if (action.command) {
        await vscode.commands.executeCommand(action.command.command, ...(action.command.arguments ?? []));
        applied++;
      }
    }
    if (applied === 0) {
      void vscode.window.showInformationMessage(vscode.l10n.t('gilint: nothing to fix in this file.'));
    }
  }

  /** Shows the documentation of the rule of the gilint diagnostic under the cursor. */
  async showRuleDoc(codeArg?: string): Promise<void> {
    const editor = vscode.window.activeTextEditor;
    let code = typeof codeArg === 'string' ? codeArg : undefined;
    let position: vscode.Position | undefined;
    if (!code && editor) {
      const all = vscode.languages.getDiagnostics(editor.document.uri).filter(isGilint);
      const cursor = editor.selection.active;
      const here =
        all.find((d) => d.range.contains(cursor)) ?? all.find((d) => d.range.start.line === cursor.line);
      if (here) {
        code = codeOf(here);
        position = here.range.start;
      } else if (all.length) {
        const codes = [...new Set(all.map(codeOf).filter((c): c is string => !!c))];
        code = await vscode.window.showQuickPick(codes, {
          placeHolder: vscode.l10n.t('No gilint finding under the cursor. Which rule?'),
        });
      }
    }
    if (!code) {
      code = await vscode.window.showInputBox({ prompt: vscode.l10n.t('gilint rule code, e.g. GI202') });
    }
    if (!code) {
      return;
    }
    let markdown: string | undefined;
    if (!this.server) {
      this.server = await resolveServerCommand(this.log);
    }
    const client = this.client;
    if (client?.isRunning() && client.serverCommands.has('gilint.ruleDoc')) {
      try {
        const r = await client.sendRequest(ExecuteCommandRequest.type, { command: 'gilint.ruleDoc', arguments: [code] });
        markdown = typeof r === 'string' ? r : undefined;
      } catch (e) {
        this.log.warn(`gilint.ruleDoc ${code}: ${String(e)}`);
      }
    }
    markdown ??= await ruleDoc(this.server, code);
    if (!markdown && editor && position) {
      const hovers =
        (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, position)) ??
        [];
      markdown = hovers
        .flatMap((h) => h.contents)
        .map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))
        .filter((s) => s.includes(code as string))
        .join('\n\n---\n\n');
    }
    if (!markdown) {
      void vscode.window.showWarningMessage(vscode.l10n.t('gilint: no documentation found for {0}.', code));
      return;
    }
    let html: string;
    try {
      html = (await vscode.commands.executeCommand<string>('markdown.api.render', markdown)) ?? '';
    } catch {
      html = '';
    }
    if (!html) {
      html = `<pre>${markdown.replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c] as string)}</pre>`;
    }
    const panel = vscode.window.createWebviewPanel('gilint.ruleDoc', `gilint ${code}`, vscode.ViewColumn.Beside, {
      enableScripts: false,
    });
    panel.webview.html = `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src ${panel.webview.cspSource} https: data:;">
<style>body{font-family:var(--vscode-font-family);font-size:var(--vscode-font-size);line-height:1.6;padding:0 1em}
code,pre{font-family:var(--vscode-editor-font-family)}pre{white-space:pre-wrap}</style>
</head><body class="gilint-rule-doc">${html}</body></html>`;
  }
}

let gilint: Gilint | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const log = vscode.window.createOutputChannel('gilint', { log: true });
  context.subscriptions.push(log);
  log.info(`gilint extension ${context.extension.packageJSON.version} activated`);
  const g = new Gilint(context, log);
  gilint = g;
  context.subscriptions.push(
    g,
    vscode.commands.registerCommand('gilint.restart', () => g.restart()),
    vscode.commands.registerCommand('gilint.fixAll', () => g.fixAll()),
    vscode.commands.registerCommand('gilint.showOutput', () => g.showOutput()),
    vscode.commands.registerCommand('gilint.showRuleDoc', (code?: string) => g.showRuleDoc(code)),
  );
  await g.start();
}

export async function deactivate(): Promise<void> {
  await gilint?.stop();
  gilint = undefined;
}
