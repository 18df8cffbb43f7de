"use strict";
// The adapters tab: the adapter versions a collection learnt from its own products, which one its searches go
// through (activate, deactivate), and training jobs with their progress. search.js keeps the search's switch.

const adapterState = { info: null, jobs: [], busy: false };
fieldControls.push(["kind", "adapter-kind"], ["label", "adapter-label"], ["seed", "adapter-seed"], ["method", "adapter-method"]);

const adaptersPath = (collection) => `/collections/${encodeURIComponent(collection)}/adapters`;
const adapterJobPath = (job) => `${adaptersPath(job.collection)}/jobs/${encodeURIComponent(job.jobId)}`;
const shownAdapterCollection = () => $("adapters-collection").value;

// "product" is the product itself; "brand" in the box is the attribute "attributes.brand" (as in "facet on").
const adapterLabel = (text) => (text === "product" || text.startsWith("attributes.") ? text : `attributes.${text}`);

async function loadAdaptersTab() {
  await loadCollections();
  const select = $("adapters-collection");
  const previous = select.value || $("collection").value;
  select.replaceChildren(...state.collections.map((c) => new Option(c.name, c.name)));
  if (state.collections.some((c) => c.name === previous)) select.value = previous;
  if (!select.value) {
    adapterState.info = null; adapterState.jobs = [];
    $("adapter-versions").textContent = "No collection yet.";
    renderAdapterJobs();
    return;
  }
  await Promise.all([loadAdapterVersions(), loadAdapterJobs()]);
}
$("adapters-collection").onchange = () => guarded(async () => { await Promise.all([loadAdapterVersions(), loadAdapterJobs()]); });
$("adapters-refresh").onclick = () => guarded(loadAdaptersTab);

async function loadAdapterVersions() {
  const collection = shownAdapterCollection();
  const info = await api(adaptersPath(collection));
  if (collection !== shownAdapterCollection()) return; // another collection was picked meanwhile
  showAdapterInfo(info);
}

// Shows GET …/adapters (also the answer of an activation); the search tab's switch follows when it shows this collection.
function showAdapterInfo(info) {
  adapterState.info = info;
  renderAdapterVersions();
  if (info?.collection === $("collection").value) { state.searchAdapters = info; renderAdapterSwitch(); }
}

// Validation tried several regularisations: the best of each score is the adapter's.
const bestOf = (adapter, score) => {
  const values = (adapter.validation ?? []).map((v) => v[score]).filter((v) => typeof v === "number");
  return values.length > 0 ? Math.max(...values) : null;
};
const percentOrDash = (v) => (v == null ? "–" : `${(100 * v).toFixed(1)}%`);
const sizeText = (bytes) => (bytes >= 1048576 ? `${(bytes / 1048576).toFixed(1)} MiB` : `${Math.max(1, Math.round((bytes ?? 0) / 1024))} KiB`);

function adapterSummary(info) {
  const active = info.adapters.find((a) => a.version === info.active);
  if (!active) return "No adapter is active: searches use the encoders' own vectors.";
  const photos = info.alignedTextSearchesImage ? " Text searches photos through it." : "";
  return `Searches go through v${active.version} (${active.kind}, ${keyLabel(active.label)}).${photos}`;
}

