// The message shown when no gilint can be started, with what to do next.
import * as vscode from 'vscode';
import { installCommand } from './python';
import { Problem, Resolution } from './server';

const PYTHON_DOWNLOAD = 'https://www.python.org/downloads/';

export async function notifyCannotStart(
  context: vscode.ExtensionContext,
  log: vscode.LogOutputChannel,
  r: Exclude<Resolution, { server: unknown }> | { problem: 'crashed'; detail?: string },
): Promise<void> {
  const install = vscode.l10n.t('Install in terminal');
  const copy = vscode.l10n.t('Copy install command');
  const chooseInterpreter = vscode.l10n.t('Choose interpreter');
  const output = vscode.l10n.t('Show output');
  const guide = vscode.l10n.t('Install guide');
  const download = vscode.l10n.t('Download Python');
  const python = 'python' in r ? r.python : undefined;
  const pip = installCommand(python);
  const detail = r.detail ?? '';
  const shown = python ? [python.command, ...python.args].join(' ') : '';
  let message: string;
  let actions: string[];
  switch (r.problem as Problem | 'crashed') {
    case 'no-python':
      message = vscode.l10n.t(
        'gilint needs Python 3.10 or newer, and none was found (no Python extension interpreter, no python3 or py -3 on PATH). Install Python, or set gilint.interpreter.',
      );
      actions = [download, guide, chooseInterpreter];
      break;
    case 'old-python':
      message = vscode.l10n.t('gilint needs Python 3.10 or newer; {0} is Python {1}. Choose another interpreter in the setting gilint.interpreter.', shown, detail);
      actions = [chooseInterpreter, download, guide];
      break;
    case 'no-interpreter':
      message = vscode.l10n.t('The Python interpreter {0} could not be run ({1}). Set gilint.interpreter to a Python 3.10 or newer.', shown, detail);
      actions = [chooseInterpreter, guide, output];
      break;
    case 'no-executable':
      message = vscode.l10n.t('The gilint executable {0} (setting gilint.path) could not be run ({1}).', ('command' in r ? r.command : '') ?? '', detail);
      actions = [chooseInterpreter, output];
      break;
    case 'no-bundled':
      message = vscode.l10n.t(
        'The gilint bundled with this extension cannot run here ({0}), and {1} has no gilint of its own. Install it with: {2}',
        detail,
        shown,
        pip,
      );
      actions = [install, copy, guide];
      break;
    default:
      message = vscode.l10n.t('The gilint server could not be started: {0}', detail);
      actions = [output, guide];
  }
  log.error(message);
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
    log.show(true);
  } else if (choice === download) {
    await vscode.env.openExternal(vscode.Uri.parse(PYTHON_DOWNLOAD));
  } else if (choice === guide) {
    // The extension's own README (its "Requirements" section): there even without a network.
    await vscode.commands.executeCommand('markdown.showPreview', vscode.Uri.joinPath(context.extensionUri, 'README.md'));
  }
}
