// Targum's JSON API, same origin, with the editor's API key when the server wants one.
// The key lives in sessionStorage only: it is gone when the browser tab closes.

const KEY = "targum.apiKey";

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
    this.code = problem.code || "";
  }
}

export function apiKey() {
  return sessionStorage.getItem(KEY) || "";
}

export function setApiKey(key) {
  if (key) sessionStorage.setItem(KEY, key);
  else sessionStorage.removeItem(KEY);
}

// Tell the page that the server wants a (valid) key.
function keyNeeded(error) {
  document.dispatchEvent(new CustomEvent("targum:key-needed", { detail: error }));
}

// fetch() one API path: JSON in (json) or a raw body, JSON or text out; a problem becomes an ApiError.
export async function api(path, { method = "GET", json, body, type, accept, signal } = {}) {
  const headers = new Headers();
  const key = apiKey();
  if (key) headers.set("Authorization", `Bearer ${key}`);
  if (json !== undefined) {
    headers.set("Content-Type", "application/json");
    body = JSON.stringify(json);
  } else if (type) {
    headers.set("Content-Type", type);
  }
  if (accept) headers.set("Accept", accept);
  const response = await fetch(path, { method, headers, body, signal, credentials: "same-origin", mode: "same-origin" });
  if (!response.ok) {
    let problem;
    try {
      problem = await response.json();
    } catch {
      problem = { title: response.statusText };
    }
    const error = new ApiError(response.status, problem);
    if (response.status === 401 || (response.status === 403 && error.code === "invalid_api_key")) keyNeeded(error);
    throw error;
  }
  if (response.status === 204) return null;
  const media = response.headers.get("Content-Type") || "";
  return media.includes("json") ? response.json() : response.text();
}

// What to tell the editor about a failed call.
export function describe(error) {
  if (error.name === "AbortError") return "Cancelled.";
  if (error instanceof ApiError) {
    const code = error.code ? ` (${error.code})` : "";
    return `${error.message}${code}`;
  }
  return `The server could not be reached: ${error.message}`;
}
