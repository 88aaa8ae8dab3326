// gilint for VS Code: wires the parts together. Which gilint runs: server.ts (with python.ts);
// settings: settings.ts; commands: commands.ts; status bar: status.ts; messages: notify.ts.
import * as vscode from 'vscode';
import { LanguageClient } from 'vscode-languageclient/node';
import { registerCommands } from './commands';
import { notifyCannotStart } from './notify';
import { onPythonInterpreterChanged } from './python';
import { resolveServer, sendSettings, ServerCommand, startClient } from './server';
import { launchSettings, RESTART_SETTINGS } from './settings';
import { Status } from './status';
import { TraceChannel } from './trace';

class Gilint implements vscode.Disposable {
  private client: LanguageClient | undefined;
  private serverCommand: ServerCommand | undefined;
  private starting: Promise<void> | undefined;
  private readonly trace = new TraceChannel();
  readonly status = new Status();

  constructor(
    private readonly context: vscode.ExtensionContext,
    readonly log: vscode.LogOutputChannel,
  ) {}

  dispose(): void {
    this.trace.dispose();
    this.status.dispose();
  }

  currentClient(): LanguageClient | undefined {
    return this.client;
  }

  async server(): Promise<ServerCommand | undefined> {
    if (!this.serverCommand) {
      const r = await resolveServer(this.context, this.log);
      this.serverCommand = 'server' in r ? r.server : undefined;
    }
    return this.serverCommand;
  }

  start(): Promise<void> {
    this.starting ??= this.doStart().finally(() => (this.starting = undefined));
    return this.starting;
  }

  private async doStart(): Promise<void> {
    this.status.set('starting');
    const r = await resolveServer(this.context, this.log);
    if (!('server' in r)) {
      this.serverCommand = undefined;
      this.status.set('error');
      void notifyCannotStart(this.context, this.log, r);
      return;
    }
    const server = r.server;
    this.serverCommand = server;
    this.log.info(
      `Starting the ${server.kind} gilint ${server.version ?? ''}: ${server.command} ${[...server.base, 'lsp'].join(' ')}` +
        (server.python ? ` (Python ${server.pythonVersion ?? '?'} from ${server.python.source})` : ''),
    );
    try {
      this.client = await startClient(server, this.log, this.trace, (state) => {
        if (state === 'crashed') this.status.set('error');
        else if (state !== 'stopped' || this.status.current !== 'error') this.status.set(state, server);
      });
      this.log.info('The gilint server is running.');
      this.status.set('running', server);
    } catch (e) {
      this.log.error(`The gilint server failed to start: ${String(e)}`);
      this.status.set('error');
      void notifyCannotStart(this.context, this.log, { problem: 'crashed', detail: String(e) });
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
    this.status.set('stopped');
  }

  async restart(): Promise<void> {
    if (this.starting) {
      await this.starting;
    }
    await this.stop();
    await this.start();
  }

  onConfigurationChanged(e: vscode.ConfigurationChangeEvent): void {
    if (!e.affectsConfiguration('gilint')) {
      return;
    }
    if (RESTART_SETTINGS.some((s) => e.affectsConfiguration(s))) {
      this.log.info('The interpreter, import strategy or run mode changed; restarting the server.');
      void this.restart();
      return;
    }
    sendSettings(this.client);
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
    ...registerCommands({ log, client: () => g.currentClient(), server: () => g.server(), restart: () => g.restart() }),
    vscode.workspace.onDidChangeConfiguration((e) => g.onConfigurationChanged(e)),
    onPythonInterpreterChanged(() => {
      const s = launchSettings();
      if (!s.interpreter && !s.path) {
        log.info('The Python extension changed its interpreter; restarting the server.');
        void g.restart();
      }
    }),
  );
  await g.start();
}

export async function deactivate(): Promise<void> {
  await gilint?.stop();
  gilint = undefined;
}
