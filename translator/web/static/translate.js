// The translate view: the form, a visible in-progress state, and the result, block by block.
import { api, describe } from "./api.js";
import { blockCell, languageName, renderGrid } from "./blocks.js";
import { articleId, openEditor, postCorrection } from "./correct.js";
import { renderTakeaway, renderings } from "./takeaway.js";
import { dirOf } from "./text.js";

const STATE = "targum.desk.article";  // the last article and choices, for this browser tab
const $ = (id) => document.getElementById(id);
let current = null;  // {result, request, article, edited: Set of languages}
let running = null;  // the AbortController of the translation under way

function readForm() {
  const form = $("translate-form");
  const data = new FormData(form);
  return {
    body: data.get("body"), format: data.get("format"), source: data.get("source"),
    targets: data.getAll("target"), glossaries: data.getAll("glossary"),
    options: { quote_style: data.get("quote_style"), translate_boilerplate: data.has("translate_boilerplate"),
      translate_bylines: data.has("translate_bylines") },
  };
}

function restoreForm(saved) {
  const form = $("translate-form");
  form.elements.body.value = saved.body || "";
  form.elements.format.value = saved.format || "text";
  form.elements.source.value = saved.source || "auto";
  form.elements.quote_style.value = saved.options?.quote_style || "default";
  form.elements.translate_boilerplate.checked = Boolean(saved.options?.translate_boilerplate);
  form.elements.translate_bylines.checked = saved.options?.translate_bylines !== false;
  for (const box of form.querySelectorAll("input[name=target]")) box.checked = saved.targets.includes(box.value);
}

function request(choice) {
  const body = { article: { body: choice.body, format: choice.format }, source: choice.source,
    targets: choice.targets, options: choice.options };
  if (choice.glossaries.length) body.glossaries = choice.glossaries;
  return body;
}

// A visible, moving state while the server works: elapsed seconds, and a way to cancel.
function showProgress(choice) {
  const started = Date.now();
  const blocks = choice.body.split(/\n\s*\n/).filter((p) => p.trim()).length;
  const tick = () => {
    const seconds = Math.round((Date.now() - started) / 1000);
    $("progress-text").textContent = `Translating about ${blocks} blocks into ${choice.targets.join(", ")}… ${seconds} s`;
  };
  tick();
  $("progress").hidden = false;
  $("cancel-button").hidden = false;
  $("translate-button").disabled = true;
  const timer = setInterval(tick, 1000);
  return () => {
    clearInterval(timer);
    $("progress").hidden = true;
    $("cancel-button").hidden = true;
    $("translate-button").disabled = false;
  };
}

function showSource(source) {
  const how = source.detected ? `detected, ${Math.round(source.confidence * 100)}% confidence` : "chosen";
  $("source-info").textContent = `Source: ${languageName(source.language)} (${source.language}, ${how}).` +
    (source.warnings.length ? ` ${source.warnings.join(" ")}` : "");
  if (source.detected) $("detected").textContent = `Detected: ${source.language} (${Math.round(source.confidence * 100)}%)`;
}

// The cell of a target block, with its editor wired to the corrections API.
function targetCell(lang, block, sourceBlock) {
  const target = current.result.translations[lang];
  const cell = blockCell(block, { lang: block.language || lang, dir: block.dir || target.dir, side: "target",
    column: lang,
    onEdit: () => edit(lang, block, sourceBlock, block.text),
    onTake: (text) => edit(lang, block, sourceBlock, text) });
  return cell;
}

function cellOf(lang, blockId) {
  return document.querySelector(`#grid [data-side=target][data-column="${lang}"][data-block="${blockId}"]`);
}

function edit(lang, block, sourceBlock, initial) {
  const cell = cellOf(lang, block.id);
  const restore = (focus) => {
    const fresh = targetCell(lang, block, sourceBlock);
    cellOf(lang, block.id).replaceWith(fresh);
    if (focus) fresh.querySelector("button.edit").focus();
  };
  openEditor(cell, { block, lang, initial, onCancel: () => restore(true), onSave: async (text) => {
    await postCorrection({ source: sourceBlock.text, sourceLanguage: current.result.source.language,
      targetLanguage: lang, text, article: current.article, blockId: block.id });
    block.text = text;
    block.status = "approved";
    block.flags = [];
    delete block.suggestions;
    current.edited.add(lang);
    restore(true);
    announce(`Saved: block ${block.id} (${languageName(lang)}) is approved.`);
  } });
}

function announce(message) {
  const region = $("announce");
  region.textContent = "";
  setTimeout(() => { region.textContent = message; }, 50);
}

