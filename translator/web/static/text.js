// A block's text as DOM: review flags and glossary uses marked on their spans, and runs of the other
// direction's script (a Latin name in a Hebrew column, Hebrew in a Russian one) isolated in <bdi>.
// Text is only ever set with textContent / text nodes, never parsed as HTML.

const RTL_LANGUAGES = new Set(["he", "iw", "ar", "fa", "ur", "yi"]);
const L = "A-Za-z\\u00C0-\\u024F\\u0400-\\u04FF";
const H = "\\u0590-\\u05FF\\uFB1D-\\uFB4F";
// A word, with inner punctuation only (so a sentence's full stop stays outside the isolate), then more words.
const run = (letters) => new RegExp(`[${letters}][${letters}0-9]*(?:['’.\\-"״׳][${letters}0-9]+)*` +
  `(?:\\s+[${letters}0-9][${letters}0-9]*(?:['’.\\-"״׳][${letters}0-9]+)*)*`, "gu");
const LTR_RUN = run(L);
const RTL_RUN = run(H);

export function dirOf(language) {
  return RTL_LANGUAGES.has(language) ? "rtl" : "ltr";
}

// Append `text` to `parent`, each run of the other direction's script in its own <bdi>.
export function appendIsolated(parent, text, dir) {
  if (!text) return;
  const pattern = dir === "rtl" ? LTR_RUN : RTL_RUN;
  let at = 0;
  for (const found of text.matchAll(pattern)) {
    if (found.index > at) parent.append(text.slice(at, found.index));
    const bdi = document.createElement("bdi");
    bdi.textContent = found[0];
    parent.append(bdi);
    at = found.index + found[0].length;
  }
  if (at < text.length) parent.append(text.slice(at));
}

// Where `needle` first stands in `chars` (an array of code points) at or after `from`, or -1.
function indexOfChars(chars, needle, from) {
  const want = Array.from(needle);
  outer: for (let i = from; i + want.length <= chars.length; i += 1) {
    for (let j = 0; j < want.length; j += 1) if (chars[i + j] !== want[j]) continue outer;
    return i;
  }
  return -1;
}

// The glossary's uses of a block as marks: the house form where it stands in the translation.
export function glossaryMarks(text, uses) {
  const chars = Array.from(text);
  const marks = [];
  let from = 0;
  for (const use of uses || []) {
    if (!use.target) continue;
    const start = indexOfChars(chars, use.target, from);
    if (start < 0) continue;
    const end = start + Array.from(use.target).length;
    marks.push({ start, end, kind: "glossary", label: `Glossary: ${use.source} → ${use.target} (${use.action})` });
    from = end;
  }
  return marks;
}

// Render `text` into `parent` with `marks` ({start, end, kind, label, describedBy}); offsets count code
// points, as the API's spans do. Overlapping marks: the earlier one wins.
export function renderText(parent, text, dir, marks) {
  const chars = Array.from(text);
  const usable = marks.filter((m) => m.start >= 0 && m.end > m.start && m.end <= chars.length)
    .sort((a, b) => a.start - b.start || (a.kind === "flag" ? -1 : 1));
  let at = 0;
  for (const mark of usable) {
    if (mark.start < at) continue;
    appendIsolated(parent, chars.slice(at, mark.start).join(""), dir);
    const element = document.createElement("mark");
    element.className = mark.kind;
    element.dataset.reason = mark.label;
    element.title = mark.label;
    if (mark.kind === "flag") {
      element.tabIndex = 0;  // the reason shows on focus too, and the list below says it in words
      if (mark.describedBy) element.setAttribute("aria-describedby", mark.describedBy);
    }
    appendIsolated(element, chars.slice(mark.start, mark.end).join(""), dir);
    parent.append(element);
    at = mark.end;
  }
  appendIsolated(parent, chars.slice(at).join(""), dir);
}

// A small element with English UI text, so screen readers and the bidi algorithm do not take it for the column's.
export function ui(tag, text, className) {
  const element = document.createElement(tag);
  element.lang = "en";
  element.dir = "ltr";
  if (className) element.className = className;
  element.textContent = text;
  return element;
}

// A button that says what it does to a screen reader (``aria``) beside its short visible ``label``.
export function button(label, aria, action) {
  const element = document.createElement("button");
  element.type = "button";
  element.textContent = label;
  element.setAttribute("aria-label", aria);
  element.addEventListener("click", action);
  return element;
}

// Save ``content`` as a file called ``name`` (a link clicked for the browser's own download).
export function download(name, type, content) {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
