// The glossaries view: list, create (empty or from CSV), open one, add, edit and delete its entries,
// import CSV into it, export it as CSV, delete it. Every step is one call of /v1/glossaries.
import { api, describe } from "./api.js";
import { button, dirOf, download } from "./text.js";

const $ = (id) => document.getElementById(id);
const LANGS = ["he", "ru", "en"];
let open = null;  // the glossary shown, as the API returned it
let onChange = () => {};

function cellText(row, text, lang) {
  const cell = row.insertCell();
  cell.textContent = text ?? "";
  if (lang) {
    cell.lang = lang;
    cell.dir = dirOf(lang);
  }
  return cell;
}

async function guarded(action) {
  $("glossary-error").textContent = "";
  try {
    await action();
  } catch (error) {
    $("glossary-error").textContent = describe(error);
  }
}

export async function loadGlossaries() {
  const body = $("glossary-list").tBodies[0];
  await guarded(async () => {
    const glossaries = await api("/v1/glossaries");
    body.replaceChildren();
    for (const g of glossaries) {
      const row = body.insertRow();
      row.dataset.glossary = g.id;
      cellText(row, g.name);
      cellText(row, String(g.entry_count));
      cellText(row, String(g.version));
      cellText(row, g.updated_at);
      const actions = row.insertCell();
      actions.append(
        button("Open", `Open the glossary ${g.name}`, () => guarded(() => show(g.id))),
        button("Export CSV", `Export the glossary ${g.name} as CSV`, () => guarded(async () => {
          download(`${g.name}.csv`, "text/csv;charset=utf-8", await api(`/v1/glossaries/${encodeURIComponent(g.id)}`, { accept: "text/csv" }));
        })),
        button("Delete", `Delete the glossary ${g.name}`, () => guarded(async () => {
          if (!window.confirm(`Delete the glossary ${g.name} and its ${g.entry_count} entries?`)) return;
          await api(`/v1/glossaries/${encodeURIComponent(g.id)}`, { method: "DELETE" });
          if (open?.id === g.id) {
            open = null;
            $("glossary-detail").hidden = true;
          }
          await loadGlossaries();
        })));
    }
    onChange();
  });
}

function entryRow(body, entry, index) {
  const row = body.insertRow();
  row.dataset.entry = entry.id;
  for (const lang of LANGS) cellText(row, entry[lang], lang);
  cellText(row, entry.note);
  cellText(row, entry.keep ? "yes" : "");
  cellText(row, entry.case_sensitive ? "yes" : "");
  const label = LANGS.map((l) => entry[l]).find(Boolean) || entry.id;
  row.insertCell().append(
    button("Edit", `Edit the entry ${label}`, () => startEdit(entry, index)),
    button("Delete", `Delete the entry ${label}`, () => guarded(() => replaceEntries(
      open.entries.filter((_, n) => n !== index)))));
}

async function show(ref) {
  open = await api(`/v1/glossaries/${encodeURIComponent(ref)}`);
  $("glossary-detail").hidden = false;
  $("glossary-detail-title").textContent = `Entries of ${open.name} (version ${open.version})`;
  const body = $("entry-list").tBodies[0];
  body.replaceChildren();
  open.entries.forEach((entry, n) => entryRow(body, entry, n));
  resetEntryForm();
}

// An entry as the API takes it back: without the id it was given.
function plain(entry) {
  const { id, ...rest } = entry;  // eslint-disable-line no-unused-vars
  return rest;
}

async function replaceEntries(entries) {
  open = await api(`/v1/glossaries/${encodeURIComponent(open.id)}`, { method: "PUT",
    json: { entries: entries.map(plain) } });
  await show(open.id);
  await loadGlossaries();
}

function entryFromForm(form) {
  const entry = { keep: form.elements.keep.checked, case_sensitive: form.elements.case_sensitive.checked };
  for (const lang of LANGS) if (form.elements[lang].value.trim()) entry[lang] = form.elements[lang].value.trim();
  if (form.elements.note.value.trim()) entry.note = form.elements.note.value.trim();
  return entry;
}

function startEdit(entry, index) {
  const form = $("entry-form");
  for (const lang of LANGS) form.elements[lang].value = entry[lang] || "";
  form.elements.note.value = entry.note || "";
  form.elements.keep.checked = Boolean(entry.keep);
  form.elements.case_sensitive.checked = Boolean(entry.case_sensitive);
  form.elements.index.value = String(index);
  $("entry-submit").textContent = "Save entry";
  $("entry-cancel").hidden = false;
  form.elements.he.focus();
}

function resetEntryForm() {
  const form = $("entry-form");
  form.reset();
  form.elements.index.value = "";
  $("entry-submit").textContent = "Add entry";
  $("entry-cancel").hidden = true;
}

export function initGlossaries(changed) {
  onChange = changed;
  $("glossary-create").addEventListener("submit", (event) => {
    event.preventDefault();
    const form = event.target;
    guarded(async () => {
      const name = form.elements.name.value.trim();
      const file = form.elements.csv.files[0];
      const created = file
        ? await api(`/v1/glossaries?name=${encodeURIComponent(name)}`, { method: "POST", type: "text/csv", body: await file.text() })
        : await api("/v1/glossaries", { method: "POST", json: { name, entries: [] } });
      form.reset();
      await loadGlossaries();
      await show(created.id);
      $("entry-he").focus();
    });
  });
  $("entry-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const form = event.target;
    guarded(async () => {
      const entry = entryFromForm(form);
      const index = form.elements.index.value;
      if (index === "") {
        await api(`/v1/glossaries/${encodeURIComponent(open.id)}/entries`, { method: "POST", json: [entry] });
        await show(open.id);
        await loadGlossaries();
      } else {
        await replaceEntries(open.entries.map((e, n) => (n === Number(index) ? entry : e)));
      }
      $("entry-he").focus();
    });
  });
  $("entry-cancel").addEventListener("click", resetEntryForm);
  $("entry-import").addEventListener("submit", (event) => {
    event.preventDefault();
    const form = event.target;
    guarded(async () => {
      const file = form.elements.csv.files[0];
      await api(`/v1/glossaries/${encodeURIComponent(open.id)}/entries`, { method: "POST", type: "text/csv", body: await file.text() });
      form.reset();
      await show(open.id);
      await loadGlossaries();
    });
  });
}
