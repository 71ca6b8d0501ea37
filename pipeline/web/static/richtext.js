// A Word-like editor for the long Markdown fields (Begründung), built on the vendored
// Toast UI Editor (static/vendor/toastui-editor/, see VENDOR.md there). Load that folder's
// toastui-editor.css, toastui-editor-all.min.js and de-de.js before this file.
//
//   const field = RichText.create(container, {markdown, readonly, label, onChange});
//   field.getMarkdown(); field.setMarkdown(text); field.focus(); field.destroy();
//
// What it adds to Toast UI:
// - A paragraph in the WYSIWYG view is a Markdown paragraph. (Toast UI shows each source
//   line as a paragraph and writes Enter as a soft line break, which the PDF joins with a
//   space.) Lines of one source paragraph are shown joined.
// - getMarkdown() gives back every block the user did not change byte for byte as loaded;
//   Toast UI would rewrite escapes, list markers and indentation throughout.
// - Footnotes as markdown-it writes them, `[^1]` and `[^1]: Text`, unescaped; a toolbar
//   button adds the next one.
// - Lists pasted from Word become lists; pasted images are dropped.
"use strict";

(function () {
  const DEFINITION = /^\[\^[^\]\s]+\]:/;
  const LIST_START = /^(?:[-+*]|\d{1,9}[.)])(?:[ \t]|$)/;

  // --- Toast UI's escapes -----------------------------------------------------------
  // Toast UI's writer escapes footnote syntax (`\[^1\]`) and, in any text that looks like
  // Markdown somewhere (a `|`, a `[^1][^2]`, a definition line), every . , ( ) + ! { } # -
  // too. markdown-it needs none of these in the middle of a line; keep the one that would
  // start a list, heading or quote, and leave code alone.
  const LOOSE = ".,()+!{}#-";
  // A table's column widths (see "Tabellen" in the README), as Toast UI escapes it when
  // it is typed into the WYSIWYG view rather than loaded.
  const WIDTHS = /^\\<!--\s*breiten?\b.*-->\s*$/i;
  const HEAD = /^\s*(?:>\s*)*(?:(?:[-+*]|\d{1,9}[.)])\s+)?(?:\[\^[^\]\s]+\]:\s*)?/;

  function tidy(markdown) {
    const label = (escaped) => escaped.replace(/\\(.)/g, "$1");
    let fenced = false;
    return markdown
      .replace(/\\\[\^((?:\\.|[^\]\\\s])+)\\\]/g, (all, name) => "[^" + label(name) + "]")
      .split("\n").map((line) => {
        if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
        if (fenced || line.includes("`")) return line;
        if (line === "<br>") return "";  // Toast UI's empty paragraphs
        if (WIDTHS.test(line)) return line.slice(1);  // typed in the view: `\<!-- breiten: …`
        const head = HEAD.exec(line)[0];
        const rest = line.slice(head.length);
        const guard = /^(?:\d+\\[.)]|\\[-+#>])/.test(rest) ? rest.indexOf("\\") : -1;
        return head + rest.replace(/\\(.)/g, (pair, char, at) =>
          (LOOSE.includes(char) && at !== guard ? char : pair));
      }).join("\n");
  }

  // --- footnotes -----------------------------------------------------------------------
  function nextFootnote(markdown) {
    let most = 0;
    for (const found of markdown.matchAll(/\[\^(\d+)\]/g)) most = Math.max(most, Number(found[1]));
    return most + 1;
  }

  // --- keeping unchanged blocks byte for byte -------------------------------------------
  // A text as blocks (paragraphs, headings, tables, whole lists with their nested and
  // loose parts) and the blank lines between them.
  function blocks(text) {
    const lead = /^(?:[ \t]*\n)*/.exec(text)[0];
    const trail = /\s*$/.exec(text.slice(lead.length))[0];
    const body = text.slice(lead.length, text.length - trail.length);
    // An HTML comment line (`<!-- breiten: … -->` right above its table) is a block of
    // its own to Toast UI, which writes a blank line after it: here too, joined by "\n".
    const parts = !body ? [] : body.split(/(\n[ \t]*\n(?:[ \t]*\n)*)/).flatMap((part, i) => {
      const comment = i % 2 ? null : /^(<!--.*-->)\n(?=\S)/.exec(part);
      return comment ? [comment[1], "\n", part.slice(comment[0].length)] : [part];
    });
    const units = [], seps = [];
    for (let i = 0; i < parts.length; i += 2) {
      const last = units.length - 1;
      if (last >= 0 && (/^\s/.test(parts[i])
          || (LIST_START.test(parts[i]) && LIST_START.test(units[last])))) {
        units[last] += parts[i - 1] + parts[i];
      } else {
        if (last >= 0) seps.push(parts[i - 1]);
        units.push(parts[i]);
      }
    }
    return {units, seps, lead, trail};
  }

  // Index pairs (i, j) of a longest common subsequence of a and b under `same`.
  function pairs(a, b, same) {
    const table = a.map(() => new Uint32Array(b.length + 1));
    table.push(new Uint32Array(b.length + 1));
    for (let i = a.length - 1; i >= 0; i--) {
      for (let j = b.length - 1; j >= 0; j--) {
        table[i][j] = same(a[i], b[j]) ? table[i + 1][j + 1] + 1
          : Math.max(table[i + 1][j], table[i][j + 1]);
      }
    }
    const out = [];
    for (let i = 0, j = 0; i < a.length && j < b.length;) {
      if (same(a[i], b[j])) out.push([i++, j++]);
      else if (table[i + 1][j] >= table[i][j + 1]) i++;
      else j++;
    }
    return out;
  }

  const words = (text) => text.replace(/[^\p{L}\p{N}]+/gu, "");

  // `now` with each block that is unchanged since loading taken from the loaded text.
  // `loaded` is the text as given, `normal` the editor's Markdown right after loading it.
  function keep(loaded, normal, now) {
    if (now === normal) return loaded;
    const o = blocks(loaded), n = blocks(normal), c = blocks(now);
    if (!c.units.length) return "";
    const origin = new Map();  // block of `normal` -> the loaded block with the same words
    pairs(n.units, o.units, (x, y) => words(x) === words(y))
      .forEach(([i, k]) => origin.set(i, k));
    const from = new Map();  // block of `now` -> loaded block
    pairs(n.units, c.units, (x, y) => x === y).forEach(([i, j]) => {
      if (origin.has(i)) from.set(j, origin.get(i));
    });
    let out = from.get(0) === 0 ? o.lead : c.lead;
    c.units.forEach((unit, j) => {
      const k = from.get(j);
      const prev = from.get(j - 1);  // a kept comment line stays on the block after it
      if (j > 0) {
        out += prev !== undefined && (prev === k - 1 || o.seps[prev] === "\n")
          ? o.seps[prev] : c.seps[j - 1];
      }
      out += k !== undefined ? o.units[k] : unit;
    });
    return out + (o.units.length ? o.trail : c.trail);
  }

  // --- paste from Word -------------------------------------------------------------------
  // Word writes list items as paragraphs (`<p style="mso-list:l0 level1 lfo1">` with the
  // bullet in a `mso-list:Ignore` span); Toast UI only knows the class MsoListParagraph
  // and takes a "·" bullet for a number. Make them <ul>/<ol>; drop images (file: paths).
  function cleanPastedHTML(html) {
    const doc = new DOMParser().parseFromString(html, "text/html");
    doc.querySelectorAll("img, v\\:imagedata, v\\:shape").forEach((el) => el.remove());
    const style = (el) => el.getAttribute("style") || "";
    const isItem = (el) => el && el.nodeType === 1 && /mso-list:\s*l\d+\s+level\d+/i.test(style(el));
    const next = (el) => {  // the next element sibling, across whitespace and comments
      let node = el.nextSibling;
      while (node && node.nodeType !== 1 && !(node.nodeType === 3 && node.textContent.trim())) {
        node = node.nextSibling;
      }
      return node;
    };
    doc.body.querySelectorAll("*").forEach((first) => {
      if (!first.isConnected || !isItem(first)) return;
      let prev = first.previousSibling;
      while (prev && prev.nodeType !== 1 && !(prev.nodeType === 3 && prev.textContent.trim())) {
        prev = prev.previousSibling;
      }
      if (isItem(prev)) return;  // not the first of its run
      const run = [first];
      for (let el = next(first); isItem(el); el = next(el)) run.push(el);
      const stack = [];  // the open lists, stack[0] at level 1
      run.forEach((para) => {
        const level = Number(/level(\d+)/i.exec(style(para))[1]);
        const ignore = para.querySelector("[style*='mso-list:Ignore' i], [style*='mso-list: Ignore' i]");
        const marker = ignore ? ignore.textContent.replace(/\s+/g, "") : "";
        if (ignore) ignore.remove();
        const number = /^\(?(\d+|[a-zA-Z]|[ivxlcdmIVXLCDM]+)[.)]/.exec(marker);
        while (stack.length > level) stack.pop();
        while (stack.length < level) {
          const list = doc.createElement(number ? "ol" : "ul");
          if (number && /^\d+$/.test(number[1]) && number[1] !== "1") list.setAttribute("start", number[1]);
          if (!stack.length) first.before(list);
          else {
            const outer = stack[stack.length - 1];
            (outer.lastElementChild || outer.appendChild(doc.createElement("li"))).appendChild(list);
          }
          stack.push(list);
        }
        const item = doc.createElement("li");
        item.innerHTML = para.innerHTML;
        stack[level - 1].appendChild(item);
        para.remove();
      });
    });
    return doc.body.innerHTML;
  }

  // Paste listener (capture phase): Toast UI's own handler gets a copy of the event with the
  // cleaned HTML, as the clipboard of a real paste cannot be changed.
  function onPaste(event) {
    const data = event.clipboardData;
    const html = data && data.getData("text/html");
    if (event.richTextCleaned || !html || !/mso-list|<img/i.test(html)) return;
    event.preventDefault();
    event.stopImmediatePropagation();
    const copy = new DataTransfer();
    copy.setData("text/html", cleanPastedHTML(html));
    copy.setData("text/plain", data.getData("text/plain"));
    const again = new ClipboardEvent("paste", {clipboardData: copy, bubbles: true, cancelable: true});
    again.richTextCleaned = true;
    event.target.dispatchEvent(again);
  }

  // --- paragraphs --------------------------------------------------------------------
  // Toast UI's model: a source line is a paragraph, a blank line an empty paragraph. Ours:
  // a paragraph is a paragraph. `joined` turns the first into the second, `separated`
  // the second back into the first for Toast UI's Markdown writer.
  function joined(doc, schema, Fragment) {
    const out = [];
    let glued = false;  // the last paragraph came right before this one (a soft break)
    doc.forEach((node) => {
      const paragraph = node.type === schema.nodes.paragraph;
      const last = out[out.length - 1];
      if (paragraph && !node.childCount) { glued = false; return; }
      if (paragraph && glued && !DEFINITION.test(node.textContent)) {
        out[out.length - 1] = last.copy(last.content.append(Fragment.from(schema.text(" ")))
          .append(node.content));
      } else {
        out.push(node);
      }
      glued = paragraph;
    });
    return out.length ? out : [schema.nodes.paragraph.create()];
  }

  function separated(doc, schema) {
    const out = [];
    doc.forEach((node) => {
      const paragraph = node.type === schema.nodes.paragraph;
      if (paragraph && !node.textContent.trim()) return;  // also Word's "&nbsp;" lines
      const last = out[out.length - 1];
      const definitions = DEFINITION.test(node.textContent) && last && DEFINITION.test(last.textContent);
      if (paragraph && last && last.type === schema.nodes.paragraph && !definitions) {
        out.push(schema.nodes.paragraph.create());  // a blank line; none between definitions
      }
      out.push(node);
    });
    return doc.copy(doc.content.constructor.from(out));
  }

  // --- the editor ----------------------------------------------------------------------
  let styled = false;
  function addStyle() {  // space between paragraphs now that no empty ones separate them
    if (styled) return;
    styled = true;
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(".richtext .toastui-editor-ww-container .toastui-editor-contents.ProseMirror > p"
      + " { margin: 0 0 0.8em; }"
      + " .richtext .richtext-footnote { background-image: none; width: auto; padding: 0 6px;"
      + " font-size: 13px; color: #555; }"
      // Toast UI hides this with a style attribute, which the app's CSP (style-src 'self') drops.
      + " .richtext:not(.richtext-markdown) .toastui-editor-md-tab-container { display: none; }");
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
  }

  function label(root, text) {
    if (!text) return;
    root.querySelectorAll("[contenteditable], .toastui-editor-contents").forEach((el) => {
      el.setAttribute("aria-label", text);
      if (el.isContentEditable) {
        el.setAttribute("role", "textbox");
        el.setAttribute("aria-multiline", "true");
      }
    });
  }

  function create(container, options) {
    const opts = options || {};
    const Editor = window.toastui && window.toastui.Editor;
    if (!Editor) throw new Error("RichText: toastui-editor-all.min.js is not loaded");
    let loaded = opts.markdown || "";
    addStyle();
    container.classList.add("richtext");

    if (opts.readonly) {
      const viewer = Editor.factory({el: container, viewer: true, initialValue: loaded,
        usageStatistics: false});
      label(container, opts.label);
      return {
        getMarkdown: () => loaded,
        setMarkdown(text) { loaded = text || ""; viewer.setMarkdown(loaded); },
        focus() {},
        destroy() {
          if (!container.firstChild) return;  // done already
          viewer.destroy();
          container.innerHTML = "";
          container.classList.remove("richtext");
        },
        editor: viewer,
      };
    }

    let normal = "", reported = loaded, muted = true, view = null, pm = null;
    let editor = null;

    // The Markdown of the WYSIWYG view (through Toast UI's writer, an internal of 3.2.2).
    function wysiwygMarkdown() {
      const doc = separated(view.state.doc, view.state.schema);
      return tidy(editor.convertor.toMarkdownText(doc));
    }
    const current = () => (editor.isMarkdownMode() ? editor.getMarkdown() : wysiwygMarkdown());

    function join() {  // after Toast UI filled the WYSIWYG view from Markdown
      if (editor.isMarkdownMode()) return;
      const {state} = view;
      const nodes = joined(state.doc, state.schema, pm.Fragment);
      view.dispatch(state.tr.replaceWith(0, state.doc.content.size, nodes).setMeta("addToHistory", false));
    }

    function load(text) {
      muted = true;
      loaded = text || "";
      editor.setMarkdown(loaded, false);
      join();
      normal = current();
      reported = loaded;
      muted = false;
    }

    const field = {
      getMarkdown: () => keep(loaded, normal, current()),
      setMarkdown: load,
      focus() { editor.focus(); },
      destroy() {
        if (!container.contains(editor.getEditorElements().wwEditor)) return;  // done already
        container.removeEventListener("paste", onPaste, true);
        editor.destroy();
        container.innerHTML = "";
        container.classList.remove("richtext", "richtext-markdown");
      },
    };

    // The reference at the cursor, its definition line at the end, the cursor after it.
    function footnote(markdownMode) {
      return function (payload, state, dispatch) {
        const number = nextFootnote(field.getMarkdown());
        const ref = "[^" + number + "]";
        if (markdownMode) {
          editor.insertText(ref);
          const lines = editor.getMarkdown().split("\n");
          const last = lines[lines.length - 1];
          const end = [lines.length, last.length + 1];
          const gap = !last.trim() ? "" : DEFINITION.test(last) ? "\n" : "\n\n";
          editor.replaceSelection(gap + ref + ": ", end, end);
        } else {
          const tr = state.tr.insertText(ref);
          dispatch(tr.insert(tr.doc.content.size,
            state.schema.nodes.paragraph.create(null, state.schema.text(ref + ": "))));
        }
        editor.moveCursorToEnd(true);
        return true;
      };
    }

    editor = new Editor({
      el: container,
      initialValue: "",
      initialEditType: "wysiwyg",
      previewStyle: "tab",
      language: "de-DE",
      height: opts.height || "480px",
      autofocus: false,
      usageStatistics: false,  // else it reports the host name to an analytics service
      toolbarItems: [["heading", "bold", "italic"], ["ul", "ol", "table"], [{
        name: "footnote", tooltip: "Fußnote", command: "footnote", text: "ab¹",
        className: "toastui-editor-toolbar-icons richtext-footnote"}]],
      customMarkdownRenderer: {  // a fresh object each time: Toast UI empties it
        bulletList(node, context) { return Object.assign(context.origin(), {delim: "-"}); },
      },
      plugins: [(context) => {
        pm = context.pmModel;
        return {wysiwygPlugins: [() => new context.pmState.Plugin({
          view(editorView) { view = editorView; return {}; }})]};
      }],
      hooks: {addImageBlobHook() {}},  // no pasted or dropped image files
      events: {
        change() {
          if (muted) return;
          const markdown = field.getMarkdown();
          if (markdown === reported) return;
          reported = markdown;
          if (opts.onChange) opts.onChange(markdown);
        },
        changeMode(mode) {
          container.classList.toggle("richtext-markdown", mode === "markdown");
          const was = muted;
          muted = true;
          if (mode === "wysiwyg") {
            join();
            if (reported === loaded) normal = current();  // unchanged: as if loaded here
          } else {
            // Toast UI wrote Enter as a soft line break; write the view again, and as loaded.
            editor.setMarkdown(keep(loaded, normal, wysiwygMarkdown()), false);
          }
          muted = was;
        },
      },
    });
    field.editor = editor;
    editor.addCommand("wysiwyg", "footnote", footnote(false));
    editor.addCommand("markdown", "footnote", footnote(true));
    container.addEventListener("paste", onPaste, true);
    const button = container.querySelector(".richtext-footnote");
    if (button) button.setAttribute("aria-label", "Fußnote");
    load(loaded);
    label(container, opts.label);
    return field;
  }

  window.RichText = {create};
})();