function renderAdapterVersions() {
  const info = adapterState.info;
  const container = $("adapter-versions");
  container.replaceChildren();
  if (!info) return;
  $("adapters-summary").textContent = adapterSummary(info);
  if (info.adapters.length === 0) { container.textContent = "No adapter yet: train one below."; return; }
  const table = document.createElement("table");
  table.className = "adapters";
  table.setAttribute("aria-busy", String(adapterState.busy));
  table.innerHTML = `<caption></caption><thead><tr><th>version</th><th>kind</th><th>label</th><th>method</th><th>spaces</th>`
    + `<th class="num">vectors</th><th class="num">labels</th><th class="num">pairs</th><th class="num">best top-1</th><th class="num">best MAP</th>`
    + `<th>created</th><th class="num">size</th><th>in use</th></tr></thead><tbody></tbody>`;
  table.querySelector("caption").textContent = `${info.collection}: ${info.adapters.length} adapter version${info.adapters.length === 1 ? "" : "s"}`;
  const tbody = table.querySelector("tbody");
  for (const adapter of [...info.adapters].sort((a, b) => b.version - a.version)) {
    const row = tbody.insertRow();
    row.dataset.version = String(adapter.version);
    row.classList.toggle("active", adapter.version === info.active);
    const cell = (text, numeric = false) => { const c = row.insertCell(); c.textContent = text; if (numeric) c.className = "num"; return c; };
    cell(`v${adapter.version}`);
    cell(adapter.kind);
    cell(keyLabel(adapter.label));
    cell(adapter.regularisation != null ? `${adapter.method} (λ ${adapter.regularisation})` : adapter.method);
    cell(`${(adapter.sourceSpaces ?? []).join(" + ")} → ${adapter.targetSpace} (${adapter.targetDimension})`);
    cell(String(adapter.vectors ?? 0), true);
    cell(String(adapter.labels ?? 0), true);
    cell(String(adapter.pairs ?? 0), true);
    cell(percentOrDash(bestOf(adapter, "topOne")), true).title = validationText(adapter);
    cell(percentOrDash(bestOf(adapter, "meanAveragePrecision")), true).title = validationText(adapter);
    const created = cell(adapter.createdAt ? new Date(adapter.createdAt).toLocaleString() : "–");
    if (adapter.createdAt) created.title = adapter.createdAt;
    cell(sizeText(adapter.bytes), true);
    row.insertCell().append(...activationControls(info, adapter));
  }
  container.append(table);
}

function validationText(adapter) {
  return (adapter.validation ?? []).map((v) => `λ ${v.regularisation}: top-1 ${percentOrDash(v.topOne)}, MAP ${percentOrDash(v.meanAveragePrecision)}`).join("\n");
}

function activationControls(info, adapter) {
  const button = document.createElement("button");
  button.type = "button";
  button.disabled = adapterState.busy;
  if (adapter.version === info.active) {
    const badge = document.createElement("strong");
    badge.className = "badge";
    badge.textContent = "active";
    button.textContent = "Deactivate";
    button.setAttribute("aria-label", `Deactivate v${adapter.version}`);
    button.onclick = () => activateAdapter("none", button);
    return [badge, " ", button];
  }
  button.textContent = "Activate";
  button.setAttribute("aria-label", `Activate v${adapter.version}`);
  button.onclick = () => activateAdapter(adapter.version, button);
  return [button];
}

// Activating re-projects every shard's vectors: it can take seconds, so the table is busy until the answer.
function activateAdapter(version, button) {
  const collection = adapterState.info.collection;
  guarded(async () => {
    adapterState.busy = true;
    for (const b of document.querySelectorAll("#adapter-versions button")) b.disabled = true;
    $("adapter-versions").querySelector("table")?.setAttribute("aria-busy", "true");
    button.textContent = version === "none" ? "Deactivating…" : "Activating…";
    $("adapters-summary").textContent = version === "none"
      ? "Deactivating: the shards re-project their vectors…"
      : `Activating v${version}: the shards re-project their vectors…`;
    try {
      showAdapterInfo(await api(`${adaptersPath(collection)}/${version}/activate`, { method: "POST" }));
    } finally {
      adapterState.busy = false;
      renderAdapterVersions();
    }
  });
}

