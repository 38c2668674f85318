/* "Prøv en sag": lovkode itself, run in the reader's browser with Pyodide.
 *
 * The form is built from formular.json (made from the spec's declarations at build time); at every
 * change the case goes to lovkode_proev.Proevning.answer_json inside Pyodide, and what comes back is
 * shown. Nothing is sent anywhere: the case lives in this page and in the address after "#".
 * Every text from the spec or the interpreter is set with textContent, never as markup.
 *
 * lovkode runs in a module worker (proev-worker.js), so the page stays responsive while Pyodide
 * starts and while a case is evaluated: the form can be filled in at once, and the answer appears when
 * the interpreter is ready. An error in the worker becomes a Danish message on the page.
 *
 * State for tests: document.body.dataset.lovkode is "henter" while loading, "klar" once the
 * interpreter has answered (and after every later answer), "fejl" or "utilgængelig" otherwise;
 * dataset.lovkodeRegner is "ja" while a change waits for its answer; dataset.lovkodeSvar counts the
 * answers shown (only the latest change's answer is shown); the answer's element has data-svar, the
 * contract's value ("true", "false", "null", a number, a date, a choice); the facts that still decide
 * the answer are the <li data-faktum> of .lovkode-proev-naeste, in the order the rules list them.
 */
(function () {
  "use strict";
  var root = document.getElementById("lovkode-proev");
  if (!root || root.dataset.startet) return;
  root.dataset.startet = "ja";
  var shared = (window.lovkodeProev = window.lovkodeProev || {});
  var body = document.body;
  var content = root.querySelector(".lovkode-proev-indhold");
  var started = performance.now();

  function el(tag, props) {
    var node = document.createElement(tag);
    Object.keys(props || {}).forEach(function (key) {
      var value = props[key];
      if (value === undefined || value === null || value === false) return;
      if (key === "text") node.textContent = value;
      else if (key === "class") node.className = value;
      else if (key.slice(0, 2) === "on") node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? "" : value);
    });
    for (var i = 2; i < arguments.length; i++) {
      var child = arguments[i];
      if (child === null || child === undefined) continue;
      node.append(child);
    }
    return node;
  }

  function say(text) {
    return el("p", { class: "lovkode-proev-besked", text: text });
  }

  function cliPointer() {
    var p = el("p", { class: "lovkode-proev-besked" }, "Du kan få de samme svar med kommandoen ",
      el("code", { text: "lovkode eval sag.json" }), "; se ",
      el("a", { href: root.dataset.vejledning, text: "For udviklere" }), ".");
    return p;
  }

  function setState(state) {
    body.dataset.lovkode = state;
  }

  function capital(text) {
    return text ? text.charAt(0).toUpperCase() + text.slice(1) : "";
  }

  if (root.dataset.fortolker === "nej") {
    setState("utilgængelig");
    return;
  }
  if (location.protocol === "file:") {
    content.append(say("Siden er åbnet direkte som en fil. Så tillader browseren ikke, at den henter " +
      "fortolkeren. Start en lille webserver i mappen med den byggede side, f.eks. med " +
      "»python3 -m http.server« i mappen site/, og åbn http://localhost:8000/ i browseren."), cliPointer());
    setState("utilgængelig");
    return;
  }
  if (typeof WebAssembly !== "object" || typeof WebAssembly.instantiate !== "function" ||
      typeof fetch !== "function" || typeof Promise !== "function") {
    content.append(say("Prøv en sag kræver WebAssembly, som denne browser ikke har, eller som er slået fra."),
      cliPointer());
    setState("utilgængelig");
    return;
  }

  var formURL = new URL(root.dataset.formular, location.href);
  var filesURL = new URL(root.dataset.filer, location.href);
  var form = null;
  var question = null;
  var facts = {};
  var ask = null;  // (question, case JSON) → answer JSON, once the interpreter is loaded
  var fields = {};  // fact → {box, set(value), why, error}
  var view = {};
  var answers = 0;
  var asked = 0;  // the number of the latest request to the interpreter

  /* ---- loading --------------------------------------------------------------------------------- */

  var status = el("div", { class: "lovkode-proev-status", role: "status" });
  var statusText = el("p", { text: "Indlæser fortolkeren …" });
  var bar = el("progress", { max: "4", value: "0", "aria-label": "Indlæsning af fortolkeren" });
  status.append(statusText, bar);
  content.append(status);
  setState("henter");

  function progress(step, text) {
    bar.value = step;
    statusText.textContent = text;
  }
  shared.fremskridt = progress;  // the worker's progress goes to the page shown now

  /* The interpreter lives in a module worker (proev-worker.js), started once per window: Material's
   * instant navigation keeps the window, so a second visit reuses it. Every answer is a message. */
  function loadInterpreter(info) {
    if (!shared.fortolker) {
      shared.fortolker = new Promise(function (resolve, reject) {
        var worker;
        try {
          worker = new Worker(new URL(root.dataset.worker, location.href), { type: "module" });
        } catch (err) {
          reject(new Error("browseren kan ikke starte en arbejdstråd: " + err.message));
          return;
        }
        var waiting = {};  // request id → {resolve, reject}
        var next = 0;
        var ready = false;
        var broken = null;
        function fail(text) {
          broken = text;
          Object.keys(waiting).forEach(function (id) { waiting[id].reject(new Error(text)); });
          waiting = {};
          if (!ready) reject(new Error(text));
          shared.fortolker = null;  // a later visit starts a new worker
          worker.terminate();
        }
        worker.onerror = function (event) {
          event.preventDefault();
          fail(event.message ? "fejl i arbejdstråden: " + event.message : "arbejdstråden kunne ikke indlæses");
        };
        worker.onmessageerror = function () { fail("et svar fra arbejdstråden kunne ikke læses"); };
        worker.onmessage = function (event) {
          var message = event.data;
          if (message.type === "fremskridt") {
            if (shared.fremskridt) shared.fremskridt(message.trin, message.tekst);
          } else if (message.type === "klar") {
            ready = true;
            resolve(function ask(name, caseText) {
              return new Promise(function (done, failed) {
                if (broken) {
                  failed(new Error(broken));
                  return;
                }
                var id = ++next;
                waiting[id] = { resolve: done, reject: failed };
                worker.postMessage({ type: "svar", id: id, "spørgsmål": name, sag: caseText });
              });
            });
          } else if (message.type === "startfejl") {
            fail(message.tekst);
          } else if (message.id in waiting) {
            var request = waiting[message.id];
            delete waiting[message.id];
            if (message.type === "svar") request.resolve(message.svar);
            else request.reject(new Error(message.tekst));
          }
        };
        shared.worker = worker;
        worker.postMessage({ type: "start", filer: filesURL.href, fortolker: info });
      });
    }
    return shared.fortolker;
  }

  async function start() {
    try {
      var response = await fetch(formURL);
      if (!response.ok) throw new Error(formURL + ": " + response.status);
      form = await response.json();
    } catch (err) {
      status.replaceWith(say("Formularen kunne ikke hentes (" + err.message + ")."), cliPointer());
      setState("fejl");
      return;
    }
    if (!form["spørgsmål"].length) {
      status.replaceWith(say("Specifikationen har ingen spørgsmål at prøve."));
      setState("utilgængelig");
      return;
    }
    readAddress();
    build();
    if (!form.fortolker) {
      status.replaceWith(say("Fortolkeren til browseren er ikke med i denne udgave af siden."), cliPointer());
      setState("utilgængelig");
      return;
    }
    progress(0, "Indlæser fortolkeren … Du kan allerede nu svare på spørgsmålene nedenfor; svaret kommer, " +
      "når fortolkeren er klar.");
    try {
      ask = await loadInterpreter(form.fortolker);
    } catch (err) {
      status.replaceWith(say("Fortolkeren kunne ikke startes i denne browser (" + err.message + ")."),
        cliPointer());
      setState("fejl");
      return;
    }
    window.addEventListener("hashchange", function follow() {
      if (!document.body.contains(root)) {  // the reader has moved on (instant navigation)
        window.removeEventListener("hashchange", follow);
        return;
      }
      facts = {};
      readAddress();
      document.getElementById("lovkode-proev-spoergsmaal").value = question;
      buildFields();
      update();
    });
    progress(4, "Klar.");
    status.hidden = true;
    body.dataset.lovkodeStart = String(Math.round(performance.now() - started));
    update();
  }

  /* ---- the address: question and case after "#", never sent ----------------------------------- */

  function readAddress() {
    var hash = location.hash.slice(1);
    var params = new URLSearchParams(hash.indexOf("=") >= 0 ? hash : "");
    var query = new URLSearchParams(location.search);
    var wanted = params.get("spørgsmål") || query.get("spørgsmål") ||
      (hash && hash.indexOf("=") < 0 ? decodeURIComponent(hash) : null);
    var known = choices().map(function (q) { return q.id; });
    question = known.indexOf(wanted) >= 0 ? wanted : known[0];
    var text = params.get("sag");
    if (text) {
      try {
        var parsed = JSON.parse(text);
        if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) facts = parsed;
      } catch (err) {
        facts = {};
      }
    }
  }

  function address() {
    var params = new URLSearchParams();
    params.set("spørgsmål", question);
    if (Object.keys(facts).length) params.set("sag", JSON.stringify(facts));
    return location.pathname + "#" + params.toString();
  }

  /* ---- the form -------------------------------------------------------------------------------- */

  /* The questions, then the other rules a reader can try (a form of format 1 has only questions). */
  function choices() {
    return form["spørgsmål"].concat(form.regler || []);
  }

  function questionInfo() {
    return choices().filter(function (q) { return q.id === question; })[0];
  }

  function build() {
    var chooser = el("select", { id: "lovkode-proev-spoergsmaal", onchange: function () {
      question = chooser.value;
      buildFields();
      update();
    } });
    function option(q) {
      return el("option", { value: q.id, text: capital(q.navn), selected: q.id === question });
    }
    if (form.regler && form.regler.length) {
      [["Spørgsmål", form["spørgsmål"]], ["Andre regler", form.regler]].forEach(function (group) {
        var holder = el("optgroup", { label: group[0] });
        group[1].forEach(function (q) { holder.append(option(q)); });
        chooser.append(holder);
      });
    } else {
      form["spørgsmål"].forEach(function (q) { chooser.append(option(q)); });
    }
    view.about = el("p", { class: "lovkode-proev-om" });
    view.answer = el("strong", { class: "lovkode-proev-svar", text: "venter på fortolkeren …" });
    view.silent = el("p", { class: "lovkode-proev-tavs", hidden: true });
    view.nextIntro = el("p");
    view.next = el("ol", { class: "lovkode-proev-naeste" });
    view.recommendations = el("ul", { class: "lovkode-proev-anbefalinger" });
    view.reasons = el("pre", { class: "lovkode-proev-begrundelse" });
    view.errors = el("div", { class: "lovkode-proev-fejl", role: "alert" });
    view.fields = el("div", { class: "lovkode-proev-fakta" });
    view.others = el("p", { class: "lovkode-proev-andre" });
    view.notice = el("p", { class: "lovkode-proev-notits", role: "status" });
    view.json = el("textarea", { id: "lovkode-proev-json", rows: "8", spellcheck: "false",
      "aria-label": "Sagen som JSON" });
    var file = el("input", { type: "file", accept: ".json,application/json", "aria-label": "Åbn en sag fra en fil",
      onchange: function () {
        if (!file.files.length) return;
        file.files[0].text().then(function (text) { view.json.value = text; load(text); });
      } });

    content.append(
      el("div", { class: "lovkode-proev-valg" },
        el("label", { for: "lovkode-proev-spoergsmaal", text: "Spørgsmål eller regel" }), chooser, view.about),
      el("section", { class: "lovkode-proev-resultat", "aria-live": "polite" },
        el("p", { class: "lovkode-proev-svarlinje" }, "Svar: ", view.answer),
        view.silent, view.errors,
        el("h2", { text: "Det afgør svaret nu" }), view.nextIntro, view.next,
        view.recommendations,
        el("details", { class: "lovkode-proev-begrundelse-boks" },
          el("summary", { text: "Begrundelse" }), view.reasons)),
      el("h2", { text: "Oplysninger i sagen" }),
      el("p", { text: "Alt, du ikke har svaret på, er »ved ikke«. Oplysningerne står i den rækkefølge, " +
        "reglerne nævner dem." }),
      view.fields, view.others,
      el("h2", { text: "Gem, del eller indlæs sagen" }),
      el("div", { class: "lovkode-proev-knapper" },
        el("button", { type: "button", class: "md-button", text: "Kopiér sagen som JSON", onclick: copyCase }),
        el("button", { type: "button", class: "md-button", text: "Kopiér link til sagen", onclick: copyLink }),
        el("button", { type: "button", class: "md-button", text: "Ryd sagen", onclick: function () {
          facts = {};
          fillFields();
          update();
        } })),
      view.notice,
      el("p", { text: "Sagen som JSON, som kommandoen lovkode eval og JSON-tjenesten læser den. Ret den her, " +
        "eller sæt en sag ind, og vælg »Indlæs«:" }),
      view.json,
      el("div", { class: "lovkode-proev-knapper" },
        el("button", { type: "button", class: "md-button", text: "Indlæs", onclick: function () {
          load(view.json.value);
        } }),
        el("label", { class: "lovkode-proev-fil" }, "eller åbn en fil: ", file)));
    buildFields();
  }

  function buildFields() {
    var info = questionInfo();
    view.about.textContent = (info.beskrivelse ? capital(info.beskrivelse) + ". " : "") +
      (info.hjemmel ? "Hjemmel: " + info.hjemmel + "." : "");
    view.fields.textContent = "";
    fields = {};
    info.fakta.forEach(function (fact, index) {
      fields[fact] = field(fact, form.fakta[fact], "lovkode-proev-f" + index);
      view.fields.append(fields[fact].box);
    });
    fillFields();
  }

  function field(fact, spec, id) {
    var box = el("div", { class: "lovkode-proev-faktum", "data-faktum": fact });
    var mark = el("span", { class: "lovkode-proev-mærke" });
    var name = "»" + spec.navn + "«";
    var description = spec.beskrivelse ? el("p", { class: "lovkode-proev-beskrivelse", id: id + "-om",
      text: capital(spec.beskrivelse) + (spec.hjemmel ? " (" + spec.hjemmel + ")" : "") }) : null;
    var why = el("p", { class: "lovkode-proev-hvorfor" });
    var error = el("p", { class: "lovkode-proev-feltfejl" });
    var set;
    if (spec.felt === "ja-nej") {
      var group = el("fieldset", { "aria-describedby": description ? id + "-om" : null },
        el("legend", {}, el("span", { class: "lovkode-proev-navn", text: name }), " ", mark),
        description || "");
      var radios = [["true", "ja"], ["false", "nej"], ["", "ved ikke"]].map(function (pair) {
        var radio = el("input", { type: "radio", name: id, value: pair[0], id: id + "-" + (pair[0] || "ukendt"),
          onchange: function () { change(fact, pair[0] === "" ? null : pair[0] === "true"); } });
        group.append(el("label", { class: "lovkode-proev-radio" }, radio, " " + pair[1]));
        return radio;
      });
      box.append(group);
      set = function (value) {
        var wanted = value === true ? "true" : value === false ? "false" : "";
        radios.forEach(function (radio) { radio.checked = radio.value === wanted; });
      };
    } else {
      var control;
      if (spec.felt === "valg") {
        control = el("select", { id: id, onchange: function () { change(fact, control.value || null); } },
          el("option", { value: "", text: "ved ikke" }));
        spec.valg.forEach(function (choice) { control.append(el("option", { value: choice, text: choice })); });
      } else if (spec.felt === "dato") {
        control = el("input", { type: "date", id: id, oninput: function () { change(fact, control.value || null); } });
      } else if (spec.felt === "tal") {
        control = el("input", { type: "number", id: id, step: "any", inputmode: "decimal", min: spec.min, max: spec.max,
          placeholder: "ved ikke", oninput: function () {
            if (control.validity.badInput) return;
            change(fact, control.value === "" ? null : Number(control.value));
          } });
      } else {
        control = el("input", { type: "text", id: id, placeholder: "ved ikke",
          oninput: function () { change(fact, control.value || null); } });
      }
      if (description) control.setAttribute("aria-describedby", id + "-om");
      var line = el("div", { class: "lovkode-proev-linje" }, control);
      if (spec.enhed) line.append(el("span", { class: "lovkode-proev-enhed", text: spec.enhed }));
      box.append(el("label", { for: id }, el("span", { class: "lovkode-proev-navn", text: name }), " ", mark),
        description || "", line);
      set = function (value) {
        control.value = value === null || value === undefined ? "" : String(value);
      };
    }
    box.append(why, error);
    return { box: box, set: set, mark: mark, why: why, error: error };
  }

  function fillFields() {
    Object.keys(fields).forEach(function (fact) {
      fields[fact].set(Object.prototype.hasOwnProperty.call(facts, fact) ? facts[fact] : null);
    });
    showOthers();
  }

  function showOthers() {
    var others = Object.keys(facts).filter(function (fact) { return !fields[fact] && facts[fact] !== null; });
    view.others.textContent = others.length ? "Sagen har også " + others.length + (others.length === 1 ?
      " oplysning, der ikke indgår i dette spørgsmål." : " oplysninger, der ikke indgår i dette spørgsmål.") : "";
  }

  function change(fact, value) {
    if (value === null) delete facts[fact];
    else facts[fact] = value;
    update();
  }

  /* ---- answers --------------------------------------------------------------------------------- */

  function update() {
    view.json.value = JSON.stringify(facts, null, 2);
    history.replaceState(history.state, "", address());
    if (!ask) return;
    var id = ++asked;
    body.dataset.lovkodeRegner = "ja";
    ask(question, JSON.stringify(facts)).then(function (text) {
      if (id !== asked) return;  // a newer change is on its way; only the latest answer is shown
      delete body.dataset.lovkodeRegner;
      show(JSON.parse(text));
      answers += 1;
      body.dataset.lovkodeSvar = String(answers);
      setState("klar");
    }, function (err) {
      if (id !== asked) return;
      delete body.dataset.lovkodeRegner;
      view.answer.removeAttribute("data-svar");
      view.answer.textContent = "ingen";
      view.errors.textContent = "Fortolkeren kunne ikke regne på sagen (" + err.message + "). Genindlæs siden, " +
        "og prøv igen.";
      setState("fejl");
    });
  }

  function show(result) {
    view.errors.textContent = "";
    Object.keys(fields).forEach(function (fact) { fields[fact].error.textContent = ""; });
    if (result.fejl) {
      view.answer.removeAttribute("data-svar");
      view.answer.textContent = "sagen har fejl";
      result.fejl.forEach(function (problem) {
        var name = problem.faktum && form.fakta[problem.faktum] ? "»" + form.fakta[problem.faktum].navn + "«" :
          problem.faktum;
        if (problem.faktum && fields[problem.faktum]) fields[problem.faktum].error.textContent = problem.tekst;
        view.errors.append(el("p", { text: (name ? name + ": " : "") + problem.tekst }));
      });
      return;
    }
    view.answer.setAttribute("data-svar", result.svar);
    view.answer.textContent = result.vist;
    view.silent.hidden = !result.kilderne_tavse;
    view.silent.textContent = result.kilderne_tavse ? "Kilderne er tavse for den dato, sagen gælder: lovkode " +
      "gætter ikke på et svar." : "";
    view.next.textContent = "";
    result["næste"].forEach(function (fact, index) {
      var spec = form.fakta[fact] || { navn: fact };
      view.next.append(el("li", { "data-faktum": fact },
        el("button", { type: "button", class: "lovkode-proev-hop", text: "»" + spec.navn + "«",
          onclick: function () { focusField(fact); } }),
        spec.beskrivelse ? " – " + spec.beskrivelse : ""));
      if (index === 0 && fields[fact]) fields[fact].box.dataset.foerst = "ja";
    });
    var open = Object.keys(result.fakta).filter(function (fact) {
      return result.fakta[fact].status === "kan ændre";
    }).length;
    view.nextIntro.textContent = result["næste"].length ?
      "Disse oplysninger kan stadig ændre svaret. Svar på dem i denne rækkefølge:" :
      open ? "Ingen oplysninger mangler for at afgøre svaret. Men reglerne ser på, om visse oplysninger er " +
        "givet, så " + open + (open === 1 ? " oplysning, der er mærket »kan ændre svaret«, kan" :
        " oplysninger, der er mærket »kan ændre svaret«, kan") + " stadig ændre det." :
      result.value === null ? "Ingen oplysninger, der mangler, kan gøre svaret kendt." :
      "Ingen oplysninger kan ændre svaret nu.";
    view.recommendations.textContent = "";
    (result.anbefalinger || []).forEach(function (r) {
      view.recommendations.append(el("li", { text: "Anbefaling: " + (r.tekst || r.navn) +
        (r.hjemmel ? " (" + r.hjemmel + ")" : "") }));
    });
    view.reasons.textContent = result.begrundelse;
    Object.keys(fields).forEach(function (fact) {
      var state = result.fakta[fact] || { status: "uden betydning" };
      var box = fields[fact].box;
      box.dataset.status = state.status;
      if (box.dataset.foerst && result["næste"][0] !== fact) delete box.dataset.foerst;
      fields[fact].mark.textContent = state.status === "afgør" ? "afgør svaret" :
        state.status === "brugt" ? "bruges i svaret" : state.status === "kan ændre" ? "kan ændre svaret" :
        "betyder ikke noget nu";
      fields[fact].why.textContent = state.hvorfor || "";
    });
    showOthers();
  }

  function focusField(fact) {
    var box = fields[fact] && fields[fact].box;
    if (!box) return;
    box.scrollIntoView({ block: "center" });
    var control = box.querySelector("input, select");
    if (control) control.focus({ preventScroll: true });
  }

  /* ---- copy, share, load ----------------------------------------------------------------------- */

  function notice(text) {
    view.notice.textContent = text;
  }

  function copyText(text, done) {
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(function () { notice(done); }, function () { fallback(text); });
    } else {
      fallback(text);
    }
  }

  function fallback(text) {
    view.json.value = text;
    view.json.focus();
    view.json.select();
    notice("Teksten er markeret i feltet nedenfor: kopiér den med Ctrl+C (⌘C på Mac).");
  }

  function copyCase() {
    copyText(JSON.stringify(facts, null, 2), "Sagen er kopieret som JSON.");
  }

  function copyLink() {
    copyText(new URL(address(), location.href).href, "Linket er kopieret. Sagen står i linket efter #, " +
      "som ikke sendes til nogen server.");
  }

  function load(text) {
    var parsed;
    try {
      parsed = JSON.parse(text);
    } catch (err) {
      notice("Teksten er ikke gyldig JSON: " + err.message);
      return;
    }
    if (parsed && typeof parsed === "object" && parsed.fakta && typeof parsed.fakta === "object" &&
        !form.fakta.fakta) {
      parsed = parsed.fakta;  // an example case file: {"navn", "fakta", "forventet"}
    }
    if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) {
      notice("En sag skal være et JSON-objekt med oplysningernes navne som nøgler.");
      return;
    }
    facts = {};
    Object.keys(parsed).forEach(function (key) { if (parsed[key] !== null) facts[key] = parsed[key]; });
    fillFields();
    notice("Sagen er indlæst: " + Object.keys(facts).length + " oplysninger.");
    update();
  }

  start();
})();
