"use strict";
// The search tab: a product per result with its matched photo, facets that filter, a product panel with
// "more like this", paging, and the whole search in the page's URL so that it can be linked and reloaded.

// The search as the URL holds it. filters: [{key, value}] (value typed: string, number, boolean); like and
// unlike: product ids for a recommendation ("positive" and "negative"); page counts from 0. adapter: "active" (the
// server's default), "none", or a version number.
const blankSearch = () => ({ collection: "", text: "", mode: "vector", k: 12, page: 0, minScore: null, facetKeys: [], filters: [], like: [], unlike: [], product: null, adapter: "active" });
let current = blankSearch();
const modes = ["vector", "keyword", "hybrid"];

fieldControls.push(["text", "text"], ["image", "drop"], ["k", "k"], ["offset", "pager"], ["mode", "mode"], ["minScore", "min-score"], ["adapter", "adapter"],
  ["filter", "chips"], ["positive", "chips"], ["negative", "chips"], ["facets", "facet-keys"], ["weights", "weights"]);

// Collections
async function loadCollections() {
  state.collections = (await api("/collections")) ?? [];
  const select = $("collection");
  const previous = select.value;
  select.replaceChildren(...state.collections.map((c) => new Option(`${c.name} (${c.products} products)`, c.name)));
  if (state.collections.some((c) => c.name === previous)) select.value = previous;
  renderWeights();
  refreshAdapterSwitch();
}

function currentCollection() { return state.collections.find((c) => c.name === $("collection").value); }

function renderWeights() {
  const collection = currentCollection();
  const container = $("weights");
  container.replaceChildren();
  if (!collection) return;
  for (const space of Object.keys(collection.spaces)) {
    const label = document.createElement("label");
    label.textContent = `weight ${space} `;
    const input = document.createElement("input");
    input.type = "number"; input.step = "0.1"; input.value = "1"; input.dataset.space = space; input.id = `weight-${space}`;
    label.append(input);
    container.append(label);
  }
}
$("collection").onchange = () => { renderWeights(); refreshAdapterSwitch(); };

// The adapter switch: "active adapter (vN)" or "none"; a version named in a link is an option of its own. What the
// collection's adapters are comes from GET …/adapters; a gateway without them leaves the switch at its defaults.
// A result waits for the latest of these look-ups, to say whether its text searched photos.
let adapterSwitchLoad = Promise.resolve();
function refreshAdapterSwitch() { adapterSwitchLoad = loadAdapterSwitch(); }

async function loadAdapterSwitch() {
  const name = $("collection").value;
  let info = null;
  if (name) { try { info = await api(`/collections/${encodeURIComponent(name)}/adapters`); } catch { info = null; } }
  if ($("collection").value !== name) return; // another collection was picked meanwhile
  state.searchAdapters = info;
  renderAdapterSwitch();
}

const activeAdapter = (info) => info?.adapters?.find((a) => a.version === info.active) ?? null;

function renderAdapterSwitch(chosen = $("adapter").value) {
  const info = state.searchAdapters;
  const select = $("adapter");
  const active = activeAdapter(info);
  const label = active ? `active adapter (v${active.version}, ${active.kind})` : info ? "active adapter (none is active)" : "active adapter";
  const options = [new Option(label, "active"), new Option("none", "none")];
  if (typeof current.adapter === "number") options.push(new Option(`v${current.adapter}${active?.version === current.adapter ? " (the active one)" : ""}`, String(current.adapter)));
  select.replaceChildren(...options);
  select.value = options.some((o) => o.value === chosen) ? chosen : String(current.adapter);
  renderAdapterNote();
}

// An active alignment maps text into the photos' space: a text query then searches photos.
function renderAdapterNote() {
  const info = state.searchAdapters;
  const active = activeAdapter(info);
  const aligned = Boolean(info?.alignedTextSearchesImage) && $("adapter").value !== "none";
  $("adapter-note").textContent = aligned ? `text searches photos (alignment v${active?.version ?? info.active})` : "";
  $("adapter-note").hidden = !aligned;
}

const adapterChoice = (value) => (value === "none" || value === "active" ? value : /^\d+$/.test(value ?? "") ? Number(value) : "active");