function showResult(result, choice) {
  current = { result, choice, article: articleId(choice.body), edited: new Set() };
  showSource(result.source);
  renderGrid($("grid"), result, targetCell);
  renderTakeaway($("takeaway"), Object.keys(result.translations),
    (lang) => renderings(current.result.translations[lang], current.edited.has(lang)), announce);
  $("results").hidden = false;
}

export async function translate() {
  const choice = readForm();
  $("translate-error").textContent = "";
  if (!choice.targets.length) {
    $("translate-error").textContent = "Tick at least one language to translate into.";
    return;
  }
  sessionStorage.setItem(STATE, JSON.stringify({ ...choice, translated: true }));
  running = new AbortController();
  const done = showProgress(choice);
  document.body.dataset.translation = "running";  // what a test (or a user script) can wait on
  try {
    const result = await api("/v1/translate", { method: "POST", json: request(choice), signal: running.signal });
    showResult(result, choice);
    document.body.dataset.translation = "done";
    announce(`Translated into ${Object.keys(result.translations).map(languageName).join(", ")}.`);
    $("results-title").focus();
  } catch (error) {
    $("translate-error").textContent = `Not translated: ${describe(error)}`;
    document.body.dataset.translation = "failed";
  } finally {
    done();
    running = null;
  }
}

function readFile(file) {
  if (!file) return;
  const reader = new FileReader();
  reader.addEventListener("load", () => {
    $("article-body").value = String(reader.result);
    $("article-format").value = /\.html?$/i.test(file.name) || file.type === "text/html" ? "html" : "text";
    detectSoon();
  });
  reader.readAsText(file);
}

let detectTimer = null;
function detectSoon() {
  clearTimeout(detectTimer);
  detectTimer = setTimeout(async () => {
    const text = $("article-body").value;
    if ($("source-language").value !== "auto" || text.trim().length < 20) {
      $("detected").textContent = "";
      return;
    }
    try {
      const found = await api("/v1/detect", { method: "POST", json: { text: text.slice(0, 5000) } });
      $("detected").textContent = `Detected: ${found.language} (${Math.round(found.confidence * 100)}%)` +
        (found.supported ? "" : " — not one this server translates");
    } catch {
      $("detected").textContent = "";
    }
  }, 600);
}

// Stored glossaries as choices (ticked ones are sent; none ticked: the server's defaults).
export async function loadGlossaryChoices() {
  const box = $("use-glossaries");
  box.querySelectorAll("label.check").forEach((label) => label.remove());
  let glossaries = [];
  try {
    glossaries = await api("/v1/glossaries");
  } catch {
    return;  // a store that is down: translation goes on without a choice
  }
  const saved = JSON.parse(sessionStorage.getItem(STATE) || "{}");
  for (const glossary of glossaries) {
    const label = document.createElement("label");
    label.className = "check";
    const box2 = document.createElement("input");
    box2.type = "checkbox";
    box2.name = "glossary";
    box2.value = glossary.id;
    box2.checked = (saved.glossaries || []).includes(glossary.id);
    label.append(box2, ` ${glossary.name} (${glossary.entry_count})`);
    box.append(label);
  }
}

export function initTranslate() {
  const form = $("translate-form");
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    translate();
  });
  $("cancel-button").addEventListener("click", () => running?.abort());
  $("article-file").addEventListener("change", (event) => readFile(event.target.files[0]));
  const area = $("article-body");
  area.addEventListener("dragover", (event) => event.preventDefault());
  area.addEventListener("drop", (event) => {
    event.preventDefault();
    readFile(event.dataTransfer.files[0]);
  });
  area.addEventListener("input", () => {
    if (/^\s*</.test(area.value)) $("article-format").value = "html";
    detectSoon();
  });
  $("source-language").addEventListener("change", detectSoon);
  $("source-language").addEventListener("change", () => {
    area.lang = form.elements.source.value === "auto" ? "" : form.elements.source.value;
    area.dir = form.elements.source.value === "auto" ? "auto" : dirOf(form.elements.source.value);
  });
  area.dir = "auto";
}

// The last article of this tab, back in the form, and translated again if it was (a reload shows it again).
export function restoreArticle() {
  const form = $("translate-form");
  const saved = JSON.parse(sessionStorage.getItem(STATE) || "null");
  if (saved) {
    restoreForm(saved);
    if (saved.translated) translate();  // as the server translates it now: corrections show as approved
  } else {
    for (const box of form.querySelectorAll("input[name=target]")) box.checked = box.value !== "en";
  }
}
