// The desk's entry point: the three views (by the URL's #fragment), the API key form, and start-up.
import { apiKey, api, describe, setApiKey } from "./api.js";
import { initGlossaries, loadGlossaries } from "./glossaries.js";
import { initJobs, loadJobs } from "./jobs.js";
import { initTranslate, loadGlossaryChoices, restoreArticle } from "./translate.js";

const $ = (id) => document.getElementById(id);
const VIEWS = ["translate", "glossaries", "jobs"];

function showView() {
  const wanted = location.hash.slice(1);
  const view = VIEWS.includes(wanted) ? wanted : "translate";
  for (const name of VIEWS) $(`view-${name}`).hidden = name !== view;
  for (const link of document.querySelectorAll("nav a[data-view]")) {
    if (link.dataset.view === view) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
  if (view === "glossaries") loadGlossaries();
  if (view === "jobs") loadJobs();
  return view;
}

// Which languages this server translates: the others are shown, but cannot be ticked.
async function loadLanguages() {
  const languages = await api("/v1/languages");
  const installed = new Set(languages.map((l) => l.code));
  for (const box of document.querySelectorAll("input[name=target]")) {
    box.disabled = !installed.has(box.value);
    if (box.disabled) box.checked = false;
  }
}

async function start() {
  try {
    await loadLanguages();
  } catch (error) {
    if (error.status !== 401 && error.status !== 403) $("translate-error").textContent = describe(error);
    return;
  }
  $("key-form").hidden = !apiKey();
  await loadGlossaryChoices();
  restoreArticle();
  showView();
  document.body.dataset.ready = "yes";  // the languages and glossaries are in: the form can be used
}

function askForKey(event) {
  const form = $("key-form");
  form.hidden = false;
  $("key-note").textContent = event.detail?.code === "invalid_api_key"
    ? "That key is not valid: enter another." : "This server needs an API key.";
  if (document.activeElement !== $("api-key")) $("api-key").focus();
}

document.addEventListener("targum:key-needed", askForKey);
$("key-form").addEventListener("submit", (event) => {
  event.preventDefault();
  setApiKey($("api-key").value.trim());
  $("api-key").value = "";
  $("key-note").textContent = "Key kept for this browser tab.";
  start();
});
window.addEventListener("hashchange", () => {
  const view = showView();
  $(`${view}-title`).focus();  // keyboard and screen-reader users land on the view they chose
});
initTranslate();
initGlossaries(loadGlossaryChoices);
initJobs();
start();
