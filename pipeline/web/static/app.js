// The draft form: generated from the draft's JSON Schema, filled with the draft's data,
// checked on the server as the user types (the same messages as `vorlage check`), saved back
// into the YAML by the server (which writes only what changed), previewed as a real PDF.
"use strict";

const csrf = document.querySelector("meta[name=csrf]").content;
const form = document.getElementById("formular");
const schema = JSON.parse(document.getElementById("schema").textContent);
const original = JSON.parse(document.getElementById("daten").textContent) || {};
const readonly = form.dataset.readonly === "1";
const MARKDOWN = new Set(["begruendung", "zusammenfassung", "erlaeuterung", "text"]);

function resolve(node) {
  while (node && node.$ref) node = schema.$defs[node.$ref.split("/").pop()];
  return node || {};
}

// A property schema as one of: object, list, choice, yesno, text (with hints).
function kind(node) {
  node = resolve(node);
  const options = (node.anyOf || []).filter((o) => o.type !== "null");
  const objectOption = options.map(resolve).find((o) => o.properties);
  const textOption = options.find((o) => o.type === "string" || o.enum);
  if (objectOption && textOption) return {type: "short", object: objectOption, text: textOption};
  if (options.some((o) => o.type === "boolean")) return {type: "yesno"};
  if (options.length === 1) return kind(options[0]);
  if (node.properties) return {type: "object", node};
  if (node.type === "array") return {type: "list", item: node.items || {}};
  if (node.enum) return {type: "choice", values: node.enum};
  return {type: "text", date: !!node.pattern && node.pattern.includes("\\d{4}")};
}

function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "text") e.textContent = v;
    else if (v !== undefined && v !== null && v !== false) e.setAttribute(k, v === true ? "" : v);
  }
  children.forEach((c) => c && e.append(c));
  return e;
}

const isAmount = (key, node) => key === "betrag" || /in Euro/.test(node.description || "");

function germanAmount(text) {
  const value = String(text).trim();
  if (!/^-?\d+([.,]\d+)?$/.test(value)) return value;
  const number = Number(value.replace(",", "."));
  return number.toLocaleString("de-DE", {minimumFractionDigits: 2, maximumFractionDigits: 2});
}

function scalarInput(key, path, node, value, info) {
  const label = node.title || key;
  const id = "f-" + path.replace(/[^A-Za-z0-9]/g, "-");
  let input;
  if (info.type === "yesno") {
    input = el("select", {id});
    const standard = node.default === true ? "ja" : node.default === false ? "nein" : "";
    for (const v of ["", "ja", "nein"]) {
      input.append(el("option", {value: v, text: v || (standard ? `– (Standard: ${standard})`
                                                                : "–")}));
    }
    input.value = value === true ? "ja" : value === false ? "nein" : (value ?? "");
    input.dataset.original = JSON.stringify(value ?? null);
  } else if (info.type === "choice") {
    input = el("select", {id});
    input.append(el("option", {value: "", text: "–"}));
    for (const v of info.values) input.append(el("option", {value: v, text: v}));
    input.value = value ?? "";
  } else if (MARKDOWN.has(key) || (typeof value === "string" && value.includes("\n"))) {
    input = el("textarea", {id, rows: key === "begruendung" ? 16 : 4});
    input.value = value ?? "";
  } else {
    input = el("input", {id, type: "text", placeholder: info.date ? "TT.MM.JJJJ" : ""});
    input.value = value ?? "";
    if (isAmount(key, node)) {
      input.classList.add("betrag");
      input.addEventListener("change", () => { input.value = germanAmount(input.value); });
    }
  }
  input.dataset.path = path;
  input.dataset.key = key;
  input.disabled = readonly;
  const field = el("div", {class: "feld", "data-feld": path},
    el("label", {for: id, text: label}), input,
    el("div", {class: "hilfe", text: node.description || ""}),
    el("div", {class: "meldung", role: "alert"}));
  if (MARKDOWN.has(key) && input.tagName === "TEXTAREA") {
    const preview = el("div", {class: "markdown-ansicht", hidden: true});
    const toggle = el("button", {type: "button", class: "klein", text: "Ansicht"});
    toggle.addEventListener("click", async () => {
      if (!preview.hidden) { preview.hidden = true; return; }
      const answer = await post("/api/markdown", {text: input.value});
      preview.innerHTML = (await answer.json()).html;  // rendered by the server, HTML escaped
      preview.hidden = false;
    });
    field.append(toggle, preview);
  }
  return field;
}

