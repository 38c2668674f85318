#!/bin/sh
# Build lovkode-<version>.vsix from this folder with @vscode/vsce from the npm registry: one file a
# jurist installs with "Extensions: Install from VSIX…" (or `code --install-extension lovkode-0.1.0.vsix`).
set -eu
cd "$(dirname "$0")/.."
if [ -f package-lock.json ]; then npm ci --no-audit --no-fund --silent; else npm install --no-audit --no-fund --silent; fi
npx --no-install vsce package --skip-license --allow-missing-repository --out lovkode.vsix
