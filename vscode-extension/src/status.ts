// The status bar item: server state, which gilint runs (bundled or the environment's), findings here.
import * as vscode from 'vscode';
import { isGilint, LANGUAGES, ServerCommand } from './server';

export type ServerState = 'starting' | 'running' | 'stopped' | 'error';

export class Status implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('gilint.status', vscode.StatusBarAlignment.Right, 100);
  private readonly disposables: vscode.Disposable[];
  private state: ServerState = 'stopped';
  private server: ServerCommand | undefined;

  constructor() {
    this.item.name = 'gilint';
    this.item.command = 'gilint.showOutput';
    this.disposables = [
      this.item,
      vscode.languages.onDidChangeDiagnostics(() => this.update()),
      vscode.window.onDidChangeActiveTextEditor(() => this.update()),
    ];
    this.update();
  }

  dispose(): void {
    this.disposables.forEach((d) => d.dispose());
  }

  get current(): ServerState {
    return this.state;
  }

  set(state: ServerState, server?: ServerCommand): void {
    this.state = state;
    if (server) {
      this.server = server;
    }
    this.update();
  }

  /** "bundled gilint 0.2.0, Python 3.11.2 (/usr/bin/python3)" / "gilint 0.2.0 from /usr/bin/python3". */
  private origin(): string {
    const s = this.server;
    if (!s) return '';
    const version = s.version ?? '?';
    if (s.kind === 'bundled') {
      return vscode.l10n.t('bundled gilint {0}, Python {1} ({2})', version, s.pythonVersion ?? '?', s.pythonExecutable ?? s.command);
    }
    return vscode.l10n.t('gilint {0} from {1}', version, s.command);
  }

  private update(): void {
    const editor = vscode.window.activeTextEditor;
    const relevant = editor && LANGUAGES.includes(editor.document.languageId);
    const findings = editor ? vscode.languages.getDiagnostics(editor.document.uri).filter(isGilint) : [];
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
    this.item.text = `${icon[this.state]} gilint${count}`;
    const origin = this.state === 'running' ? this.origin() : '';
    const label = vscode.l10n.t(
      'gilint server: {0}; {1} findings in this file',
      origin ? `${stateText[this.state]} (${origin})` : stateText[this.state],
      String(findings.length),
    );
    this.item.tooltip = `${label}\n${vscode.l10n.t('Click to show the gilint output.')}`;
    this.item.accessibilityInformation = { label };
    this.item.backgroundColor = this.state === 'error' ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
    if (relevant || this.state === 'error' || this.state === 'starting') {
      this.item.show();
    } else {
      this.item.hide();
    }
  }
}