function build(key, node, value, path) {
  const info = kind(node);
  const resolved = resolve(node);
  if (info.type === "object") return objectBox(key, info.node, value || {}, path, resolved);
  if (info.type === "list") return listBox(key, info.item, Array.isArray(value) ? value : [],
                                           path, resolved);
  if (info.type === "short") {
    if (value !== null && typeof value === "object")
      return objectBox(key, info.object, value, path, resolved);
    const field = scalarInput(key, path, resolved, value, {type: "text"});
    field.dataset.short = "1";
    if (!readonly && info.object.properties) {
      const expand = el("button", {type: "button", class: "klein", text: "als Abschnitt"});
      expand.addEventListener("click", () => {
        const first = Object.keys(info.object.properties)[0];
        const text = field.querySelector("input,textarea").value;
        const seed = text && info.text.type === "string" ? {[first === "einleitung" ? "text" :
                                                             first]: text} : {};
        field.replaceWith(objectBox(key, info.object, seed, path, resolved));
        changed();
      });
      field.append(expand);
    }
    return field;
  }
  return scalarInput(key, path, resolved, value, info);
}

function objectBox(key, node, value, path, outer) {
  const box = el("fieldset", {"data-path": path, "data-kind": "object"});
  if (key) box.append(el("legend", {text: (outer && outer.title) || node.title || key}));
  const seen = new Set();
  for (const [name, prop] of Object.entries(node.properties || {})) {
    seen.add(name);
    box.append(build(name, prop, value[name], path ? `${path}.${name}` : name));
  }
  box.dataset.extra = JSON.stringify(Object.fromEntries(
    Object.entries(value).filter(([k]) => !seen.has(k))));
  // The whole form's box takes what has no field of its own (an unknown top-level key, a
  // YAML error): at its top, where it is seen first, not below the last section.
  if (path) box.append(el("div", {class: "meldung", role: "alert"}));
  else box.prepend(el("div", {class: "meldung allgemein", role: "alert"}));
  return box;
}

function listBox(key, item, values, path, node) {
  const box = el("fieldset", {"data-path": path, "data-kind": "list", class: "liste-feld"});
  box.append(el("legend", {text: node.title || key}));
  const items = el("div", {class: "eintraege"});
  box.append(items, el("div", {class: "meldung", role: "alert"}));
  const add = (value) => {
    const index = items.children.length + 1;
    const row = el("div", {class: "eintrag"});
    row.append(build("", item, value, `${path}[${index}]`));
    if (!readonly) {
      const tools = el("div", {class: "werkzeuge"});
      for (const [label, action] of [["↑", -1], ["↓", 1], ["entfernen", 0]]) {
        const button = el("button", {type: "button", class: "klein", text: label});
        button.addEventListener("click", () => {
          if (action === 0) row.remove();
          else if (action < 0 && row.previousElementSibling) row.previousElementSibling.before(row);
          else if (action > 0 && row.nextElementSibling) row.nextElementSibling.after(row);
          renumber(box);
          changed();
        });
        tools.append(button);
      }
      row.append(tools);
    }
    items.append(row);
  };
  values.forEach(add);
  if (!readonly) {
    const more = el("button", {type: "button", class: "klein", text: "+ Eintrag"});
    more.addEventListener("click", () => {
      const blank = resolve(item).properties ? {} : "";
      add(blank);
      renumber(box);
      changed();
    });
    box.append(more);
  }
  return box;
}

// After moving or removing list entries, every path below the list is written anew.
function renumber(list) {
  const base = list.dataset.path;
  [...list.querySelector(".eintraege").children].forEach((row, i) => {
    const prefix = `${base}[${i + 1}]`;
    row.querySelectorAll("[data-path],[data-feld]").forEach((e) => {
      for (const attr of ["data-path", "data-feld"]) {
        const v = e.getAttribute(attr);
        if (v && v.startsWith(base + "[")) {
          e.setAttribute(attr, prefix + v.slice(v.indexOf("]") + 1));
        }
      }
    });
  });
}

// --- collecting the form back into data ------------------------------------------------
function collect(node) {
  if (node.dataset.kind === "object") {
    const out = JSON.parse(node.dataset.extra || "{}");
    for (const child of node.children) {
      const key = childKey(child, node.dataset.path);
      if (key !== null) out[key] = collectChild(child);
    }
    return out;
  }
  if (node.dataset.kind === "list") {
    return [...node.querySelector(".eintraege").children].map((row) => collectChild(row.firstChild));
  }
  return null;
}

function childKey(child, base) {
  const path = child.dataset.path || child.dataset.feld;
  if (!path) return null;
  const rest = base ? path.slice(base.length + 1) : path;
  return rest.includes(".") || rest.includes("[") ? null : rest;
}

