// The VS Code client of `lovkode lsp`: starts the server for Markdown files and hands it the settings.
"use strict";

const vscode = require("vscode");
const { LanguageClient } = require("vscode-languageclient/node");

let client;

function activate(context) {
  const settings = vscode.workspace.getConfiguration("lovkode");
  const spec = settings.get("spec");
  const serverOptions = {
    command: settings.get("server.command"),
    args: settings.get("server.args"),
  };
  const clientOptions = {
    documentSelector: [{ scheme: "file", language: "markdown" }],
    initializationOptions: spec ? { spec } : {},
  };
  client = new LanguageClient("lovkode", "lovkode", serverOptions, clientOptions);
  client.start().catch((error) => {
    vscode.window.showErrorMessage(
      `lovkode-sprogserveren kunne ikke starte (${error.message}). ` +
        'Installér den med: pip install "lovkode[lsp]", eller angiv stien i indstillingen lovkode.server.command.'
    );
  });
  context.subscriptions.push({ dispose: () => client && client.stop() });
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
