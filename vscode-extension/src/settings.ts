// The extension's settings (section `gilint`): what the server is sent, and what decides how it starts.
import * as vscode from 'vscode';

/** As ruff-vscode: the environment's gilint when it has one (else the bundled one), or always the bundled one. */
export type ImportStrategy = 'fromEnvironment' | 'useBundled';

/** Settings that decide which process is started: a change restarts the server. */
export const RESTART_SETTINGS = ['gilint.interpreter', 'gilint.path', 'gilint.importStrategy', 'gilint.run'];

export interface LaunchSettings {
  interpreter: string;
  path: string;
  importStrategy: ImportStrategy;
  run: 'onType' | 'onSave';
}

export function launchSettings(resource?: vscode.Uri): LaunchSettings {
  const c = vscode.workspace.getConfiguration('gilint', resource);
  return {
    interpreter: (c.get<string>('interpreter') ?? '').trim(),
    path: (c.get<string>('path') ?? '').trim(),
    importStrategy: c.get<string>('importStrategy') === 'useBundled' ? 'useBundled' : 'fromEnvironment',
    run: c.get<string>('run') === 'onSave' ? 'onSave' : 'onType',
  };
}

/** The settings the server reads (initializationOptions, workspace/didChangeConfiguration). */
export function serverSettings(resource?: vscode.Uri): Record<string, unknown> {
  const c = vscode.workspace.getConfiguration('gilint', resource);
  return {
    interpreter: c.get<string>('interpreter', ''),
    path: c.get<string>('path', ''),
    importStrategy: c.get<string>('importStrategy', 'fromEnvironment'),
    run: c.get<string>('run', 'onType'),
    debounce: c.get<number>('debounce', 200),
    severities: c.get<string[]>('severities', ['error', 'warning', 'info']),
    trace: { server: c.get<string>('trace.server', 'off') },
  };
}

/** The severities the user wants to see (`gilint.severities`); empty means all. */
export function wantedSeverities(resource: vscode.Uri): Set<string> {
  return new Set(vscode.workspace.getConfiguration('gilint', resource).get<string[]>('severities') ?? []);
}
