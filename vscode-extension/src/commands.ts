// The extension's commands. Their names differ from the server's own workspace commands
// (gilint.fixAll, gilint.ruleDoc), which the language client registers itself, as ruff-vscode's
// ruff.executeAutofix calls the server's ruff.applyAutofix.
import * as vscode from 'vscode';
import { ExecuteCommandRequest, LanguageClient } from 'vscode-languageclient/node';
import { isGilint, LANGUAGES, ruleDoc, serverHasCommand, ServerCommand } from './server';

const FIX_ALL_KIND = vscode.CodeActionKind.SourceFixAll.append('gilint');
const SERVER_FIX_ALL = 'gilint.fixAll';
const SERVER_RULE_DOC = 'gilint.ruleDoc';

/** What the commands need from the running extension. */
export interface Host {
  readonly log: vscode.LogOutputChannel;
  client(): LanguageClient | undefined;
  server(): Promise<ServerCommand | undefined>;
  restart(): Promise<void>;
}

export function registerCommands(host: Host): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('gilint.restart', () => host.restart()),
    vscode.commands.registerCommand('gilint.executeFixAll', () => fixAll(host)),
    vscode.commands.registerCommand('gilint.showOutput', () => host.log.show(true)),
    vscode.commands.registerCommand('gilint.showRuleDoc', (code?: string) => showRuleDoc(host, code)),
  ];
}

function codeOf(d: vscode.Diagnostic): string | undefined {
  if (d.code === undefined) {
    return undefined;
  }
  return typeof d.code === 'object' ? String(d.code.value) : String(d.code);
}

/** Applies every gilint fix in the active file. */
async function fixAll(host: Host): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor || !LANGUAGES.includes(editor.document.languageId)) {
    void vscode.window.showInformationMessage(vscode.l10n.t('gilint: open a plain-text or Markdown report first.'));
    return;
  }
  const client = host.client();
  if (!client || !client.isRunning()) {
    void vscode.window.showWarningMessage(vscode.l10n.t('gilint: the server is not running.'));
    return;
  }
  const document = editor.document;
  // The server's command runs the same loop as `gilint check --fix` (passes until nothing changes).
  if (serverHasCommand(client, SERVER_FIX_ALL)) {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const result: any = await client.sendRequest(ExecuteCommandRequest.type, {
      command: SERVER_FIX_ALL,
      arguments: [{ uri: document.uri.toString(), version: document.version }],
    });
    host.log.info(`${SERVER_FIX_ALL}: ${JSON.stringify(result)}`);
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

/** The code of the gilint finding under the cursor, or one the user picks or types. */
async function pickCode(editor: vscode.TextEditor | undefined): Promise<{ code?: string; position?: vscode.Position }> {
  if (editor) {
    const all = vscode.languages.getDiagnostics(editor.document.uri).filter(isGilint);
    const cursor = editor.selection.active;
    const here = all.find((d) => d.range.contains(cursor)) ?? all.find((d) => d.range.start.line === cursor.line);
    if (here) {
      return { code: codeOf(here), position: here.range.start };
    }
    if (all.length) {
      const codes = [...new Set(all.map(codeOf).filter((c): c is string => !!c))];
      const code = await vscode.window.showQuickPick(codes, {
        placeHolder: vscode.l10n.t('No gilint finding under the cursor. Which rule?'),
      });
      if (code) return { code };
    }
  }
  return { code: await vscode.window.showInputBox({ prompt: vscode.l10n.t('gilint rule code, e.g. GI202') }) };
}

/** Shows the documentation of the rule of the gilint diagnostic under the cursor. */
async function showRuleDoc(host: Host, codeArg?: string): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  const picked = typeof codeArg === 'string' ? { code: codeArg, position: undefined } : await pickCode(editor);
  const code = picked.code;
  if (!code) {
    return;
  }
  let markdown: string | undefined;
  const client = host.client();
  if (client?.isRunning() && serverHasCommand(client, SERVER_RULE_DOC)) {
    try {
      const r = await client.sendRequest(ExecuteCommandRequest.type, { command: SERVER_RULE_DOC, arguments: [code] });
      markdown = typeof r === 'string' ? r : undefined;
    } catch (e) {
      host.log.warn(`${SERVER_RULE_DOC} ${code}: ${String(e)}`);
    }
  }
  if (!markdown) {
    const server = await host.server();
    markdown = server ? await ruleDoc(server, code) : undefined;
  }
  if (!markdown && editor && picked.position) {
    const hovers =
      (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, picked.position)) ?? [];
    markdown = hovers
      .flatMap((h) => h.contents)
      .map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))
      .filter((s) => s.includes(code))
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
