// The Anlagen list of the form, beyond what form.js draws for any list: a drop zone (or a
// file choice) that uploads files one by one and adds each accepted one as an Anlage, a
// thumbnail of each Anlage's first page, and rows that can be dragged into a new order.
// form.js calls Uploads.decorate each time it draws the list; an upload changes only the
// form, and the draft is written when the user saves, as every other edit.
"use strict";

window.Uploads = (() => {
  const MB = 1024 * 1024;
  const ACCEPT = ".pdf,.docx,.odt,.xlsx,.ods,.jpg,.jpeg,.png";
  const refused = [];  // messages of the last upload: kept when the list is drawn again
  let busy = "", writeList = null;  // writes the list the form shows now

  const formRoot = () => document.getElementById("formular");
  const draftUrl = () => formRoot().dataset.name.split("/").map(encodeURIComponent).join("/");
  const megabytes = (bytes) => (bytes / MB).toFixed(1).replace(".", ",") + " MB";

  const el = (...args) => Form.el(...args);  // form.js's, loaded before this file

  // One file: the server's Anlage, or the reason it was refused (said of the file).
  async function send(file) {
    const limit = Number(formRoot().dataset.anlageMb || 0) * MB;
    if (limit && file.size > limit) {  // not sent at all; the server refuses it the same way
      return {fehler: `${file.name} ist ${megabytes(file.size)} groß; ` +
                      formRoot().dataset.anlageGrenze};
    }
    let response;
    try {
      response = await fetch(`/api/anlagen/${draftUrl()}?datei=${encodeURIComponent(file.name)}`, {
        method: "POST", credentials: "same-origin", body: file,
        headers: {"Content-Type": "application/octet-stream",
                  "X-CSRF-Token": document.querySelector("meta[name=csrf]").content}});
    } catch (error) {
      return {fehler: `${file.name}: Server nicht erreichbar`};
    }
    const body = await response.json().catch(() => ({}));
    if (response.ok && body.anlage) return body;
    return {fehler: (body.fehler || [`${file.name}: Fehler ${response.status}`]).join("; ")};
  }

  async function upload(files, path, redraw) {
    refused.length = 0;
    const added = [];
    for (const [i, file] of [...files].entries()) {
      busy = `Lädt hoch (${i + 1} von ${files.length}): ${file.name} …`;
      redraw();
      const answer = await send(file);
      if (answer.fehler) refused.push(answer.fehler);
      else added.push(answer.anlage);
    }
    busy = "";
    const list = Array.isArray(Form.get(path)) ? Form.clone(Form.get(path)) : [];
    if (added.length) writeList([...list, ...added]);
    else redraw();
  }

  function zone(box, path) {
    const input = el("input", {type: "file", multiple: true, accept: ACCEPT,
                               class: "unsichtbar", "aria-label": "Dateien auswählen"});
    const drop = el("div", {class: "ablage", "data-ablage": ""},
      el("p", {}, "Dateien hierher ziehen oder ",
         el("button", {type: "button", class: "klein", text: "auswählen …"}), input),
      el("p", {class: "hilfe", text: "PDF, DOCX, ODT, XLSX, ODS, JPG oder PNG; " +
                                     (formRoot().dataset.anlageGrenze || "") + ". Die Anlage " +
                                     "steht im Entwurf, sobald Sie speichern."}),
      el("p", {class: "hochladen-status", "aria-live": "polite", text: busy}),
      el("ul", {class: "hochladen-fehler", role: "alert"},
         ...refused.map((text) => el("li", {text}))));
    // The box is replaced when the list is drawn again: look it up anew each time.
    const redraw = () => {
      const current = formRoot().querySelector(`fieldset[data-path="${path[0]}"] .ablage`);
      if (!current) return;
      current.querySelector(".hochladen-status").textContent = busy;
      current.querySelector(".hochladen-fehler").replaceChildren(
        ...refused.map((text) => el("li", {text})));
    };
    drop.querySelector("button").addEventListener("click", () => input.click());
    input.addEventListener("change", () => {
      if (input.files.length) upload([...input.files], path, redraw);
    });
    drop.addEventListener("dragover", (event) => {
      if (![...event.dataTransfer.types].includes("Files")) return;
      event.preventDefault();
      drop.classList.add("darueber");
    });
    drop.addEventListener("dragleave", () => drop.classList.remove("darueber"));
    drop.addEventListener("drop", (event) => {
      if (!event.dataTransfer.files.length) return;
      event.preventDefault();
      drop.classList.remove("darueber");
      upload([...event.dataTransfer.files], path, redraw);
    });
    box.insertBefore(drop, box.querySelector(":scope > .eintraege"));
  }

  function thumbnail(row, datei) {
    if (typeof datei !== "string" || !datei.trim()) return;
    const image = el("img", {class: "vorschaubild", alt: "Erste Seite der Anlage",
                             width: 80,
                             src: `/entwurf/${draftUrl()}/vorschaubild?datei=` +
                                  encodeURIComponent(datei)});
    image.addEventListener("error", () => image.replaceWith(
      el("span", {class: "vorschaubild leer", text: "kein Vorschaubild"})));
    row.prepend(image);
  }

  // Drag a row by its handle onto another: it takes that place, the others move up or down.
  function draggable(row, i, path, write) {
    const handle = el("span", {class: "greifer", draggable: "true", title: "ziehen zum Umordnen",
                               text: "⇅"});
    handle.addEventListener("dragstart", (event) => {
      event.dataTransfer.setData("application/x-anlage", String(i));
      event.dataTransfer.effectAllowed = "move";
    });
    row.addEventListener("dragover", (event) => {
      if ([...event.dataTransfer.types].includes("application/x-anlage")) event.preventDefault();
    });
    row.addEventListener("drop", (event) => {
      if (![...event.dataTransfer.types].includes("application/x-anlage")) return;
      const from = Number(event.dataTransfer.getData("application/x-anlage"));
      event.preventDefault();
      const list = Form.clone(Form.get(path));
      if (!Array.isArray(list) || !(from in list) || from === i) return;
      list.splice(i, 0, ...list.splice(from, 1));
      write(list);
    });
    const tools = row.querySelector(":scope > .werkzeuge");
    if (tools) tools.prepend(handle);
  }

  function decorate({box, rows, path, readonly, write}) {
    writeList = write;
    [...rows.children].forEach((row, i) => {
      thumbnail(row, Form.get(path.concat(i, "datei")));
      if (!readonly) draggable(row, i, path, write);
    });
    if (!readonly) zone(box, path);
  }

  return {decorate};
})();
