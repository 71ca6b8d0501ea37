// The editor page's conversation with the server: the check while typing, saving (with the
// version the form was opened on, so a save never overwrites someone else's), the live
// preview, and who else has the draft open. The form itself is form.js.
"use strict";

const csrf = document.querySelector("meta[name=csrf]").content;
const formRoot = document.getElementById("formular");
const draftName = formRoot.dataset.name;
const readonly = formRoot.dataset.readonly === "1";
const page = Math.random().toString(36).slice(2) + Date.now().toString(36);
const statusLine = document.getElementById("status");
const PREVIEW_PAUSE = 1500, CHECK_PAUSE = 400, PRESENCE_EVERY = 15000;

let basis = JSON.parse(document.getElementById("daten").textContent) || {};
let stand = formRoot.dataset.stand;
let saved = JSON.stringify(basis);  // the data as last saved (or loaded)

const json = (value) => JSON.stringify(value);
const unsaved = () => json(Form.data()) !== saved;

function post(url, body, signal) {
  return fetch(url, {method: "POST", signal, credentials: "same-origin",
                     headers: {"Content-Type": "application/json", "X-CSRF-Token": csrf},
                     body: JSON.stringify({name: draftName, ...body})});
}

async function answerOf(response) {
  return response.json().catch(() => ({fehler: [`Fehler ${response.status}`]}));
}

// --- changes between two versions of the data (as the server computes them) ------------
function changes(old, now, path = []) {
  const object = (v) => v !== null && typeof v === "object" && !Array.isArray(v);
  if (object(old) && object(now)) {
    const keys = [...Object.keys(old), ...Object.keys(now).filter((k) => !(k in old))];
    return keys.flatMap((k) => (!(k in now) ? [{path: [...path, k], gone: true}]
      : !(k in old) ? [{path: [...path, k], value: now[k]}]
        : changes(old[k], now[k], [...path, k])));
  }
  if (Array.isArray(old) && Array.isArray(now) && old.length === now.length) {
    return old.flatMap((v, i) => changes(v, now[i], [...path, i]));
  }
  return json(old) === json(now) ? [] : [{path, value: now}];
}

function patched(data, todo) {
  const out = Form.clone(data) || {};
  for (const change of todo) {
    if (change.path.length === 0) return Form.clone(change.value);
    let node = out;
    change.path.slice(0, -1).forEach((part, i) => {
      if (node[part] === null || typeof node[part] !== "object") {
        node[part] = typeof change.path[i + 1] === "number" ? [] : {};
      }
      node = node[part];
    });
    const last = change.path[change.path.length - 1];
    if (change.gone && !Array.isArray(node)) delete node[last];
    else node[last] = Form.clone(change.value);
  }
  return out;
}

// --- check and preview while typing ------------------------------------------------------
let checkTimer = null, previewTimer = null, checkNumber = 0, previewNumber = 0;
let previewRunning = null;

function changed() {
  statusLine.textContent = unsaved() ? "geändert, nicht gespeichert" : "gespeichert";
  clearTimeout(checkTimer);
  checkTimer = setTimeout(check, CHECK_PAUSE);
  clearTimeout(previewTimer);
  previewTimer = setTimeout(preview, PREVIEW_PAUSE);  // the preview follows a pause in typing
}

async function check() {
  const number = ++checkNumber;
  const response = await post("/api/pruefen", {data: Form.data()});
  if (response.ok && number === checkNumber) show((await response.json()).probleme);
}

function show(problems) {
  Form.show(problems, document.getElementById("probleme"));
}

async function preview() {
  const number = ++previewNumber;
  if (previewRunning) previewRunning.abort();  // the older one is stale
  previewRunning = new AbortController();
  const view = document.getElementById("vorschau-status");
  view.textContent = "Vorschau wird aktualisiert …";
  let response;
  try {
    response = await post("/api/vorschau", {data: Form.data(), seite: page, nr: number},
                          previewRunning.signal);
  } catch (error) {
    if (error.name !== "AbortError") view.textContent = "Vorschau nicht erreichbar";
    return;
  }
  if (number !== previewNumber || response.status === 409) return;  // overtaken
  if (!response.ok) {
    const body = await answerOf(response);
    if (body.probleme) show(body.probleme);
    view.textContent = "Vorschau nicht möglich: " + (body.probleme || []).map(
      (p) => p.meldung).concat(body.fehler || []).join("; ");
    return;
  }
  const frame = document.getElementById("pdf");
  if (frame.dataset.blob) URL.revokeObjectURL(frame.dataset.blob);
  const url = URL.createObjectURL(await response.blob());
  frame.src = url;
  frame.dataset.blob = url;
  const took = response.headers.get("X-Bauzeit-ms");
  view.textContent = `Vorschau aktuell${took ? ` (${took} ms)` : ""}`;
}