// Weights are sent only when one differs from 1 (the server's default).
function weights() {
  const result = {};
  for (const input of document.querySelectorAll("#weights input")) result[input.dataset.space] = Number(input.value);
  return Object.values(result).some((w) => w !== 1) ? result : null;
}

// The query photo (never part of the URL: a link holds the text, the filters and the recommendation).
function setPhoto(file) {
  state.photo = file;
  const preview = $("photo-preview");
  if (file) {
    preview.src = URL.createObjectURL(file);
    preview.hidden = false;
    $("photo-clear").hidden = false;
    $("drop-label").textContent = file.name;
  } else {
    preview.hidden = true;
    $("photo-clear").hidden = true;
    $("drop-label").textContent = "Drop a photo or click to pick one";
    $("photo").value = "";
  }
}
$("photo").onchange = () => setPhoto($("photo").files[0] ?? null);
$("photo-clear").onclick = () => setPhoto(null);
const drop = $("drop");
drop.ondragover = (e) => { e.preventDefault(); drop.classList.add("over"); };
drop.ondragleave = () => drop.classList.remove("over");
drop.ondrop = (e) => { e.preventDefault(); drop.classList.remove("over"); if (e.dataTransfer.files[0]) setPhoto(e.dataTransfer.files[0]); };

function fileToBase64(file) {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).split(",", 2)[1]);
    reader.onerror = () => reject(new ApiError("The photo could not be read.", file.name));
    reader.readAsDataURL(file);
  });
}

// Keys and values
// "brand" in the "facet on" box is the attribute "attributes.brand"; "category" is the product's own field.
const facetKey = (key) => (key === "category" || key.startsWith("attributes.") ? key : `attributes.${key}`);
const keyLabel = (key) => key.replace(/^attributes\./, "");

