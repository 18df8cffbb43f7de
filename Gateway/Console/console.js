"use strict";
// The UMS Orleans console: plain JavaScript over the gateway's HTTP API, no external resources.
// This file: API calls, errors, the API key, tabs, the catalog and evaluations; search.js: the search tab;
// adapters.js: the adapters tab.

const $ = (id) => document.getElementById(id);
const state = { collections: [], photo: null, runs: new Map(), searchAdapters: null };

// fields: [{field, message}] from a problem body's "errors", shown as a list and marked on the form.
class ApiError extends Error {
  constructor(title, detail, fields = []) { super(`${title} ${detail}`); this.title = title; this.detail = detail; this.fields = fields; }
}

// A problem body's "errors": a map { field: [messages] } or a list of { field, message }.
function problemFields(errors) {
  if (Array.isArray(errors)) return errors.filter((e) => e && typeof e === "object").map((e) => ({ field: String(e.field ?? ""), message: String(e.message ?? "") }));
  if (errors && typeof errors === "object") {
    return Object.entries(errors).flatMap(([field, messages]) => (Array.isArray(messages) ? messages : [messages]).map((m) => ({ field, message: String(m) })));
  }
  return [];
}

// The API key (asked for when the gateway answers 401) lives for this browser tab only.
const keyStorage = "ums-api-key";
const apiKey = () => sessionStorage.getItem(keyStorage);
function withKey(options = {}) {
  const key = apiKey();
  return key ? { ...options, headers: { ...(options.headers ?? {}), authorization: `Bearer ${key}` } } : options;
}

function askForKey(reason) {
  $("key-reason").textContent = reason;
  $("key-form").hidden = false;
  $("key-input").focus();
}
$("key-change").onclick = () => askForKey("Enter another key.");
$("key-form").onsubmit = (event) => {
  event.preventDefault();
  sessionStorage.setItem(keyStorage, $("key-input").value.trim());
  $("key-input").value = "";
  $("key-form").hidden = true;
  $("key-change").hidden = false;
  guarded(async () => {
    await Promise.all([checkHealth(), loadCollections()]);
    if ($("search").classList.contains("active")) await startFromUrl(); // a linked search that needed the key
    if ($("catalog").classList.contains("active")) await loadCatalog();
    if ($("adapters").classList.contains("active")) await loadAdaptersTab();
    if ($("evaluations").classList.contains("active")) await loadRuns();
  });
};
$("key-change").hidden = !apiKey();

async function api(path, options = {}) {
  let response;
  try {
    response = await fetch(path, withKey(options));
  } catch {
    throw new ApiError("The gateway did not answer.", "Check that the server is running and reachable.");
  }
  const text = await response.text();
  let body = null;
  try { body = text ? JSON.parse(text) : null; } catch { body = null; }
  if (response.status === 401) {
    askForKey(apiKey() ? "The key was not accepted." : "The gateway needs one.");
    throw new ApiError("An API key is needed.", body?.detail ?? "Enter an API key to use the gateway.");
  }
  if (response.status === 403) {
    throw new ApiError("This API key may not do that (403 Forbidden).", `${body?.detail ?? ""} Use an admin key (API key button, top right).`);
  }
  if (!response.ok) {
    if (body && (body.title || body.detail || body.errors)) {
      throw new ApiError(body.title || `The request failed (HTTP ${response.status}).`, body.detail || "", problemFields(body.errors));
    }
    throw new ApiError(`The request failed (HTTP ${response.status}).`, response.statusText || "");
  }
  return body;
}

const postJson = (path, value) => api(path, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(value) });

