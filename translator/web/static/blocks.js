// The translation, read block by block: the source and each target side by side, one row per block.
import { dirOf, glossaryMarks, renderText, ui } from "./text.js";

const NAMES = { en: "English", he: "Hebrew", ru: "Russian" };

export function languageName(code) {
  return NAMES[code] || code;
}

// The source block's marks: the spans of its targets' flags that point into it.
function sourceMarks(block, translations, prefix) {
  const marks = [];
  for (const [lang, target] of Object.entries(translations)) {
    const translated = target.blocks.find((b) => b.id === block.id);
    (translated?.flags || []).forEach((flag, n) => {
      if (!flag.source_span) return;
      marks.push({ start: flag.source_span[0], end: flag.source_span[1], kind: "flag",
        label: `${flag.code} (${lang}): ${flag.message}`, describedBy: `${prefix}-${lang}-${block.id}-${n}` });
    });
  }
  return marks;
}

function flagList(block, lang) {
  const list = document.createElement("ul");
  list.className = "flags";
  list.lang = "en";
  list.dir = "ltr";
  block.flags.forEach((flag, n) => {
    const item = document.createElement("li");
    item.id = `flag-${lang}-${block.id}-${n}`;
    item.append(ui("strong", flag.code, "code"), ` ${flag.message}`);
    list.append(item);
  });
  return list;
}

function suggestionList(block, lang, onTake) {
  const box = ui("div", "", "suggestions");
  box.append(ui("p", "Near matches from corrections:", "help"));
  const list = document.createElement("ul");
  for (const suggestion of block.suggestions) {
    const item = document.createElement("li");
    const take = ui("button", `Use (${Math.round(suggestion.similarity)}%)`);
    take.type = "button";
    take.setAttribute("aria-label", `Use the suggestion for block ${block.id} (${Math.round(suggestion.similarity)}% similar)`);
    take.addEventListener("click", () => onTake(suggestion.text));
    const text = document.createElement("span");
    text.lang = lang;
    text.dir = dirOf(lang);
    text.textContent = suggestion.text;
    item.append(take, " ", text);
    list.append(item);
  }
  box.append(list);
  return box;
}

// One cell: a block's kind and status, its text with its marks, its flags, and (for targets) what can be done.
export function blockCell(block, { lang, dir, side, column, marks = [], onEdit, onTake }) {
  const cell = document.createElement("article");
  cell.setAttribute("role", "cell");
  cell.className = `block kind-${block.kind} status-${block.status || "source"}`;
  cell.lang = lang;
  cell.dir = dir;
  Object.assign(cell.dataset, { block: block.id, kind: block.kind, lang, side, column: column || lang,
    status: block.status || "source" });
  const flagged = (block.flags || []).length > 0;
  if (flagged) {
    cell.classList.add("flagged");
    cell.dataset.flag = block.flags.map((f) => f.code).join(" ");
  }
  const meta = ui("p", "", "meta");
  // Which column this is, for the phone's single column (a kept block's text may be in another language).
  const label = side === "source" ? `Source: ${languageName(lang)}` : languageName(column || lang);
  meta.append(ui("span", label, "cell-label"), ui("span", block.kind, "kind"));
  if (block.status) meta.append(ui("span", block.status, "status"));
  if (block.reason) meta.append(ui("span", block.reason, "reason"));
  if (flagged) meta.append(ui("span", `⚑ ${block.flags.length} to check`, "flag-count"));
  cell.append(meta);
  const body = block.kind === "boilerplate" ? document.createElement("details") : cell;
  if (body !== cell) {
    body.className = "fold";
    body.append(ui("summary", "Boilerplate (folded): show"));
    cell.append(body);
  }
  const text = document.createElement("p");
  text.className = "text";
  const allMarks = [...marks, ...glossaryMarks(block.text, block.glossary)];
  (block.flags || []).forEach((flag, n) => {
    if (flag.target_span) allMarks.push({ start: flag.target_span[0], end: flag.target_span[1], kind: "flag",
      label: `${flag.code}: ${flag.message}`, describedBy: `flag-${lang}-${block.id}-${n}` });
  });
  renderText(text, block.text, dir, allMarks);
  body.append(text);
  if (flagged) body.append(flagList(block, lang));
  if (block.suggestions?.length && onTake) body.append(suggestionList(block, lang, onTake));
  if (onEdit) {
    const actions = ui("p", "", "block-actions");
    const edit = ui("button", "Edit");
    edit.type = "button";
    edit.className = "edit";
    edit.setAttribute("aria-label", `Edit the ${languageName(lang)} translation of block ${block.id}`);
    edit.addEventListener("click", () => onEdit());
    actions.append(edit);
    cell.append(actions);
  }
  return cell;
}

// The whole grid: a header row, then a row per source block with its translations.
export function renderGrid(grid, result, targetCell) {
  const targets = Object.keys(result.translations);
  const source = result.source.language;
  grid.replaceChildren();
  grid.style.setProperty("--columns", String(targets.length + 1));
  const head = document.createElement("div");
  head.className = "row head";
  head.setAttribute("role", "row");
  for (const [code, dir, label] of [[source, dirOf(source), "Source"],
    ...targets.map((t) => [t, result.translations[t].dir, "Translation"])]) {
    const cell = document.createElement("div");
    cell.setAttribute("role", "columnheader");
    cell.lang = code;
    cell.dir = dir;
    cell.dataset.lang = code;
    cell.append(ui("span", `${label}: ${languageName(code)} (${code})`));
    head.append(cell);
  }
  grid.append(head);
  for (const block of result.blocks) {
    const row = document.createElement("div");
    row.className = `row kind-${block.kind}`;
    row.setAttribute("role", "row");
    row.dataset.block = block.id;
    const lang = block.language || source;
    row.append(blockCell(block, { lang, dir: dirOf(lang), side: "source",
      marks: sourceMarks(block, result.translations, "flag") }));
    for (const target of targets) {
      const translated = result.translations[target].blocks.find((b) => b.id === block.id);
      row.append(translated ? targetCell(target, translated, block) : document.createElement("div"));
    }
    grid.append(row);
  }
}