// Training
$("adapter-kind").onchange = () => { $("adapter-method-label").hidden = $("adapter-kind").value !== "align"; };
$("adapter-form").onsubmit = (event) => {
  event.preventDefault();
  guarded(async () => {
    const collection = shownAdapterCollection();
    if (!collection) throw new ApiError("No collection.", "Create a collection and ingest products first.");
    const kind = $("adapter-kind").value;
    const body = { kind, label: adapterLabel($("adapter-label").value.trim() || "product"), seed: Number($("adapter-seed").value) || 0 };
    if (kind === "align") body.method = $("adapter-method").value;
    $("adapter-train").disabled = true;
    try {
      const job = await postJson(adaptersPath(collection), body);
      adapterState.jobs = [job, ...adapterState.jobs.filter((j) => j.jobId !== job.jobId)];
      renderAdapterJobs();
      watchAdapterJobs();
    } finally {
      $("adapter-train").disabled = false;
    }
  });
};

async function loadAdapterJobs() {
  const collection = shownAdapterCollection();
  const jobs = (await api(`${adaptersPath(collection)}/jobs`)) ?? [];
  if (collection !== shownAdapterCollection()) return;
  adapterState.jobs = jobs;
  renderAdapterJobs();
  watchAdapterJobs();
}

// Unfinished jobs are asked for once a second; a job that completes refreshes the versions. A poll that fails
// shows why and stops (Refresh starts again), so that the banner is not cleared under the reader every second.
let adapterJobTimer = null;
function watchAdapterJobs() {
  clearTimeout(adapterJobTimer);
  if (adapterState.jobs.some((j) => !j.finished)) adapterJobTimer = setTimeout(() => pollAdapterJobs().catch(showError), 1000);
}

async function pollAdapterJobs() {
  const collection = shownAdapterCollection();
  let completed = false;
  for (const job of adapterState.jobs.filter((j) => !j.finished)) {
    const next = await api(adapterJobPath(job));
    completed ||= next.finished && next.phase === "Completed";
    adapterState.jobs = adapterState.jobs.map((j) => (j.jobId === next.jobId ? next : j));
  }
  if (collection !== shownAdapterCollection()) return;
  renderAdapterJobs();
  if (completed) await loadAdapterVersions();
  watchAdapterJobs();
}

function renderAdapterJobs() {
  const container = $("adapter-jobs");
  container.replaceChildren();
  if (adapterState.jobs.length === 0) { container.textContent = "No training job yet."; return; }
  for (const job of adapterState.jobs) {
    const block = progressBlock(`${job.kind} ${keyLabel(job.label)} · ${job.phase}`, job);
    block.dataset.job = job.jobId;
    block.querySelector(".progress").setAttribute("role", "progressbar");
    block.querySelector(".progress").setAttribute("aria-valuemin", "0");
    block.querySelector(".progress").setAttribute("aria-valuemax", String(job.total ?? 0));
    block.querySelector(".progress").setAttribute("aria-valuenow", String(job.done ?? 0));
    const elapsed = `${Number(job.elapsedSeconds ?? 0).toFixed(1)} s`;
    block.querySelector(".meta").textContent = job.finished
      ? `${job.phase === "Completed" ? `version v${job.version} · ` : ""}finished in ${elapsed}`
      : `${job.step ?? "starting"} · ${job.done ?? 0} / ${job.total ?? 0} · ${elapsed}`;
    // A job that failed or was cancelled stops its bar where it stopped.
    if (job.finished && job.phase !== "Completed") block.querySelector(".progress > div").style.width = `${job.total > 0 ? Math.min(100, (100 * job.done) / job.total) : 0}%`;
    if (job.error) {
      const error = document.createElement("div");
      error.className = "error";
      error.textContent = `The training ${job.phase === "Interrupted" ? "was interrupted" : "failed"}: ${job.error}`;
      block.append(error);
    }
    if (!job.finished) {
      const cancel = document.createElement("button");
      cancel.type = "button";
      cancel.textContent = "Cancel";
      cancel.setAttribute("aria-label", `Cancel training ${job.kind} ${keyLabel(job.label)}`);
      cancel.onclick = () => guarded(async () => {
        cancel.disabled = true;
        await api(`${adapterJobPath(job)}/cancel`, { method: "POST" });
        await pollAdapterJobs();
      });
      block.append(cancel);
    }
    container.append(block);
  }
}
