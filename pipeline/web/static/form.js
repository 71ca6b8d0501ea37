// The drafting form, drawn from the house style's schema over a copy of the draft's data
// (the model). Every input writes into the model at its own path, and nothing else does: a
// field the user leaves alone keeps its value exactly as loaded. Lists are drawn again from
// the model after a move, an addition or a removal, so a field's path is always its place in
// the data (and the server's messages find it).
"use strict";

const Form = (() => {
  const PLACEHOLDER = /^\s*«([^»]*)»\s*$/;
  const YEAR = /\\d\{4\}/;  // a date pattern has a four-digit year
  let schema, layout, model, readonly, root, onChange;

  // --- the data -----------------------------------------------------------------------
  const clone = (value) => (value === undefined ? undefined : JSON.parse(JSON.stringify(value)));
  const isObject = (v) => v !== null && typeof v === "object" && !Array.isArray(v);

  function name(path) {
    return path.map((p, i) => (typeof p === "number" ? `[${p + 1}]` : (i ? "." : "") + p))
      .join("");
  }

  function get(path, data = model) {
    let node = data;
    for (const part of path) {
      if (node === null || typeof node !== "object") return undefined;
      node = node[part];
    }
    return node;
  }

  function set(path, value) {
    let node = model;
    path.slice(0, -1).forEach((part, i) => {
      const blank = typeof path[i + 1] === "number" ? [] : {};
      if (node[part] === null || typeof node[part] !== "object") node[part] = blank;
      node = node[part];
    });
    const last = path[path.length - 1];
    if (value === undefined && !Array.isArray(node)) delete node[last];
    else node[last] = value;
    onChange(path);
  }

  // --- the schema ---------------------------------------------------------------------
  function resolve(node) {
    while (node && node.$ref) node = schema.$defs[node.$ref.split("/").pop()];
    return node || {};
  }

  const isText = (o) => o.enum || o.type === "string" ||
    (Array.isArray(o.type) && o.type.includes("string"));
  const structured = (o) => !!(resolve(o).properties || resolve(o).type === "array");

  // One of: object, list, short (structured or a plain value), yesno, choice, text.
  function kind(node) {
    node = resolve(node);
    const options = (node.anyOf || []).filter((o) => o.type !== "null");
    if (options.some((o) => o.type === "boolean")) return {type: "yesno"};
    const shape = options.find(structured), plain = options.find(isText);
    if (shape && plain) return {type: "short", shape: resolve(shape), plain: resolve(plain)};
    if (options.length === 1) return kind(options[0]);
    if (node.properties) return {type: "object", node};
    if (node.type === "array") return {type: "list", item: node.items || {}};
    if (node.enum) return {type: "choice", values: node.enum};
    return {type: "text", date: !!node.pattern && YEAR.test(node.pattern)};
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

  function style() {
    const key = typeof model.hausstil === "string" && layout.stile[model.hausstil]
      ? model.hausstil : layout.standard;
    return layout.stile[key] || {arten: [], abschnitte: [], gremien: [], ohne_beschluss: []};
  }

  // --- single fields ------------------------------------------------------------------
  const asYesNo = (v) => (v === true || /^(ja|true|yes|wahr|öffentlich|oeffentlich)$/i.test(v)
    ? "ja" : v === false || /^(nein|false|no|falsch|nichtöffentlich|nichtoeffentlich)$/i.test(v)
      ? "nein" : "");

  function select(id, choices, value, empty) {
    const input = el("select", {id});
    input.append(el("option", {value: "", text: empty}));
    const listed = [...choices];
    const text = value === undefined || value === null ? "" : String(value);
    if (text && !PLACEHOLDER.test(text) && !listed.some(([v]) => v === text)) {
      listed.push([text, `${text} (nicht in der Liste)`]);
    }
    for (const [v, label] of listed) input.append(el("option", {value: v, text: label}));
    input.value = PLACEHOLDER.test(text) ? "" : text;
    return input;
  }

  function placeholderOf(value, fallback) {
    const match = typeof value === "string" && value.match(PLACEHOLDER);
    return match ? match[1] : fallback;
  }

  function choicesFor(key, path, info) {
    const parent = path.length > 1 ? path[path.length - 2] : null;
    if (path.length === 1 && key === "hausstil") {
      return layout.hausstile.map((s) => [s.key, s.name]);
    }
    if (path.length === 1 && key === "vorlagenart") return style().arten.map((a) => [a, a]);
    if (path.length === 1 && key === "amt" && layout.aemter.length) {
      return layout.aemter.map((a) => [a, a]);
    }
    if (key === "gremium" && style().gremien.length && typeof parent === "number") {
      return style().gremien.map((g) => [g, g]);
    }
    if (info.type === "choice") return info.values.map((v) => [v, v]);
    return null;
  }

  function emptyLabel(key, path, node, value) {
    const hint = placeholderOf(value, "");
    if (hint) return `– bitte wählen: ${hint} –`;
    if (path.length === 1 && key === "hausstil") {
      const standard = layout.hausstile.find((s) => s.key === layout.standard);
      return `– Standard des Projekts${standard ? ": " + standard.name : ""} –`;
    }
    if (node.default === true) return "– (Standard: ja)";
    if (node.default === false) return "– (Standard: nein)";
    return "–";
  }

  function scalar(key, path, node, info) {
    const value = get(path);
    const id = "f-" + name(path).replace(/[^A-Za-z0-9]/g, "-");
    const choices = info.type === "yesno" ? [["ja", "ja"], ["nein", "nein"]]
      : choicesFor(key, path, info);
    let input, editor = null;
    if (choices) {
      const shown = info.type === "yesno" && asYesNo(value) ? asYesNo(value) : value;
      input = select(id, choices, shown, emptyLabel(key, path, node, value));
      input.addEventListener("change", () => {
        set(path, input.value === "" ? undefined : input.value);
        if (path.length === 1 && key === "hausstil") Form.restyle();
        if (path.length === 1 && key === "vorlagenart") Form.redraw();
      });
    } else if (layout.formatiert.includes(key) && window.RichText && typeof (value ?? "") === "string") {
      input = el("div", {id, class: "formatiert"});
      editor = {key, path};
    } else {
      const long = layout.lang.includes(key) || (typeof value === "string" && value.includes("\n"));
      input = long ? el("textarea", {id, rows: 4}) : el("input", {id, type: "text"});
      const hint = placeholderOf(value, info.date ? "TT.MM.JJJJ" : "");
      input.placeholder = hint;
      input.value = PLACEHOLDER.test(value ?? "") || value === null || value === undefined
        ? "" : String(value);
      if (/in Euro/.test(node.description || "") || key === "betrag") input.classList.add("betrag");
      input.addEventListener("input", () => set(path, input.value));
    }
    input.disabled = readonly;
    const field = el("div", {class: "feld", "data-feld": name(path)},
      el("label", {for: id, text: node.title || key}), input,
      el("div", {class: "hilfe", text: node.description || ""}),
      el("div", {class: "meldung", role: "alert"}));
    if (editor) {
      // The editor needs its place in the page before it starts.
      queueMicrotask(() => {
        window.RichText.create(input, {
          markdown: value || "", readonly, label: node.title || key,
          onChange: (text) => set(path, text)});
      });
    }
    return field;
  }

  // --- sections and lists -------------------------------------------------------------
  function visible(key, path, value) {
    if (path.length !== 1) return true;
    if (value !== undefined && value !== null && value !== "") return true;  // never hide data
    if (key === "beschlussvorschlag" && style().ohne_beschluss.includes(model.vorlagenart)) {
      return false;
    }
    return !layout.abschnitte_alle.includes(key) || style().abschnitte.includes(key);
  }

  function objectBox(key, node, path, outer) {
    const box = el("fieldset", {"data-path": name(path), "data-kind": "object"});
    if (key) box.append(el("legend", {text: (outer && outer.title) || node.title || key}));
    if (!path.length) box.append(el("div", {class: "meldung allgemein", role: "alert"}));
    let value = get(path);
    if (!isObject(value)) value = {};
    // Fields the schema does not know come first, where they are seen.
    const unknown = Object.keys(value).filter((k) => !(k in (node.properties || {})));
    for (const extra of unknown) box.append(unknownField(extra, path.concat(extra)));
    const advanced = el("details", {class: "erweitert"}, el("summary", {text: "Weitere Angaben"}));
    for (const [prop, sub] of Object.entries(node.properties || {})) {
      if (!visible(prop, path.concat(prop), value[prop])) continue;
      const part = build(prop, sub, path.concat(prop));
      (!path.length && layout.erweitert.includes(prop) ? advanced : box).append(part);
    }
    if (advanced.children.length > 1) box.append(advanced);
    if (path.length) box.append(el("div", {class: "meldung", role: "alert"}));
    return box;
  }

  // A field the schema does not know (a typo, or a field of another house style): shown with
  // its value and kept, until the user removes it.
  function unknownField(key, path) {
    const value = get(path);
    const text = typeof value === "string" ? value : JSON.stringify(value);
    const field = el("div", {class: "feld unbekannt", "data-feld": name(path)},
      el("label", {text: `${key} (unbekanntes Feld)`}), el("output", {text}),
      el("div", {class: "meldung", role: "alert"}));
    if (!readonly) {
      const remove = el("button", {type: "button", class: "klein", text: "Feld entfernen"});
      remove.addEventListener("click", () => { set(path, undefined); Form.redraw(); });
      field.append(remove);
    }
    return field;
  }

  function listBox(key, item, path, node) {
    const box = el("fieldset", {"data-path": name(path), "data-kind": "list", class: "liste-feld"});
    box.append(el("legend", {text: node.title || key}));
    if (node.description) box.append(el("div", {class: "hilfe", text: node.description}));
    const rows = el("div", {class: "eintraege"});
    box.append(rows, el("div", {class: "meldung", role: "alert"}));
    const values = Array.isArray(get(path)) ? get(path) : [];
    const redraw = () => box.replaceWith(listBox(key, item, path, node));
    values.forEach((_, i) => {
      const row = el("div", {class: "eintrag"}, build("", item, path.concat(i)));
      if (!readonly) {
        const tools = el("div", {class: "werkzeuge"});
        for (const [label, move, title] of [["↑", -1, "nach oben"], ["↓", 1, "nach unten"],
                                            ["entfernen", 0, "Eintrag entfernen"]]) {
          const button = el("button", {type: "button", class: "klein", text: label, title});
          button.addEventListener("click", () => {
            const list = clone(get(path));
            if (move === 0) list.splice(i, 1);
            else if (i + move >= 0 && i + move < list.length) {
              [list[i], list[i + move]] = [list[i + move], list[i]];
            } else return;
            set(path, list);
            redraw();
          });
          tools.append(button);
        }
        row.append(tools);
      }
      rows.append(row);
    });
    if (!readonly) {
      const more = el("button", {type: "button", class: "klein", text: "+ Eintrag"});
      more.addEventListener("click", () => {
        const target = resolve(item), info = kind(item);
        const blank = target.properties ? {} : info.type === "list" ? [] : "";
        set(path, [...values, blank]);
        redraw();
      });
      box.append(more);
    }
    return box;
  }

  function build(key, node, path) {
    const info = kind(node), resolved = resolve(node), value = get(path);
    if (info.type === "object") return objectBox(key, info.node, path, resolved);
    if (info.type === "list") return listBox(key, info.item, path, resolved);
    if (info.type === "short") {
      const shape = info.shape;
      if (value !== null && typeof value === "object") {
        return shape.properties ? objectBox(key, shape, path, resolved)
          : listBox(key, shape.items || {}, path, resolved);
      }
      const field = scalar(key, path, {...info.plain, title: resolved.title,
                                       description: resolved.description},
                           kind(info.plain));
      if (!readonly) {
        const expand = el("button", {type: "button", class: "klein",
                                     text: shape.properties ? "als Abschnitt ausfüllen"
                                       : "als Liste ausfüllen"});
        expand.addEventListener("click", () => {
          const text = typeof value === "string" && !PLACEHOLDER.test(value) ? value : "";
          // A text carries over into the section's text field; a word like „keine“ does not.
          const carries = text && !info.plain.enum && "text" in (shape.properties || {});
          set(path, !shape.properties ? [] : carries ? {text} : {});
          field.replaceWith(build(key, node, path));
        });
        field.append(expand);
      }
      return field;
    }
    return scalar(key, path, resolved, info);
  }

  // --- messages -----------------------------------------------------------------------
  // The field of a problem, else the nearest enclosing field or section, else the form.
  function target(field) {
    let path = field || "";
    while (path) {
      const found = root.querySelector(
        `[data-feld="${CSS.escape(path)}"], [data-path="${CSS.escape(path)}"]`);
      if (found) return found;
      const parent = path.replace(/(\.[^.[\]]+|\[\d+\])$/, "");
      path = parent === path ? "" : parent;
    }
    return root.firstChild;
  }

  function labelOf(box) {
    const label = box.querySelector(":scope > label, :scope > legend");
    return label ? label.textContent : "";
  }

  function show(problems, list) {
    list.replaceChildren();
    root.querySelectorAll(".meldung").forEach((m) => {
      m.textContent = "";
      m.classList.remove("warnung");
    });
    root.querySelectorAll(".hat-fehler").forEach((f) => f.classList.remove("hat-fehler"));
    for (const p of problems) {
      const box = target(p.feld);
      const own = (box.dataset.feld || box.dataset.path) === p.feld;
      const text = own || !p.feld ? p.meldung : `${p.feld.split(/[.[]/).pop().replace("]", "")}: ${p.meldung}`;
      const spot = box.querySelector(":scope > .meldung") || box.querySelector(".meldung");
      if (spot) {
        // A warning alone reads as one; once an error is there, the spot is an error's.
        if (!spot.textContent && p.art !== "error") spot.classList.add("warnung");
        if (p.art === "error") spot.classList.remove("warnung");
        spot.textContent = (spot.textContent ? spot.textContent + " · " : "") + text;
      }
      if (p.art === "error") box.classList.add("hat-fehler");
      const folded = box.closest("details");
      if (folded && p.art === "error") folded.open = true;
      const where = labelOf(box);
      list.append(el("li", {class: p.art, text: where && own ? `${where}: ${p.meldung}` : text}));
    }
    if (!problems.length) list.append(el("li", {class: "ok", text: "Keine Fehler."}));
  }

  // --- the whole form -----------------------------------------------------------------
  function draw() {
    const focused = document.activeElement && document.activeElement.closest &&
      document.activeElement.closest("[data-feld]");
    const again = focused && focused.dataset.feld;
    root.replaceChildren(objectBox("", schema, [], schema));
    if (again) {
      const input = root.querySelector(`[data-feld="${CSS.escape(again)}"] input, ` +
                                       `[data-feld="${CSS.escape(again)}"] textarea`);
      if (input) input.focus();
    }
  }

  return {
    start(options) {
      ({schema, layout, readonly, onChange} = options);
      root = options.root;
      model = clone(options.data) || {};
      draw();
    },
    data: () => model,
    name,
    get,
    clone,
    replace(data) { model = clone(data) || {}; draw(); },
    redraw: draw,
    async restyle() {
      const key = typeof model.hausstil === "string" ? model.hausstil : layout.standard;
      const answer = await fetch("/schema.json?hausstil=" + encodeURIComponent(key),
                                 {credentials: "same-origin"});
      if (answer.ok) schema = await answer.json();
      draw();
    },
    show,
  };
})();
