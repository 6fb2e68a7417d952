// Taking a translation away: copy it as text or HTML, or download it as a .txt or .html file.
import { languageName } from "./blocks.js";
import { button, download } from "./text.js";

const ELEMENT = { headline: "h1", subheadline: "h2", quote: "blockquote", caption: "figcaption", credit: "small",
  byline: "address", boilerplate: "aside" };

function escapeHtml(text) {
  return text.replace(/[&<>"]/g, (ch) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;" })[ch]);
}

// The target as text and HTML: the API's renderings, or, once a block was corrected here, rebuilt from the blocks.
export function renderings(target, edited) {
  if (!edited) return { text: target.text, html: target.html };
  const text = target.blocks.map((b) => b.text).join("\n\n");
  const html = target.blocks.map((b) => {
    const tag = ELEMENT[b.kind] || "p";
    return `<${tag} data-kind="${b.kind}">${escapeHtml(b.text)}</${tag}>`;
  }).join("\n");
  return { text, html: `<article lang="${target.language}" dir="${target.dir}">\n${html}\n</article>` };
}

async function copy(text) {
  if (navigator.clipboard && window.isSecureContext) {
    await navigator.clipboard.writeText(text);
    return;
  }
  const area = document.createElement("textarea");  // plain http: the old way
  area.value = text;
  area.setAttribute("readonly", "");
  area.className = "offscreen";
  document.body.append(area);
  area.select();
  document.execCommand("copy");
  area.remove();
}

// One group of buttons per target; `current(lang)` gives its renderings now, `announce` says what happened.
export function renderTakeaway(box, languages, current, announce) {
  box.replaceChildren();
  for (const lang of languages) {
    const group = document.createElement("div");
    group.className = "take";
    group.setAttribute("role", "group");
    group.setAttribute("aria-label", `Take away the ${languageName(lang)} translation`);
    const name = languageName(lang);
    const title = document.createElement("span");
    title.textContent = `${name}:`;
    group.append(title,
      button("Copy text", `Copy the ${name} translation as text`, async () => {
        await copy(current(lang).text);
        announce(`${name} text copied`);
      }),
      button("Copy HTML", `Copy the ${name} translation as HTML`, async () => {
        await copy(current(lang).html);
        announce(`${name} HTML copied`);
      }),
      button("Download .txt", `Download the ${name} translation as a text file`,
        () => download(`article.${lang}.txt`, "text/plain;charset=utf-8", current(lang).text)),
      button("Download .html", `Download the ${name} translation as an HTML file`,
        () => download(`article.${lang}.html`, "text/html;charset=utf-8", current(lang).html)));
    box.append(group);
  }
}
