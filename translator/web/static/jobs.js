// The jobs view: the CMS's recent webhook jobs, each callback attempt, and a way to deliver a callback again.
import { api, describe } from "./api.js";

const $ = (id) => document.getElementById(id);
const SETTLED = new Set(["delivered", "failed", "gone"]);
let polling = null;

function time(iso) {
  return iso ? iso.replace("T", " ").replace(/\.\d+Z$/, " UTC") : "";
}

function attemptList(attempts) {
  const list = document.createElement("ol");
  list.className = "attempts";
  for (const attempt of attempts) {
    const item = document.createElement("li");
    const code = attempt.status_code === null ? "no answer" : `HTTP ${attempt.status_code}`;
    item.textContent = `${code} · ${attempt.outcome} · ${time(attempt.at)}` + (attempt.error ? ` · ${attempt.error}` : "");
    item.dataset.status = attempt.status_code === null ? "" : String(attempt.status_code);
    list.append(item);
  }
  return list;
}

function jobRow(body, job) {
  const row = body.insertRow();
  row.dataset.job = job.id;
  row.insertCell().textContent = time(job.created_at);
  const id = row.insertCell();
  const code = document.createElement("code");
  code.textContent = job.id.slice(0, 12);
  code.title = job.id;
  id.append(code);
  if (job.metadata?.article_id !== undefined) id.append(` article ${job.metadata.article_id}`);
  row.insertCell().textContent = job.status;
  const callback = row.insertCell();
  callback.className = "callback-status";
  callback.textContent = job.callback.status;
  row.insertCell().append(attemptList(job.callback.attempts));
  const actions = row.insertCell();
  const again = document.createElement("button");
  again.type = "button";
  again.textContent = "Deliver again";
  again.setAttribute("aria-label", `Deliver the callback of job ${job.id.slice(0, 12)} again`);
  again.disabled = !(["succeeded", "failed"].includes(job.status) && SETTLED.has(job.callback.status));
  again.addEventListener("click", async () => {
    again.disabled = true;
    try {
      await api(`/v1/jobs/${encodeURIComponent(job.id)}/redeliver`, { method: "POST" });
      await loadJobs();
    } catch (error) {
      $("jobs-error").textContent = describe(error);
      again.disabled = false;
    }
  });
  actions.append(again);
  return !(["succeeded", "failed"].includes(job.status) && SETTLED.has(job.callback.status));
}

// Load the list; while a job or a callback is under way, look again every two seconds (at most 5 minutes).
export async function loadJobs(polls = 150) {
  clearTimeout(polling);
  $("jobs-error").textContent = "";
  try {
    const { jobs } = await api("/v1/jobs?limit=50");
    const body = $("job-list").tBodies[0];
    const focused = document.activeElement?.closest("tr")?.dataset.job;
    body.replaceChildren();
    let active = false;
    for (const job of jobs) active = jobRow(body, job) || active;
    if (focused) body.querySelector(`tr[data-job="${focused}"] button`)?.focus();
    if (active && polls > 0 && !$("view-jobs").hidden) polling = setTimeout(() => loadJobs(polls - 1), 2000);
  } catch (error) {
    $("jobs-error").textContent = describe(error);
  }
}

export function initJobs() {
  $("jobs-refresh").addEventListener("click", () => loadJobs());
}