// Typed attribute values as a person reads them: lists joined, booleans as yes/no.
function formatValue(value) {
  if (Array.isArray(value)) return value.map(formatValue).join(", ");
  if (typeof value === "boolean") return value ? "yes" : "no";
  if (value === null || value === undefined) return "–";
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

const sameValue = (a, b) => JSON.stringify(a) === JSON.stringify(b);
const hasFilter = (key, value) => current.filters.some((f) => f.key === key && sameValue(f.value, value));

// One value of a key is a "match"; several values of one key are an "in" (any of them); keys are all required.
function filterBody(filters) {
  const byKey = new Map();
  for (const f of filters) byKey.set(f.key, [...(byKey.get(f.key) ?? []), f.value]);
  const must = [...byKey].map(([key, values]) => (values.length === 1 ? { key, match: values[0] } : { key, in: values }));
  return must.length > 0 ? { must } : null;
}

// The URL: ?c=shop&q=oat+milk&mode=hybrid&k=24&page=2&facets=brand,size&f=category=Milk&fv=attributes.organic=true
// &like=id1&unlike=id2&min=0.3&adapter=none&p=id1. "f" holds a text value, "fv" a typed one as JSON; page counts from 1 here.
function searchToUrl(search) {
  const p = new URLSearchParams();
  if (search.collection) p.set("c", search.collection);
  if (search.text) p.set("q", search.text);
  if (search.mode !== "vector") p.set("mode", search.mode);
  if (search.k !== 12) p.set("k", String(search.k));
  if (search.page > 0) p.set("page", String(search.page + 1));
  if (search.minScore !== null) p.set("min", String(search.minScore));
  if (search.facetKeys.length > 0) p.set("facets", search.facetKeys.join(","));
  if (search.adapter !== "active") p.set("adapter", String(search.adapter));
  for (const f of search.filters) {
    if (typeof f.value === "string") p.append("f", `${f.key}=${f.value}`);
    else p.append("fv", `${f.key}=${JSON.stringify(f.value)}`);
  }
  for (const id of search.like) p.append("like", id);
  for (const id of search.unlike) p.append("unlike", id);
  if (search.product) p.set("p", search.product);
  const query = p.toString();
  return query ? `?${query}` : location.pathname;
}

function searchFromUrl(query) {
  const p = new URLSearchParams(query);
  const search = blankSearch();
  search.collection = p.get("c") ?? "";
  search.text = p.get("q") ?? "";
  search.mode = modes.includes(p.get("mode")) ? p.get("mode") : "vector";
  // k as linked, even out of range: the server's answer says what is wrong with it.
  if (p.has("k") && Number.isInteger(Number(p.get("k")))) search.k = Number(p.get("k"));
  search.page = Math.max(0, (Number.parseInt(p.get("page") ?? "1", 10) || 1) - 1);
  if (p.has("min") && p.get("min") !== "" && Number.isFinite(Number(p.get("min")))) search.minScore = Number(p.get("min"));
  search.facetKeys = (p.get("facets") ?? "").split(",").map((k) => k.trim()).filter(Boolean);
  search.adapter = adapterChoice(p.get("adapter"));
  const split = (entry) => { const at = entry.indexOf("="); return at > 0 ? [entry.slice(0, at), entry.slice(at + 1)] : null; };
  const typed = (json) => { try { return JSON.parse(json); } catch { return json; } };
  for (const [name, entry] of p) {
    const pair = name === "f" || name === "fv" ? split(entry) : null;
    if (pair) search.filters.push({ key: pair[0], value: name === "f" ? pair[1] : typed(pair[1]) });
  }
  search.like = p.getAll("like").filter(Boolean);
  search.unlike = p.getAll("unlike").filter(Boolean);
  search.product = p.get("p") || null;
  return search;
}

// The form and the search
function readForm(search) {
  search.collection = $("collection").value;
  search.text = $("text").value.trim();
  search.mode = $("mode").value;
  search.k = Number($("k").value) || 12;
  search.minScore = $("min-score").value.trim() === "" ? null : Number($("min-score").value);
  search.facetKeys = [...new Set($("facet-keys").value.split(",").map((k) => k.trim()).filter(Boolean))];
  search.adapter = adapterChoice($("adapter").value);
}

function writeForm(search) {
  if (state.collections.some((c) => c.name === search.collection) && $("collection").value !== search.collection) {
    $("collection").value = search.collection;
    renderWeights();
    refreshAdapterSwitch();
  }
  $("text").value = search.text;
  $("mode").value = search.mode;
  $("k").value = String(search.k);
  $("min-score").value = search.minScore === null ? "" : String(search.minScore);
  $("facet-keys").value = search.facetKeys.join(", ");
  renderAdapterSwitch(String(search.adapter));
}

function requestBody(search) {
  const body = { k: search.k, offset: search.page * search.k, mode: search.mode, facets: [...new Set(["category", ...search.facetKeys.map(facetKey)])] };
  if (search.text) body.text = search.text;
  if (search.like.length > 0) body.positive = search.like;
  if (search.unlike.length > 0) body.negative = search.unlike;
  if (search.minScore !== null) body.minScore = search.minScore;
  if (search.adapter !== "active") body.adapter = search.adapter;
  const filter = filterBody(search.filters);
  if (filter) body.filter = filter;
  const w = weights();
  if (w) body.weights = w;
  return body;
}

// Runs the current search and, unless it came from the URL, records it there (a new history entry when it changed).
async function execute({ fromUrl = false } = {}) {
  const search = current;
  if (!search.collection) throw new ApiError("No collection.", "Create a collection and ingest products first.");
  if (!state.collections.some((c) => c.name === search.collection)) throw new ApiError("No such collection.", `'${search.collection}' is not in this cluster.`);
  const body = requestBody(search);
  if (state.photo && search.like.length === 0) body.image = await fileToBase64(state.photo);
  if (!body.text && !body.image && !body.positive) throw new ApiError("Nothing to search for.", "Type some text, pick a photo, or both.");
  if (!fromUrl) {
    const url = searchToUrl(search);
    if (url !== (location.search || location.pathname)) history.pushState(null, "", url);
  }
  $("search-button").disabled = true;
  try {
    const result = await postJson(`/collections/${encodeURIComponent(search.collection)}/search`, body);
    await adapterSwitchLoad;
    if (search !== current) return; // a newer search started meanwhile
    renderResults(search, result, body);
  } finally {
    $("search-button").disabled = false;
  }
}

// A search with extra body fields no form control holds (explicit "vectors"), from the browser's console or a test.
async function runSearch(extra) {
  const search = blankSearch();
  readForm(search);
  current = search;
  renderChips();
  const body = { ...requestBody(search), ...extra };
  renderResults(search, await postJson(`/collections/${encodeURIComponent(search.collection)}/search`, body), body);
}

// A search from the address: the one the page was opened with, or one reached by back/forward.
async function startFromUrl() {
  current = searchFromUrl(location.search);
  if (!current.collection) { current.collection = $("collection").value; renderChips(); clearResults(); return; }
  writeForm(current);
  renderChips();
  if (current.text || current.like.length > 0) await execute({ fromUrl: true });
  if (current.product) await openProduct(current.product, null);
}
window.addEventListener("popstate", () => { closeProductPanel(false); guarded(startFromUrl); });

$("search-form").onsubmit = (event) => {
  event.preventDefault();
  guarded(async () => {
    const next = blankSearch();
    readForm(next);
    // A new query starts from its first page; filters stay; a recommendation stays only while nothing is typed or picked.
    next.filters = current.filters;
    if (!next.text && !state.photo) { next.like = current.like; next.unlike = current.unlike; }
    current = next;
    renderChips();
    await execute();
  });
};

function rerun(change) {
  guarded(async () => {
    current = { ...current, ...change, product: null };
    renderChips();
    await execute();
  });
}

function toggleFilter(key, value) {
  const filters = hasFilter(key, value)
    ? current.filters.filter((f) => !(f.key === key && sameValue(f.value, value)))
    : [...current.filters, { key, value }];
  rerun({ filters, page: 0 });
}

// A new mode, adapter or k reruns the search on screen, from its first page.
const showing = () => Boolean(current.text || current.like.length > 0) && $("results").childElementCount + $("facets").childElementCount > 0;
$("mode").onchange = () => { if (showing()) rerun({ mode: $("mode").value, page: 0 }); };
$("adapter").onchange = () => { renderAdapterNote(); if (showing()) rerun({ adapter: adapterChoice($("adapter").value), page: 0 }); };
$("k").onchange = () => { if (showing() && Number($("k").value) >= 1) rerun({ k: Number($("k").value), page: 0 }); };

$("prev").onclick = () => rerun({ page: Math.max(0, current.page - 1) });
$("next").onclick = () => rerun({ page: current.page + 1 });

// Chips: the active filters and the recommendation, each removable.
function renderChips() {
  const chips = [
    ...current.filters.map((f) => [`${keyLabel(f.key)}: ${formatValue(f.value)}`, "filter", () => toggleFilter(f.key, f.value)]),
    ...current.like.map((id) => [`like ${id}`, "like", () => rerun({ like: current.like.filter((x) => x !== id), page: 0 })]),
    ...current.unlike.map((id) => [`not like ${id}`, "unlike", () => rerun({ unlike: current.unlike.filter((x) => x !== id), page: 0 })]),
  ];
  $("chips").replaceChildren(...chips.map(([text, kind, remove]) => {
    const chip = document.createElement("button");
    chip.type = "button";
    chip.className = `chip ${kind}`;
    chip.title = "Remove";
    chip.textContent = `${text} ×`;
    chip.onclick = remove;
    return chip;
  }));
  $("chips").hidden = chips.length === 0;
}

// Results
const thumbnailUrl = (collection, id, photo) => `/collections/${encodeURIComponent(collection)}/products/${encodeURIComponent(id)}/photos/${photo}/thumbnail`;

// Shows the first photo of `photos` ([index, ...]) that loads; img.dataset.photo says which; none: onMissing.
// An <img> cannot send the API key: with one, the thumbnail is fetched and shown from a blob URL.
function showThumbnail(img, collection, id, photos, onMissing) {
  const [photo, ...rest] = photos;
  if (photo === undefined) { onMissing(); return; }
  const next = () => showThumbnail(img, collection, id, rest, onMissing);
  img.dataset.photo = String(photo);
  const url = thumbnailUrl(collection, id, photo);
  if (!apiKey()) { img.onerror = next; img.src = url; return; }
  fetch(url, withKey())
    .then((response) => (response.ok ? response.blob() : Promise.reject(new Error(String(response.status)))))
    .then((blob) => { img.onerror = next; img.onload = () => URL.revokeObjectURL(img.src); img.src = URL.createObjectURL(blob); })
    .catch(next);
}

function clearResults() {
  $("results").replaceChildren();
  $("facets").replaceChildren();
  $("facets").hidden = true;
  $("pager").hidden = true;
  $("search-meta").textContent = "";
}

function renderResults(search, result, body) {
  const grid = $("results");
  grid.replaceChildren();
  const partial = result.partial ? ` · PARTIAL: shards ${result.missingShards.join(", ")} did not answer` : "";
  const first = search.page * search.k;
  const range = result.hits.length > 0 ? ` · ${first + 1}–${first + result.hits.length}` : "";
  const like = search.like.length > 0 ? ` · similar to ${search.like.join(", ")}` : "";
  const photo = body.image ? " · the query photo is not part of the link" : "";
  const adapter = adapterUsed(result, body);
  $("search-meta").textContent = `${result.hits.length} results in ${Number(result.tookMs ?? 0).toFixed(1)} ms${range} · ${search.mode}${adapter}${like}${partial}${photo}`;
  result.hits.forEach((hit, index) => grid.append(resultCard(search, hit, first + index + 1)));
  renderFacets(body.facets, result.facets ?? {});
  $("pager").hidden = search.page === 0 && result.hits.length < search.k;
  $("prev").disabled = search.page === 0;
  $("next").disabled = result.hits.length < search.k;
  $("page-label").textContent = `page ${search.page + 1}`;
}

// The adapter the server searched through (a gateway without adapters does not say), and whether text searched photos.
function adapterUsed(result, body) {
  if (!("adapter" in result)) return "";
  if (result.adapter == null) return " · no adapter";
  const used = state.searchAdapters?.adapters?.find((a) => a.version === result.adapter);
  return ` · adapter v${result.adapter}${used?.kind === "align" && body.text ? ": text searched photos" : ""}`;
}

function resultCard(search, hit, rank) {
  const card = document.createElement("div");
  card.className = "card";
  card.dataset.id = hit.id;
  card.dataset.matchedPhoto = hit.matchedPhoto ?? "";
  card.tabIndex = 0;
  card.title = "Show this product";
  const thumb = document.createElement("div");
  thumb.className = "thumb";
  const img = document.createElement("img");
  img.alt = hit.title ?? hit.id;
  img.loading = "lazy";
  // The photo that matched, else the product's first; neither: a placeholder.
  const photos = Number.isInteger(hit.matchedPhoto) && hit.matchedPhoto > 0 ? [hit.matchedPhoto, 0] : [0];
  showThumbnail(img, search.collection, hit.id, photos, () => { thumb.replaceChildren("no photo"); thumb.classList.add("empty"); });
  thumb.append(img);
  const body = document.createElement("div");
  body.className = "body";
  body.innerHTML = `<div class="title"></div><div class="category"></div><div class="rank"></div>`;
  body.querySelector(".title").textContent = hit.title ?? hit.id;
  body.querySelector(".category").textContent = hit.category ?? "";
  const matched = Number.isInteger(hit.matchedPhoto) ? ` · matched photo ${hit.matchedPhoto + 1}` : "";
  body.querySelector(".rank").textContent = `#${rank} · score ${Number(hit.score).toFixed(3)}${matched}`;
  card.append(thumb, body);
  card.onclick = () => guarded(() => openProduct(hit.id, hit));
  card.onkeydown = (e) => { if (e.key === "Enter") card.onclick(); };
  return card;
}

// Facets: per key its values and counts, most first as the server sends them; a click filters on the value.
function renderFacets(keys, facets) {
  const container = $("facets");
  container.replaceChildren();
  for (const key of keys) {
    const values = facets[key] ?? [];
    const group = document.createElement("div");
    group.className = "facet";
    group.dataset.key = key;
    const heading = document.createElement("h3");
    heading.textContent = keyLabel(key);
    group.append(heading);
    if (values.length === 0) {
      const none = document.createElement("div");
      none.className = "meta";
      none.textContent = "no values";
      group.append(none);
    }
    for (const entry of values) {
      const value = facetValue(entry);
      const count = entry.count;
      const button = document.createElement("button");
      button.type = "button";
      button.className = "facet-value";
      button.classList.toggle("active", hasFilter(key, value));
      button.dataset.value = typeof value === "string" ? value : JSON.stringify(value);
      const name = document.createElement("span");
      name.textContent = formatValue(value);
      const number = document.createElement("span");
      number.className = "count";
      number.textContent = String(count);
      button.append(name, number);
      button.onclick = () => toggleFilter(key, value);
      group.append(button);
    }
    container.append(group);
  }
  container.hidden = keys.length === 0;
}

// A facet value as JSON typed it; a value sent as text with its kind beside it ("number", "boolean") is read back
// typed, so that the match condition made from it has the attribute's type.
function facetValue(entry) {
  const kind = String(entry.kind ?? "").toLowerCase();
  if (typeof entry.value === "string" && kind === "number" && Number.isFinite(Number(entry.value))) return Number(entry.value);
  if (typeof entry.value === "string" && kind === "boolean") return entry.value === "true";
  return entry.value;
}

// The product panel
async function openProduct(id, hit) {
  const collection = current.collection;
  const product = await api(`/collections/${encodeURIComponent(collection)}/products/${encodeURIComponent(id)}`);
  const panel = $("product");
  panel.dataset.id = product.id;
  $("product-title").textContent = product.title ?? product.id;
  $("product-id").textContent = product.id;
  $("product-category").textContent = product.category ?? "–";
  const photoCount = Number(product.photos ?? 0);
  $("product-photo-count").textContent = photoCount === 1 ? "1 photo" : `${photoCount} photos`;
  $("product-photos").replaceChildren(...Array.from({ length: photoCount }, (_, i) => {
    const figure = document.createElement("figure");
    figure.classList.toggle("matched", hit?.matchedPhoto === i);
    const img = document.createElement("img");
    img.alt = `${product.title ?? product.id}, photo ${i + 1}`;
    showThumbnail(img, collection, product.id, [i], () => { figure.classList.add("empty"); });
    const caption = document.createElement("figcaption");
    caption.textContent = hit?.matchedPhoto === i ? `photo ${i + 1} · matched` : `photo ${i + 1}`;
    figure.append(img, caption);
    return figure;
  }));
  const attributes = Object.entries(product.attributes ?? {}).sort(([a], [b]) => a.localeCompare(b));
  const table = $("product-attributes");
  table.tBodies[0].replaceChildren(...attributes.map(([key, value]) => {
    const row = document.createElement("tr");
    row.dataset.key = key;
    row.insertCell().textContent = key;
    row.insertCell().textContent = formatValue(value);
    return row;
  }));
  table.hidden = attributes.length === 0;
  $("product-description").textContent = product.description ?? "";
  $("product-description").hidden = !product.description;
  $("less-like").hidden = current.like.length === 0 || current.like.includes(product.id) || current.unlike.includes(product.id);
  if (!panel.open) panel.showModal();
  if (current.product !== product.id) {
    current.product = product.id;
    history.replaceState(null, "", searchToUrl(current));
  }
}

// Closing the panel takes the product out of the URL, unless the URL is being replaced anyway.
let keepUrlOnClose = false;
function forgetProduct() {
  if (!current.product) return;
  current.product = null;
  history.replaceState(null, "", searchToUrl(current));
}
function closeProductPanel(updateUrl = true) {
  if ($("product").open) { keepUrlOnClose = !updateUrl; $("product").close(); } else if (updateUrl) forgetProduct();
}
$("product").onclose = () => { if (!keepUrlOnClose) forgetProduct(); keepUrlOnClose = false; };
$("product-close").onclick = () => closeProductPanel();
$("more-like").onclick = () => {
  const id = $("product").dataset.id;
  closeProductPanel(false);
  $("text").value = "";
  setPhoto(null);
  rerun({ text: "", like: [id], unlike: [], page: 0 });
};
$("less-like").onclick = () => {
  const id = $("product").dataset.id;
  closeProductPanel(false);
  rerun({ unlike: [...current.unlike, id], page: 0 });
};