// --- saving ----------------------------------------------------------------------------
function showConflict(body, retry) {
  const panel = document.getElementById("konflikt");
  const rows = body.konflikt.map((c) => {
    const row = document.createElement("tr");
    for (const text of [c.feld, c.ihre, c.gespeichert]) {
      const cell = document.createElement("td");
      cell.textContent = text;
      row.append(cell);
    }
    return row;
  });
  panel.querySelector("tbody").replaceChildren(...rows);
  panel.querySelector(".von").textContent = body.von ? ` von ${body.von}` : "";
  panel.hidden = false;
  panel.querySelector(".meine").onclick = () => { panel.hidden = true; retry(body.stand); };
  panel.querySelector(".ihre").onclick = () => {
    // Take the saved version of the contested fields, keep my other changes.
    const contested = new Set(body.konflikt.map((c) => c.feld));
    const mine = changes(basis, Form.data()).filter((c) => !contested.has(Form.name(c.path)));
    basis = body.daten;
    stand = body.stand;
    saved = json(basis);
    Form.replace(patched(body.daten, mine));
    panel.hidden = true;
    changed();
  };
}

async function save(options = {}) {
  const sent = Form.clone(Form.data());
  const response = await post("/api/speichern", {
    data: sent, basis, stand,
    bestaetigt: options.bestaetigt === true, ueberschreiben: options.ueberschreiben});
  const body = await answerOf(response);
  if (response.status === 409 && body.warnung) {
    // The change lies inside what a Stelle signed: say what it resets, save only if wanted.
    if (window.confirm(body.warnung.join("\n") + "\n\nTrotzdem speichern?")) {
      return save({...options, bestaetigt: true});
    }
    statusLine.textContent = "nicht gespeichert";
    return;
  }
  if (response.status === 409 && body.konflikt) {
    statusLine.textContent = "nicht gespeichert: inzwischen geändert (siehe unten)";
    showConflict(body, (seen) => save({...options, ueberschreiben: seen}));
    return;
  }
  if (!response.ok) {
    statusLine.textContent = "nicht gespeichert: " + (body.fehler || []).join("; ");
    return;
  }
  const typedMeanwhile = changes(sent, Form.data());
  basis = body.daten;
  stand = body.stand;
  saved = json(sent);
  if (body.zusammengefuehrt) {
    // Someone else's save came in between: show their fields, keep what I typed since.
    saved = json(body.daten);
    Form.replace(patched(body.daten, typedMeanwhile));
  }
  show(body.probleme);
  const errors = body.probleme.filter((p) => p.art === "error").length;
  statusLine.textContent = [
    "gespeichert", body.zusammengefuehrt ? "mit den Änderungen von anderen zusammengeführt" : "",
    errors ? `${errors} Fehler noch offen` : "", ...(body.zurueckgesetzt || [])]
    .filter(Boolean).join("; ");
  if (unsaved()) statusLine.textContent += "; neuere Eingaben noch nicht gespeichert";
}

// --- who else is here ------------------------------------------------------------------
async function present(leaving = false) {
  const response = await fetch("/api/anwesend", {
    method: "POST", credentials: "same-origin", keepalive: leaving,
    headers: {"Content-Type": "application/json", "X-CSRF-Token": csrf},
    body: JSON.stringify({name: draftName, data: {}, seite: page, weg: leaving})})
    .catch(() => null);
  if (leaving || !response || !response.ok) return;
  const body = await response.json();
  const others = document.getElementById("andere");
  others.textContent = body.andere.length ? "Ebenfalls geöffnet: " + body.andere.join(", ") : "";
  const notice = document.getElementById("geaendert");
  notice.textContent = body.stand !== stand
    ? `Inzwischen${body.von ? " von " + body.von : ""} gespeichert. Beim Speichern werden ` +
      "Ihre Änderungen mit den anderen zusammengeführt." : "";
}

// --- start -----------------------------------------------------------------------------
Form.start({root: formRoot, data: basis, readonly, onChange: changed,
            schema: JSON.parse(document.getElementById("schema").textContent),
            layout: JSON.parse(document.getElementById("layout").textContent)});
show(JSON.parse(document.getElementById("anfangsprobleme").textContent));
document.getElementById("vorschau").addEventListener("click", preview);
const saveButton = document.getElementById("speichern");
if (saveButton) saveButton.addEventListener("click", () => save());
window.addEventListener("beforeunload", (event) => {
  if (!readonly && unsaved()) {
    event.preventDefault();
    event.returnValue = "";  // the browser asks before unsaved edits are left behind
  }
});
window.addEventListener("pagehide", () => present(true));
present();
setInterval(present, PRESENCE_EVERY);
