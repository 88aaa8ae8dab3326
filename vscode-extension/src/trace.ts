// The language client's trace channel, driven by the setting `gilint.trace.server`.
import * as vscode from 'vscode';

/**
 * vscode-languageclient 11 only traces when its trace channel is at log level Trace; this one
 * reports Trace while `gilint.trace.server` is not `off`, so the setting works on its own, and
 * writes to a plain "gilint (trace)" output channel created on first use.
 */
export class TraceChannel implements vscode.LogOutputChannel {
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
