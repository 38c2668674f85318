// Tokenizes the spec's Markdown with the extension's TextMate grammars, using VS Code's own tokenizer
// (vscode-textmate with the Oniguruma regex engine), and checks what a jurist sees:
//   node test/grammar.test.js SPEC_DIR WORDS.json
// WORDS.json lists the language's words (from the parser's grammar) that must be highlighted as such.
"use strict";

const fs = require("fs");
const path = require("path");
const vsctm = require("vscode-textmate");
const oniguruma = require("vscode-oniguruma");

const here = path.resolve(__dirname, "..");
const specDir = path.resolve(process.argv[2] || path.join(here, "..", "..", "spec"));
const words = process.argv[3] ? JSON.parse(fs.readFileSync(process.argv[3], "utf8")) : [];

const grammarFiles = {
  "source.lovkode": "syntaxes/lovkode.tmLanguage.json",
  "markdown.lovkode.codeblock": "syntaxes/lovkode-markdown-injection.tmLanguage.json",
};

const wasm = fs.readFileSync(require.resolve("vscode-oniguruma/release/onig.wasm")).buffer;
const onigLib = oniguruma.loadWASM(wasm).then(() => ({
  createOnigScanner: (patterns) => new oniguruma.OnigScanner(patterns),
  createOnigString: (s) => new oniguruma.OnigString(s),
}));

const registry = new vsctm.Registry({
  onigLib,
  loadGrammar: async (scopeName) => {
    const file = grammarFiles[scopeName];
    if (!file) return null;
    const text = fs.readFileSync(path.join(here, file), "utf8");
    return vsctm.parseRawGrammar(text, path.join(here, file));
  },
});

function tokenizeLines(grammar, lines) {
  let stack = vsctm.INITIAL;
  return lines.map((line) => {
    const result = grammar.tokenizeLine(line, stack);
    stack = result.ruleStack;
    return result.tokens.map((t) => ({ text: line.slice(t.startIndex, t.endIndex), start: t.startIndex, scopes: t.scopes }));
  });
}

function scopesAt(tokens, index) {
  const token = tokens.find((t) => t.start <= index && index < t.start + t.text.length);
  return token ? token.scopes.join(" ") : "";
}

const failures = [];
function expect(condition, message) {
  if (!condition) failures.push(message);
}

function mdFiles(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return mdFiles(full);
    return entry.name.endsWith(".md") ? [full] : [];
  }).sort();
}

async function main() {
  const markdown = await registry.loadGrammar("markdown.lovkode.codeblock");
  const lovkode = await registry.loadGrammar("source.lovkode");
  let blockLines = 0;
  let names = 0;

  for (const file of mdFiles(specDir)) {
    const lines = fs.readFileSync(file, "utf8").split("\n");
    const tokens = tokenizeLines(markdown, lines);
    let inBlock = false;
    let fence = null;
    lines.forEach((line, n) => {
      const where = `${path.relative(specDir, file)}:${n + 1}`;
      const opening = /^ {0,3}(`{3,}|~{3,})\s*(\S*)/.exec(line);
      if (fence === null && opening) {
        fence = opening[1];
        inBlock = opening[2] === "lovkode";
        if (inBlock) expect(scopesAt(tokens[n], opening.index + line.indexOf("lovkode")).includes("fenced_code.block.language"),
          `${where}: the fence's language is not marked`);
        return;
      }
      if (fence !== null && new RegExp(`^ {0,3}${fence[0]}{${fence.length},}\\s*$`).test(line)) {
        fence = null;
        inBlock = false;
        return;
      }
      const embedded = tokens[n].some((t) => t.scopes.includes("meta.embedded.block.lovkode"));
      if (!line.trim()) return;
      if (!inBlock) {
        expect(!embedded, `${where}: prose highlighted as lovkode`);
        return;
      }
      blockLines += 1;
      expect(tokens[n].every((t) => !t.text.trim() || t.scopes.includes("meta.embedded.block.lovkode")),
        `${where}: part of a lovkode line is not highlighted as lovkode`);
      for (const token of tokens[n]) {
        expect(!token.scopes.some((s) => s.startsWith("invalid")), `${where}: invalid token ${token.text}`);
      }
      for (const match of line.matchAll(/»[^»«]+«/g)) {
        names += 1;
        const scopes = scopesAt(tokens[n], match.index + 1);
        const inCitation = scopes.includes("citation") || scopes.includes("string");
        expect(inCitation || /variable\.other\.name|entity\.name/.test(scopes), `${where}: ${match[0]} is not a name (${scopes})`);
      }
      const citation = /^\s*hjemmel\s*:/.exec(line);
      if (citation) {
        expect(scopesAt(tokens[n], line.indexOf("hjemmel")).includes("keyword.other.citation"), `${where}: hjemmel not marked`);
      }
    });
  }

  // Every word of the language, written where it can stand, gets a scope of its kind.
  const months = ["januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober", "november", "december"];
  const units = { kr: "kr.", pct: "pct.", time: "time", timer: "timer", dag: "dag", dage: "dage", uge: "uge", uger: "uger",
    måned: "måned", måneder: "måneder" };
  for (const word of words) {
    if (word in units) {
      const [line] = tokenizeLines(lovkode, [`er 5 ${units[word]}`]);
      expect(scopesAt(line, 5).includes("keyword.other.unit"), `the unit "5 ${units[word]}" is not a unit`);
      continue;
    }
    if (months.includes(word)) {
      const [line] = tokenizeLines(lovkode, [`er 1. ${word} 2024`]);
      expect(scopesAt(line, 3).includes("constant.numeric.date"), `the date "1. ${word} 2024" is not a date`);
      continue;
    }
    const [line] = tokenizeLines(lovkode, [`  er ${word} »a«`]);
    const scopes = scopesAt(line, 5);
    expect(/keyword|storage\.type|constant/.test(scopes), `the word "${word}" is not highlighted (${scopes})`);
  }

  if (blockLines === 0) failures.push(`no lovkode blocks found in ${specDir}`);
  if (failures.length) {
    console.error(failures.slice(0, 40).join("\n"));
    console.error(`${failures.length} problems`);
    process.exit(1);
  }
  console.log(`ok: ${blockLines} lovkode lines, ${names} names, ${words.length} words`);
}

main().catch((error) => {
  console.error(error);
  process.exit(2);
});