// Form controls that a problem's field names, marked while the error shows (search.js adds its own).
const fieldControls = [];
function controlFor(field) {
  const root = field.replace(/^\$\.?/, "").split(/[.[]/)[0];
  return fieldControls.find(([name]) => name === root)?.[1] ?? null;
}

function showError(error) {
  const fields = error.fields ?? [];
  $("error-title").textContent = error.title || "Something went wrong.";
  // The detail often repeats the only field's message: then the list says it.
  const detail = error.detail ?? error.message ?? "";
  $("error-detail").textContent = fields.some((f) => detail === `${f.field}: ${f.message}`) ? "" : detail;
  $("error-fields").replaceChildren(...fields.map((f) => {
    const item = document.createElement("li");
    const name = document.createElement("code");
    name.textContent = f.field || "request";
    item.append(name, `: ${f.message}`);
    return item;
  }));
  $("error-fields").hidden = fields.length === 0;
  for (const f of fields) {
    const control = controlFor(f.field);
    if (control) { $(control).classList.add("invalid"); $(control).setAttribute("aria-invalid", "true"); }
  }
  $("error").hidden = false;
}
function clearError() {
  $("error").hidden = true;
  for (const element of document.querySelectorAll(".invalid")) { element.classList.remove("invalid"); element.removeAttribute("aria-invalid"); }
}
$("error-close").onclick = clearError;

async function guarded(action) {
  try { clearError(); await action(); } catch (error) { showError(error); }
}

// Tabs
// Only the tabs that show a panel: the "API key" button is styled as a tab but keeps its own handler.
for (const tab of document.querySelectorAll(".tab[data-tab]")) {
  tab.onclick = () => {
    document.querySelectorAll(".tab[data-tab]").forEach((t) => t.classList.toggle("active", t === tab));
    document.querySelectorAll(".panel").forEach((p) => p.classList.toggle("active", p.id === tab.dataset.tab));
    if (tab.dataset.tab === "catalog") guarded(loadCatalog);
    if (tab.dataset.tab === "adapters") guarded(loadAdaptersTab);
    if (tab.dataset.tab === "evaluations") guarded(loadRuns);
  };
}

async function checkHealth() {
  const health = $("health");
  try {
    const report = await api("/healthz");
    health.className = "health ok";
    health.textContent = report?.checks?.cluster?.description ?? "healthy";
  } catch {
    health.className = "health bad";
    health.textContent = "cluster unavailable";
  }
}

// Catalog
async function loadCatalog() {
  await loadCollections();
  const container = $("collections");
  container.replaceChildren();
  if (state.collections.length === 0) { container.textContent = "No collection yet."; }
  for (const c of state.collections) {
    const spaces = Object.entries(c.spaces);
    const table = document.createElement("table");
    const lacking = spaces.map(([s]) => `${c.products - c.perShard.reduce((n, p) => n + ((p.productsWith ?? p.vectors)[s] ?? 0), 0)} without ${s}`).join(", ");
    table.innerHTML = `<caption></caption><thead><tr><th>shard</th><th class="num">products</th>${spaces.map(([s]) => `<th class="num">with ${s}</th>`).join("")}<th class="num">memory</th><th>silo</th></tr></thead><tbody></tbody>`;
    table.querySelector("caption").textContent = `${c.name}: ${c.products} products over ${c.shards} shards; spaces ${spaces.map(([s, d]) => `${s} (${d})`).join(", ")}; ${lacking}`;
    const tbody = table.querySelector("tbody");
    for (const shard of c.perShard) {
      const row = tbody.insertRow();
      row.insertCell().textContent = shard.shard;
      const count = row.insertCell(); count.className = "num"; count.textContent = shard.products;
      for (const [s] of spaces) { const cell = row.insertCell(); cell.className = "num"; cell.textContent = shard.vectors[s] ?? 0; }
      const memory = row.insertCell(); memory.className = "num"; memory.textContent = `${(shard.memoryBytes / 1048576).toFixed(1)} MiB`;
      row.insertCell().textContent = shard.silo ?? "";
    }
    container.append(table);
    if (c.resharding) container.append(reshardingBlock(c.name, c.resharding));
  }
  await loadIngestions();
}
$("catalog-refresh").onclick = () => guarded(loadCatalog);

async function loadIngestions() {
  let jobs = [];
  try { jobs = (await api("/ingestions")) ?? []; } catch { jobs = []; }
  const container = $("ingestions");
  container.replaceChildren();
  if (jobs.length === 0) { container.textContent = "No ingestion job is running."; return; }
  for (const job of jobs) {
    const block = progressBlock(`${job.collection} ← ${job.catalog} · ${job.phase}`, job);
    const counts = document.createElement("div");
    counts.className = "meta";
    counts.textContent = `${job.ingested} ingested, ${job.skippedUnchanged} unchanged, ${job.failed} failed${job.error ? ` · ${job.error}` : ""}`;
    block.append(counts);
    container.append(block);
  }
}

// A resharding of the collection: running (phase, backfill or loads so far) or how the last one ended.
function reshardingBlock(name, r) {
  const ended = r.phase === "done" || r.phase === "failed";
  const block = progressBlock(`${name}: resharding ${r.from} → ${r.to} shards · ${r.phase}`, { total: 1, done: r.progress, finished: false });
  const detail = r.phase === "backfilling" ? `${r.backfilled} / ${r.products} products backfilled`
    : r.phase === "loading" ? `${r.replicasLoaded} / ${r.replicas} shard replicas loaded`
    : r.phase === "failed" ? `given up, the collection keeps ${r.from} shards: ${r.error}`
    : ended ? `finished in ${((Date.parse(r.finishedAt) - Date.parse(r.startedAt)) / 1000).toFixed(1)} s`
    : r.phase;
  block.querySelector(".meta").textContent = `${Math.round(100 * r.progress)} % · ${detail}`;
  return block;
}

function progressBlock(title, status) {
  const block = document.createElement("div");
  block.className = "run";
  const percent = status.total > 0 ? Math.min(100, (100 * status.done) / status.total) : 0;
  const eta = status.etaSeconds != null ? ` · ETA ${Math.round(status.etaSeconds)} s` : "";
  block.innerHTML = `<h3></h3><div class="progress"><div></div></div><div class="meta"></div>`;
  block.querySelector("h3").textContent = title;
  block.querySelector(".progress > div").style.width = `${percent}%`;
  block.querySelector(".meta").textContent = status.finished
    ? `finished in ${(status.elapsedSeconds ?? 0).toFixed(1)} s`
    : `${status.done} / ${status.total} · ${(status.itemsPerSecond ?? 0).toFixed(1)} items/s${eta}`;
  if (status.finished) block.querySelector(".progress > div").style.width = "100%";
  return block;
}

// Evaluations
$("eval-form").onsubmit = (event) => {
  event.preventDefault();
  guarded(async () => {
    const status = await postJson("/evaluations", {
      task: $("eval-task").value, data: $("eval-data").value.trim(), model: $("eval-model").value.trim() || "default",
      shards: Number($("eval-shards").value) || 4,
    });
    state.runs.set(status.runId, status);
    await loadRuns();
  });
};

let runTimer = null;
async function loadRuns() {
  const runs = (await api("/evaluations")) ?? [];
  for (const run of runs) state.runs.set(run.runId, run);
  renderRuns();
  clearTimeout(runTimer);
  if ([...state.runs.values()].some((r) => !r.finished)) runTimer = setTimeout(() => guarded(loadRuns), 1000);
}

function renderRuns() {
  const container = $("runs");
  container.replaceChildren();
  // Newest first: a run id is "<task>-<yyyyMMdd-HHmmss>-<suffix>".
  const started = (run) => run.runId.slice(run.runId.indexOf("-") + 1);
  for (const run of [...state.runs.values()].sort((a, b) => started(b).localeCompare(started(a)))) {
    const block = progressBlock(`${run.task ?? "run"} ${run.runId} · ${run.phase}`, run);
    if (run.error) {
      const error = document.createElement("div");
      error.className = "error";
      error.textContent = `The run failed: ${run.error}`;
      block.append(error);
    }
    if (run.finished && run.metrics && Object.keys(run.metrics).length > 0) {
      block.append(metricsTable(run), metricsChart(run));
    }
    if (!run.finished) {
      const cancel = document.createElement("button");
      cancel.textContent = "Cancel";
      cancel.onclick = () => guarded(async () => { await api(`/evaluations/${run.runId}/cancel`, { method: "POST" }); await loadRuns(); });
      block.append(cancel);
    }
    container.append(block);
  }
}

// Fractions show as percentages; mean ranks (MetricValue.IsRank on the server) are ranks.
const percent = (v, name = "") => (v == null ? "–" : (name.endsWith("mean_rank") ? v : 100 * v).toFixed(2));

function metricsTable(run) {
  const table = document.createElement("table");
  table.className = "metrics";
  table.innerHTML = `<thead><tr><th>metric</th><th class="num">this run</th><th class="num">UMS published</th></tr></thead><tbody></tbody>`;
  const tbody = table.querySelector("tbody");
  for (const [name, value] of Object.entries(run.metrics)) {
    const row = tbody.insertRow();
    row.insertCell().textContent = name;
    const ours = row.insertCell(); ours.className = "num"; ours.textContent = percent(value, name);
    const published = row.insertCell(); published.className = "num"; published.textContent = percent(run.published?.[name], name);
  }
  return table;
}

// Metric names as curves: "recall@10" or "t2title_recall@10" (a catalog direction before the "_") is the point
// K=10 of the curve "Recall@K" or "t2title Recall@K"; mAP@N likewise. Other metrics are left out.
function chartSeries(source) {
  const curves = new Map();
  for (const [name, value] of Object.entries(source ?? {})) {
    const m = name.match(/^(?:(.+)_)?(r|recall|map)@(\d+)$/i);
    if (!m) continue;
    const kind = m[2].toLowerCase() === "map" ? "mAP@N" : "Recall@K";
    const key = m[1] ? `${m[1]} ${kind}` : kind;
    if (!curves.has(key)) curves.set(key, { kind, points: [] });
    curves.get(key).points.push([Number(m[3]), value]);
  }
  for (const curve of curves.values()) curve.points.sort((a, b) => a[0] - b[0]);
  return curves;
}

// A small SVG line chart of Recall@K (and mAP@N where present) per direction, ours against the published points.
function metricsChart(run) {
  const palette = ["#0b6bcb", "#1a7f37", "#8250df", "#bf3989", "#9a6700", "#cf222e"];
  const ours = [...chartSeries(run.metrics)].map(([name, curve], i) => [name, curve.points, palette[i % palette.length]]);
  const published = [...chartSeries(run.published)].map(([name, curve]) => [`published ${name}`, curve.points, curve.kind === "mAP@N" ? "#bbb" : "#999"]);
  const lines = [...ours, ...published].filter(([, points]) => points.length > 0);
  const width = 520, height = 220, pad = 36;
  const xs = lines.flatMap(([, points]) => points.map(([k]) => k));
  const maxX = Math.max(1, ...xs), minX = Math.min(...xs, 1);
  const x = (k) => pad + ((Math.log(k) - Math.log(minX)) / Math.max(1e-9, Math.log(maxX) - Math.log(minX))) * (width - 2 * pad);
  const y = (v) => height - pad - v * (height - 2 * pad);
  const ns = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(ns, "svg");
  svg.setAttribute("class", "chart");
  svg.setAttribute("width", width); svg.setAttribute("height", height);
  svg.setAttribute("role", "img"); svg.setAttribute("aria-label", "metrics chart");
  const add = (tag, attrs, text) => { const el = document.createElementNS(ns, tag); for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v); if (text) el.textContent = text; svg.append(el); return el; };
  add("line", { x1: pad, y1: y(0), x2: width - pad, y2: y(0), stroke: "#ccc" });
  add("line", { x1: pad, y1: y(0), x2: pad, y2: y(1), stroke: "#ccc" });
  for (const v of [0, 0.5, 1]) add("text", { x: 4, y: y(v) + 4 }, `${v * 100}%`);
  for (const k of [...new Set(xs)]) add("text", { x: x(k) - 6, y: height - pad + 16 }, String(k));
  lines.forEach(([name, points, color], index) => {
    add("polyline", { points: points.map(([k, v]) => `${x(k)},${y(v)}`).join(" "), fill: "none", stroke: color, "stroke-width": 2 });
    for (const [k, v] of points) add("circle", { cx: x(k), cy: y(v), r: 3, fill: color });
    add("text", { x: width - pad - 130, y: pad + 14 * index, fill: color }, name);
  });
  return svg;
}

// search.js is read after this file: start once both are.
document.addEventListener("DOMContentLoaded", () => {
  guarded(async () => { await Promise.all([checkHealth(), loadCollections()]); await startFromUrl(); });
  setInterval(checkHealth, 10000);
});
