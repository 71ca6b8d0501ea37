// The drafting form, drawn from the house style's schema over a copy of the draft's data
// (the model). Every input writes into the model at its own path, and nothing else does: a
// field the user leaves alone keeps its value exactly as loaded. Lists are drawn again from
// the model after a move, an addition or a removal, so a field's path is always its place in
// the data (and the server's messages find it). The house style's own fields (`felder`) are
// drawn from its declarations (layout.stile[key].felder) by the same rules.
"use strict";

const Form = (() => {
  const PLACEHOLDER = /^\s*«([^»]*)»\s*$/;
  const YEAR = /\\d\{4\}/;  // a date pattern has a four-digit year
  let schema, layout, model, loaded, readonly, root, onChange;
  const memory = new Map();  // texts of unticked options, by field and option

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

  // An element with attributes (`text`: its text; false/null/undefined: left out).
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
    return layout.stile[key] ||
      {arten: [], abschnitte: [], gremien: [], ohne_beschluss: [], felder: []};
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
      return style().gremien.map(([g, shown]) => [g, shown]);  // „Name (kurz)“
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
    if (key === "felder") {  // the style declares fields, or the draft has some anyway
      return (style().felder || []).length > 0 || (isObject(value)
        ? Object.keys(value).length > 0 : value !== undefined && value !== null);
    }
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
    const required = resolve(node).required || [];
    for (const [prop, sub] of ordered(Object.entries(node.properties || {}), path)) {
      if (!visible(prop, path.concat(prop), value[prop])) continue;
      const part = build(prop, sub, path.concat(prop));
      if (required.includes(prop)) markRequired(part);
      (!path.length && layout.erweitert.includes(prop) ? advanced : box).append(part);
    }
    if (advanced.children.length > 1) box.append(advanced);
    if (path.length) box.append(el("div", {class: "meldung", role: "alert"}));
    return box;
  }

  // The house style's own fields follow the Betreff: most of them are printed in the header.
  function ordered(entries, path) {
    const own = entries.find(([k]) => k === "felder");
    const rest = entries.filter(([k]) => k !== "felder");
    const at = rest.findIndex(([k]) => k === "betreff");
    if (path.length || !own || at < 0) return entries;
    rest.splice(at + 1, 0, own);
    return rest;
  }

  function markRequired(part) {
    const label = part.querySelector(":scope > label, :scope > legend");
    // The mark is the stylesheet's (label.pflicht::after): a label's text stays its name.
    if (label) {
      label.classList.add("pflicht");
      label.title = "Pflichtangabe";
    }
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
    if (path.length === 1 && key === "anlagen" && window.Uploads) {  // upload, thumbnails
      window.Uploads.decorate({box, rows, path, readonly,
                               write: (list) => { set(path, list); redraw(); }});
    }
    return box;
  }

  // A row of the finance form the server computes (its formula in the schema): shown, never
  // typed and never stored; the PDF and `vorlage check` print and test the computed value.
  function computedField(key, node) {
    return el("div", {class: "feld berechnet"},
              el("label", {text: node.title || key}),
              el("output", {class: "berechnet", text: "wird berechnet: " +
                            String(node["x-berechnet"]).replace(/ - /g, " − ")}));
  }

  function build(key, node, path) {
    if (path.length === 1 && key === "felder") return declaredBox(path);
    if (resolve(node).readOnly) return computedField(key, resolve(node));
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

  // --- the house style's own fields (`felder`) ------------------------------------------
  // Drawn from the style's declarations, not from the schema: a choice shows its options'
  // labels and stores their keys ({wahl, text} where the option takes a text), a checkbox
  // group stores a list of those. A value that fits no declaration is shown as it is and kept
  // until the user removes it; a field emptied again goes back to what the draft had there
  // (nothing, an empty value, or its «placeholder»).
  const isPlaceholder = (v) => typeof v === "string" && PLACEHOLDER.test(v);
  const isScalar = (v) => typeof v === "string" || (typeof v === "number" && isFinite(v));
  const idOf = (path) => "f-" + name(path).replace(/[^A-Za-z0-9]/g, "-");
  const keyOf = (option) => option.schluessel;
  const optionOf = (decl, key) => decl.optionen.find((o) => o.schluessel === key) || null;
  const takesText = (decl, key) => !!(decl.text || (optionOf(decl, key) || {}).text);
  const shown = (v) => (typeof v === "string" ? v : JSON.stringify(v));

  function emptied(path) {
    const was = get(path, loaded);
    const hint = isPlaceholder(was) ||
      (Array.isArray(was) && was.length > 0 && was.every(isPlaceholder));
    return was === undefined || was === null || hint ? clone(was) : null;
  }

  // Writes a declared field; a `felder:` map the form made only for it goes again with it.
  function put(path, value) {
    if (value === undefined && get(path) === undefined) return;
    set(path, value);
    const parent = path.slice(0, -1);
    if (value === undefined && parent.length === 1 && isObject(get(parent)) &&
        !Object.keys(get(parent)).length && get(parent, loaded) === undefined) {
      delete model[parent[0]];
      onChange(parent);
    }
  }

  // A chosen option: its key and text, or null when the value is no choice at all.
  function choiceOf(value) {
    if (isScalar(value) || typeof value === "boolean") return {wahl: String(value), text: ""};
    if (isObject(value) && isScalar(value.wahl) &&
        Object.keys(value).every((k) => k === "wahl" || k === "text") &&
        (value.text === undefined || value.text === null || isScalar(value.text))) {
      return {wahl: String(value.wahl), text: value.text === undefined || value.text === null
        ? "" : String(value.text)};
    }
    return null;
  }

  function fits(decl, value) {
    if (value === undefined || value === null) return true;
    if (decl.typ === "janein") return isScalar(value) || typeof value === "boolean";
    if (decl.typ === "auswahl") return choiceOf(value) !== null;
    if (decl.typ === "ankreuzen") return Array.isArray(value) || choiceOf(value) !== null;
    return isScalar(value) || typeof value === "boolean";
  }

  function declaredBox(path) {
    const declared = style().felder || [];
    const value = get(path);
    const box = el("fieldset", {"data-path": name(path), "data-kind": "object",
                                class: "eigene-felder"},
                   el("legend", {text: "Eigene Angaben des Hausstils"}));
    const styleName = (layout.hausstile.find((s) => s.key === (
      typeof model.hausstil === "string" && layout.stile[model.hausstil]
        ? model.hausstil : layout.standard)) || {}).name;
    if (styleName && declared.length) {
      box.append(el("div", {class: "hilfe", text: `Angaben, die der Hausstil ${styleName} ` +
                                                  "zusätzlich vorsieht."}));
    }
    if (value !== undefined && value !== null && !isObject(value)) {
      // Not a map of fields: shown and kept; no field writes into it.
      box.append(oddField("Eigene Angaben", path, null));
    } else {
      const values = isObject(value) ? value : {};
      const known = new Set(declared.map(keyOf));
      for (const extra of Object.keys(values).filter((k) => !known.has(k))) {
        box.append(unknownField(extra, path.concat(extra)));
      }
      for (const decl of declared) box.append(declaredField(decl, path.concat(decl.schluessel)));
    }
    box.append(el("div", {class: "meldung", role: "alert"}));
    return box;
  }

  // The frame of a declared field: label (with the required mark), inputs, help, message.
  function frame(decl, path, forId, ...inputs) {
    const label = el("label", {for: forId, class: "beschriftung", text: decl.beschriftung});
    const field = el("div", {class: `feld eigen typ-${decl.typ}`, "data-feld": name(path)},
                     label, ...inputs, el("div", {class: "hilfe", text: decl.hilfe || ""}),
                     el("div", {class: "meldung", role: "alert"}));
    if (decl.pflicht) markRequired(field);
    return field;
  }

  function declaredField(decl, path) {
    const value = get(path);
    if (!fits(decl, value)) return oddField(decl.beschriftung, path, decl);
    const draw = {auswahl: choiceField, ankreuzen: boxesField, janein: yesNoField,
                  markdown: textField}[decl.typ] || textField;
    return draw(decl, path, value);
  }

  // A value of a shape the field does not take: shown as written, kept until removed.
  function oddField(label, path, decl) {
    // (The whole `felder:` entry leaves its name to the group around it.)
    const field = el("div", {class: "feld unbekannt", "data-feld": decl ? name(path) : null},
      el("label", {text: `${label} (Wert in unerwarteter Form)`}),
      el("output", {text: shown(get(path))}),
      el("div", {class: "hilfe", text: "Der Wert bleibt so gespeichert, bis Sie ihn entfernen."}),
      el("div", {class: "meldung", role: "alert"}));
    if (decl && decl.pflicht) markRequired(field);
    if (!readonly) {
      const remove = el("button", {type: "button", class: "klein", text: "Wert entfernen"});
      remove.addEventListener("click", () => {
        if (!decl) {  // the whole `felder:` entry
          set(path, undefined);
          Form.redraw();
          return;
        }
        const back = emptied(path);
        put(path, fits(decl, back) ? back : null);
        field.replaceWith(declaredField(decl, path));
      });
      field.append(remove);
    }
    return field;
  }

  function textField(decl, path, value) {
    const id = idOf(path);
    const text = value === undefined || value === null || isPlaceholder(value) ? "" : String(value);
    const write = (typed) => put(path, typed.trim() === "" ? emptied(path) : typed);
    if (decl.typ === "markdown" && window.RichText && !isPlaceholder(value)) {
      const input = el("div", {id, class: "formatiert"});
      const field = frame(decl, path, null, input);
      queueMicrotask(() => {  // the editor needs its place in the page before it starts
        window.RichText.create(input, {markdown: text, readonly, label: decl.beschriftung,
                                       height: "220px", onChange: write});
      });
      return field;
    }
    const long = decl.typ === "markdown" || text.includes("\n");
    const input = long ? el("textarea", {id, rows: 4}) : el("input", {id, type: "text"});
    input.value = text;
    input.placeholder = placeholderOf(value, decl.typ === "datum" ? "TT.MM.JJJJ" : "");
    if (decl.typ === "zahl" || decl.typ === "betrag") {
      input.classList.add("betrag");
      input.inputMode = "decimal";
    }
    input.disabled = readonly;
    input.addEventListener("input", () => write(input.value));
    return frame(decl, path, id, input);
  }

  function emptyChoice(decl, value) {
    const hint = placeholderOf(value, "");
    if (hint) return `– bitte wählen: ${hint} –`;
    if (decl.standard === true || decl.standard === "ja") return "– (Standard: ja)";
    if (decl.standard === false || decl.standard === "nein") return "– (Standard: nein)";
    const option = decl.standard !== undefined && decl.standard !== null &&
      optionOf(decl, String(decl.standard));
    return option ? `– (Standard: ${option.beschriftung})` : "–";
  }

  function yesNoField(decl, path, value) {
    const id = idOf(path);
    const input = select(id, [["ja", "ja"], ["nein", "nein"]], asYesNo(value) || value,
                         emptyChoice(decl, value));
    input.disabled = readonly;
    input.addEventListener("change", () => put(path, input.value || emptied(path)));
    return frame(decl, path, id, input);
  }

  function choiceField(decl, path, value) {
    const id = idOf(path);
    const chosen = value === undefined || value === null ? {wahl: "", text: ""} : choiceOf(value);
    const input = select(id, decl.optionen.map((o) => [o.schluessel, o.beschriftung]),
                         chosen.wahl, emptyChoice(decl, chosen.wahl));
    input.disabled = readonly;
    const parts = [input];
    let text = null, extra = null;
    if (decl.text || decl.optionen.some((o) => o.text) || chosen.text) {
      text = el("input", {id: id + "-text", type: "text"});
      text.value = chosen.text;
      extra = el("div", {class: "zusatz", "data-feld": name(path.concat("text"))},
                 el("label", {for: text.id, text: decl.text_beschriftung || "Text"}), text,
                 el("div", {class: "meldung", role: "alert"}));
      parts.push(extra);
    }
    // The text shows where the choice takes one, and wherever there is one (what is shown is
    // what is stored: a text at an option without one is the check's to point out).
    const update = () => {
      if (!text) return;
      extra.hidden = !takesText(decl, input.value) && !text.value;
      text.disabled = readonly || !input.value;
    };
    const write = () => {
      const key = input.value, typed = text ? text.value : "";
      if (!key) put(path, emptied(path));
      else put(path, typed.trim() ? {wahl: key, text: typed} : key);
    };
    input.addEventListener("change", () => { update(); write(); });
    if (text) text.addEventListener("input", write);
    update();
    return frame(decl, path, id, ...parts);
  }

  // Checkboxes: one per option, in the declaration's order; the stored list keeps the order
  // the entries were ticked in. Entries the form does not know (another key, a second tick of
  // one option, another shape) are listed after the options, ticked: unticking removes them.
  function boxesField(decl, path, value) {
    const id = idOf(path);
    const entries = Array.isArray(value) ? value
      : value === undefined || value === null ? [] : [value];
    const at = new Map(), others = [], hints = [];
    entries.forEach((entry, i) => {
      const chosen = choiceOf(entry);
      if (chosen && isPlaceholder(chosen.wahl)) hints.push(i);
      else if (chosen && optionOf(decl, chosen.wahl) && !at.has(chosen.wahl)) {
        at.set(chosen.wahl, {i, text: chosen.text});
      } else others.push({i, chosen, entry});
    });
    const group = el("div", {class: "ankreuzen", role: "group", "aria-labelledby": id + "-l"});
    const field = frame(decl, path, null, group);
    field.querySelector(":scope > .beschriftung").id = id + "-l";
    const redraw = (focus) => {
      const again = declaredField(decl, path);
      field.replaceWith(again);
      const target = focus && again.querySelector("#" + CSS.escape(focus));
      if (target) target.focus();
    };
    const toggle = (option, on, i, typed) => {
      const list = clone(entries);
      if (on) list.push(typed && takesText(decl, option) ? {wahl: option, text: typed} : option);
      else list.splice(i, 1);
      const kept = list.filter((e) => !(choiceOf(e) && isPlaceholder(choiceOf(e).wahl)));
      put(path, kept.length ? kept : emptied(path));
    };
    for (const i of hints) {  // a «placeholder» of a new draft: the first tick replaces it
      group.append(el("div", {class: "option platzhalter", "data-feld": name(path.concat(i))},
                      el("span", {class: "hilfe", text: "Noch nichts angekreuzt."}),
                      el("div", {class: "meldung", role: "alert"})));
    }
    for (const option of decl.optionen) {
      const key = option.schluessel, entry = at.get(key);
      const box = el("input", {id: `${id}-${key}`, type: "checkbox", value: key});
      box.checked = !!entry;
      box.disabled = readonly;
      const row = el("div", {class: "option",
                             "data-feld": entry ? name(path.concat(entry.i)) : null},
                     el("label", {}, box, el("span", {text: option.beschriftung})));
      let text = null;
      if (option.text || decl.text || (entry && entry.text)) {
        text = el("input", {id: `${id}-${key}-text`, type: "text",
                            "aria-label": `${decl.text_beschriftung || "Text"} zu „` +
                              `${option.beschriftung.replace(/:\s*$/, "")}“`});
        // An unticked option keeps its text for the next tick (while the page is open).
        text.value = entry ? entry.text : memory.get(`${name(path)}/${key}`) || "";
        text.disabled = readonly || !entry;
        text.addEventListener("input", () => {
          const typed = text.value;
          const stored = typed.trim() ? {wahl: key, text: typed} : key;
          if (Array.isArray(get(path))) put(path.concat(entry.i), stored);
          else put(path, [stored]);
        });
        row.append(text);
      }
      row.append(el("div", {class: "meldung", role: "alert"}));
      box.addEventListener("change", () => {
        if (text) memory.set(`${name(path)}/${key}`, text.value);
        toggle(key, box.checked, entry && entry.i, text ? text.value : "");
        redraw(box.checked && text ? text.id : box.id);
      });
      group.append(row);
    }
    for (const other of others) {
      const box = el("input", {id: `${id}-eintrag-${other.i + 1}`, type: "checkbox"});
      box.checked = true;
      box.disabled = readonly;
      const c = other.chosen, option = c && optionOf(decl, c.wahl);
      const said = c && `${option ? option.beschriftung : c.wahl}${c.text ? ": " + c.text : ""}`;
      const label = !c ? `${shown(other.entry)} (Wert in unerwarteter Form)`
        : option ? `${said} (doppelt)` : `${said} (nicht in der Liste)`;
      const row = el("div", {class: "option fremd", "data-feld": name(path.concat(other.i))},
                     el("label", {}, box, el("span", {text: label})),
                     el("div", {class: "meldung", role: "alert"}));
      box.addEventListener("change", () => {
        toggle(null, false, other.i);
        redraw(null);
      });
      group.append(row);
    }
    return field;
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
    el,  // shared with uploads.js, which draws into the same form
    start(options) {
      ({schema, layout, readonly, onChange} = options);
      root = options.root;
      model = clone(options.data) || {};
      loaded = clone(model);
      draw();
    },
    data: () => model,
    name,
    get,
    clone,
    replace(data) { model = clone(data) || {}; loaded = clone(model); draw(); },
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
