/* "Prøv en sag": Pyodide and lovkode in a dedicated module worker, so the page never freezes while
 * Python starts (several seconds) or while a case is evaluated.
 *
 * Messages from the page:
 *   {type: "start", filer: URL of the Pyodide folder, fortolker: formular.json's "fortolker"}
 *   {type: "svar", id, "spørgsmål": name, sag: the case as JSON text}
 * Messages to the page:
 *   {type: "fremskridt", trin: 1–4, tekst}   while starting (Danish, shown as it is)
 *   {type: "klar", ms}                        once lovkode has loaded the spec
 *   {type: "startfejl", tekst}                the start failed (Danish, with the browser's reason)
 *   {type: "svar", id, svar: answer JSON}     lovkode_proev.Proevning.answer_json's text
 *   {type: "svarfejl", id, tekst}             the evaluation raised (Danish, never a traceback)
 * Everything is fetched from the site itself (the Pyodide folder); nothing from anywhere else.
 */
let proev = null;
let starting = null;

function post(message) {
  self.postMessage(message);
}

/* The last line of an error: for a Python exception its type and message, never the traceback. */
function reason(err) {
  const text = String((err && err.message) || err || "ukendt fejl").trim();
  const lines = text.split("\n").filter((line) => line.trim());
  return lines.length ? lines[lines.length - 1].trim() : text;
}

async function start(files, info) {
  const started = performance.now();
  post({ type: "fremskridt", trin: 1, tekst: "Indlæser fortolkeren: henter Python til browseren (Pyodide " +
    info.pyodide + ", ca. 13 MB) …" });
  const module = await import(new URL("pyodide.mjs", files).href);
  const pyodide = await module.loadPyodide({ indexURL: files });
  post({ type: "fremskridt", trin: 2, tekst: "Indlæser fortolkeren: henter lovkode og reglerne …" });
  const buffers = await Promise.all(info.arkiver.map(async (archive) => {
    const response = await fetch(new URL(archive.fil, files));
    if (!response.ok) throw new Error(archive.fil + ": " + response.status);
    return response.arrayBuffer();
  }));
  info.arkiver.forEach((archive, i) => {
    const options = archive.format === "zip" ? { extractDir: "/lovkode-proev" } : {};
    pyodide.unpackArchive(new Uint8Array(buffers[i]), archive.format, options);
  });
  post({ type: "fremskridt", trin: 3, tekst: "Indlæser fortolkeren: læser reglerne …" });
  pyodide.runPython([
    "import os, sys",
    "os.environ['LOVKODE_CACHE_DIR'] = ''",
    "sys.path.insert(0, '/lovkode-proev')",
    "import lovkode, lovkode_proev",
    "proev = lovkode_proev.Proevning(lovkode.load('/lovkode-proev/spec'))",
  ].join("\n"));
  proev = pyodide.globals.get("proev");
  post({ type: "klar", ms: Math.round(performance.now() - started) });
}

/* Pyodide does not always reject when it fails: when its WebAssembly cannot be fetched or compiled,
 * Emscripten only logs the error and aborts inside a promise nobody awaits, so loadPyodide never
 * settles. Such a log line, or an error not caught while starting, ends the start with a message
 * instead of a silent hang. */
const FATAL = /instantiation failed|Aborted\(|HTTP status code is not ok|CompileError|LinkError/;
let fatal = null;
function failedStart(err) {
  if (!starting || proev || fatal) return;
  fatal = setTimeout(() => post({ type: "startfejl", tekst: reason(err) }), 100);  // the last line is the cause
}
for (const level of ["error", "warn"]) {
  const original = console[level].bind(console);
  console[level] = (...args) => {
    original(...args);
    const text = args.map(String).join(" ");
    if (FATAL.test(text)) {
      if (fatal) clearTimeout(fatal);
      fatal = null;
      failedStart(text);
    }
  };
}
self.addEventListener("unhandledrejection", (event) => failedStart(event.reason));
self.addEventListener("error", (event) => failedStart(event.error || event.message));

self.onmessage = (event) => {
  const message = event.data || {};
  if (message.type === "start") {
    if (starting) return;  // one interpreter per worker
    starting = start(message.filer, message.fortolker).catch((err) => {
      post({ type: "startfejl", tekst: reason(err) });
    });
  } else if (message.type === "svar") {
    if (!proev) {
      post({ type: "svarfejl", id: message.id, tekst: "Fortolkeren er ikke indlæst." });
      return;
    }
    try {
      post({ type: "svar", id: message.id, svar: proev.answer_json(message["spørgsmål"], message.sag) });
    } catch (err) {
      post({ type: "svarfejl", id: message.id, tekst: reason(err) });
    }
  }
};