function collectChild(child) {
  if (child.dataset.kind) return collect(child);
  const input = child.querySelector("input,select,textarea");
  if (!input) return null;
  if (input.tagName === "SELECT" && input.dataset.original !== undefined) {
    const original = JSON.parse(input.dataset.original);
    if (input.value === "") return null;
    if (typeof original === "boolean") return input.value === "ja";
    return input.value;
  }
  return input.value === "" ? null : input.value;
}

function data() {
  return collect(form.firstChild);
}

// --- talking to the server --------------------------------------------------------------
function post(url, body) {
  return fetch(url, {method: "POST", headers: {"Content-Type": "application/json",
                                               "X-CSRF-Token": csrf},
                     body: JSON.stringify(body), credentials: "same-origin"});
}

// The field of a problem's path, else of the nearest enclosing path that has one
// ("finanzen.haushalt.x" -> "finanzen.haushalt" -> "finanzen"), else the whole form. Each
// step drops the last `.key` or `[n]`; a path that cannot be shortened ends the search.
function closestBox(path) {
  while (path) {
    const found = form.querySelector(
      `[data-feld="${CSS.escape(path)}"], [data-path="${CSS.escape(path)}"]`);
    if (found) return found;
    const parent = path.replace(/(\.[^.[\]]+|\[\d+\])$/, "");
    path = parent === path ? "" : parent;
  }
  return form.firstChild;
}

function show(problems) {
  const list = document.getElementById("probleme");
  list.replaceChildren();
  document.querySelectorAll(".meldung").forEach((m) => { m.textContent = ""; });
  document.querySelectorAll(".hat-fehler").forEach((f) => f.classList.remove("hat-fehler"));
  for (const p of problems) {
    list.append(el("li", {class: p.art, text: p.text}));
    const target = closestBox(p.feld || "");
    const box = target.querySelector(":scope > .meldung") || target.querySelector(".meldung");
    // Shown at an enclosing box, a message names its field: "betref: unbekanntes Feld".
    const own = (target.dataset.feld || target.dataset.path) === p.feld;
    const text = own || !p.feld ? p.meldung : `${p.feld}: ${p.meldung}`;
    if (box) box.textContent = (box.textContent ? box.textContent + " · " : "") + text;
    if (p.art === "error") target.classList.add("hat-fehler");
  }
  if (!problems.length) list.append(el("li", {class: "ok", text: "Keine Fehler."}));
}

let timer = null;
function changed() {
  document.getElementById("status").textContent = "geändert, nicht gespeichert";
  clearTimeout(timer);
  timer = setTimeout(check, 400);
}

async function check() {
  const answer = await post("/api/pruefen", {name: form.dataset.name, data: data()});
  if (answer.ok) show((await answer.json()).probleme);
}

async function save(confirmed = false) {
  const answer = await post("/api/speichern", {name: form.dataset.name, data: data(),
                                               bestaetigt: confirmed});
  const status = document.getElementById("status");
  if (answer.status === 409) {
    // The change lies inside what a Stelle signed: say what it resets, save only if wanted.
    const body = await answer.json();
    if (window.confirm(body.warnung.join("\n") + "\n\nTrotzdem speichern?")) return save(true);
    status.textContent = "nicht gespeichert";
  } else if (answer.ok) {
    const body = await answer.json();
    show(body.probleme);
    status.textContent = ["gespeichert", ...(body.zurueckgesetzt || [])].join("; ");
  } else {
    const body = await answer.json().catch(() => ({fehler: [String(answer.status)]}));
    status.textContent = "nicht gespeichert: " + (body.fehler || []).join("; ");
  }
}

async function preview() {
  const status = document.getElementById("status");
  status.textContent = "Vorschau wird gebaut …";
  const started = performance.now();
  const answer = await post("/api/vorschau", {name: form.dataset.name, data: data()});
  if (!answer.ok) {
    const body = await answer.json().catch(() => ({fehler: [String(answer.status)]}));
    status.textContent = "Vorschau nicht möglich: " + (body.fehler || []).join("; ");
    return;
  }
  const url = URL.createObjectURL(await answer.blob());
  document.getElementById("pdf").src = url;
  document.getElementById("pdf").dataset.blob = url;
  status.textContent = `Vorschau in ${Math.round(performance.now() - started)} ms`;
}

form.append(objectBox("", schema, original, "", schema));
form.addEventListener("input", changed);
form.addEventListener("change", changed);
show(JSON.parse(document.getElementById("anfangsprobleme").textContent));
document.getElementById("vorschau").addEventListener("click", preview);
const saveButton = document.getElementById("speichern");
if (saveButton) saveButton.addEventListener("click", save);
