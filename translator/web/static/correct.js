// Correcting a translated block in place: the editor's text is posted as a correction (POST /v1/corrections),
// and the block turns "approved". The next translation of that source uses it.
import { api, describe } from "./api.js";
import { dirOf } from "./text.js";
import { languageName } from "./blocks.js";

// A short, stable id for an article: a 53-bit hash of its source text (cyrb53), so corrections of one
// article can be found together. Not a security measure.
export function articleId(text) {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return `desk-${(4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(16)}`;
}

// Put an editor in `cell` for `block` (the text to start from: `initial`); `save(text)` posts it.
export function openEditor(cell, { block, lang, initial, onSave, onCancel }) {
  cell.querySelector("form.correct")?.remove();
  const form = document.createElement("form");
  form.className = "correct";
  form.lang = "en";
  form.dir = "ltr";
  const id = `correct-${lang}-${block.id}`;
  const label = document.createElement("label");
  label.htmlFor = id;
  label.textContent = `Correction of block ${block.id} (${languageName(lang)})`;
  const area = document.createElement("textarea");
  area.id = id;
  area.rows = Math.min(10, Math.max(3, Math.ceil(initial.length / 60)));
  area.lang = lang;
  area.dir = dirOf(lang);
  area.value = initial;
  area.required = true;
  const save = document.createElement("button");
  save.type = "submit";
  save.textContent = "Save correction";
  save.className = "primary";
  const cancel = document.createElement("button");
  cancel.type = "button";
  cancel.textContent = "Cancel";
  const note = document.createElement("p");
  note.className = "error";
  note.setAttribute("role", "alert");
  form.append(label, area, save, cancel, note);
  cancel.addEventListener("click", () => onCancel());
  form.addEventListener("keydown", (event) => {
    if (event.key === "Escape") {
      event.preventDefault();
      onCancel();
    }
  });
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    save.disabled = true;
    note.textContent = "";
    try {
      await onSave(area.value.trim());
    } catch (error) {
      note.textContent = `Not saved: ${describe(error)}`;
      save.disabled = false;
    }
  });
  cell.append(form);
  area.focus();
}

// Post one correction as the corrections API takes it.
export function postCorrection({ source, sourceLanguage, targetLanguage, text, article, blockId }) {
  return api("/v1/corrections", { method: "POST", json: {
    source, source_language: sourceLanguage, target_language: targetLanguage, text,
    article_id: article, block_id: blockId } });
}
