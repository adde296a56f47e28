// The live dashboard. It follows /gateway/ui/events (server-sent events, read with fetch so that the admin key
// can go in a header) and draws what arrives. Every value from the gateway is put on the page as text
// (textContent), never as HTML: paths, request ids and client names are chosen by whoever sends a request.
"use strict";

const FEED_ROWS = 200;
const KEY_STORE = "gateway-admin-key";
const $ = (id) => document.getElementById(id);
let lastOverview = null;

/** A table cell holding text, with optional classes. */
function cell(text, className) {
  const td = document.createElement("td");
  if (className) td.className = className;
  td.textContent = text === null || text === undefined ? "–" : String(text);
  return td;
}

/** A table cell holding a coloured badge with text. */
function badgeCell(text, kind) {
  const td = document.createElement("td");
  if (text === null || text === undefined) {
    td.textContent = "–";
    return td;
  }
  const span = document.createElement("span");
  span.className = "badge " + kind;
  span.textContent = String(text);
  td.appendChild(span);
  return td;
}

function number(n) {
  return Number(n).toLocaleString("en-US");
}

function duration(ms) {
  const s = Math.floor(ms / 1000);
  return s < 60 ? s + " s" : Math.floor(s / 60) + " min " + (s % 60) + " s";
}

// ---- the overview: tiles, routes with counters, chart, relays -------------------------------------------------

function showOverview(overview) {
  lastOverview = overview;
  const stats = overview.stats;
  $("total-requests").textContent = number(stats.requests);
  $("total-limited").textContent = number(stats.rateLimited);
  $("total-hits").textContent = number(stats.cache.hits);
  $("total-websockets").textContent = number(stats.activeWebSockets);
  $("latency-p50").textContent = stats.requests ? stats.latencyMs.p50 : "–";
  $("latency-p99").textContent = stats.requests ? stats.latencyMs.p99 : "–";
  showRoutes(overview);
  showRelays(overview.relays, stats.activeWebSockets);
  drawChart(overview.timeline);
  offerRouteFilter(overview);
}

function showRoutes(overview) {
  const rows = [];
  const names = overview.routes.map((route) => route.name);
  if (overview.counts["(no route)"]) names.push("(no route)");
  for (const name of names) {
    const route = overview.routes.find((r) => r.name === name);
    const counts = overview.counts[name] || {requests: 0, status2xx: 0, status4xx: 0, status5xx: 0, cacheHits: 0,
      rateLimited: 0, meanMs: 0};
    const upstreams = route ? route.upstreams : [null];
    upstreams.forEach((upstream, i) => {
      const tr = document.createElement("tr");
      tr.dataset.route = name;
      if (upstream) tr.dataset.upstream = upstream.name;
      const first = i === 0;
      tr.append(cell(first ? name : "", "route-name"), cell(first && route ? route.prefix : "", "path"));
      if (upstream) {
        const up = cell(upstream.url, "upstream");
        up.title = upstream.name;
        tr.append(up, badgeCell(upstream.health, upstream.health), upstream.circuit
          ? badgeCell(upstream.circuit, upstream.circuit) : badgeCell("off", "off"));
        tr.lastChild.classList.add("circuit");
        if (upstream.healthDetail) tr.children[3].title = upstream.healthDetail;
      } else {
        tr.append(cell(""), cell(""), cell(""));
      }
      const figures = [counts.requests, counts.status2xx, counts.status4xx, counts.status5xx, counts.cacheHits,
        counts.rateLimited, counts.meanMs];
      const classes = ["requests", "s2xx", "s4xx", "s5xx", "hits", "limited", "mean"];
      figures.forEach((figure, k) => tr.append(cell(first ? (k === 6 ? figure.toFixed(1) : number(figure)) : "",
        "num " + classes[k])));
      rows.push(tr);
    });
  }
  $("routes").tBodies[0].replaceChildren(...rows);
}

function showRelays(relays, total) {
  const rows = relays.map((relay) => {
    const tr = document.createElement("tr");
    tr.dataset.requestId = relay.requestId;
    tr.append(cell(relay.requestId, "id"), cell(relay.route), cell(relay.client), cell(duration(relay.openMs), "num"),
      cell(number(relay.messagesFromClient), "num in"), cell(number(relay.messagesFromUpstream), "num out"));
    return tr;
  });
  $("relays").tBodies[0].replaceChildren(...rows);
  $("relays-empty").hidden = relays.length > 0;
  if (total > relays.length) {
    $("relays-empty").hidden = false;
    $("relays-empty").textContent = "…and " + number(total - relays.length) + " more.";
  } else {
    $("relays-empty").textContent = "None open.";
  }
}

function drawChart(points) {
  const canvas = $("chart");
  const ratio = window.devicePixelRatio || 1;
  const width = canvas.clientWidth || canvas.width;
  const height = canvas.clientHeight || canvas.height;
  if (canvas.width !== width * ratio) {
    canvas.width = width * ratio;
    canvas.height = height * ratio;
  }
  const g = canvas.getContext("2d");
  g.setTransform(ratio, 0, 0, ratio, 0, 0);
  g.clearRect(0, 0, width, height);
  const left = 48, right = 64, top = 8, bottom = 18;
  const plotW = width - left - right, plotH = height - top - bottom;
  const maxRequests = Math.max(1, ...points.map((p) => p.requests));
  const maxMs = Math.max(1, ...points.map((p) => p.meanMs));
  const step = plotW / points.length;
  g.fillStyle = "#8fb3e8";
  points.forEach((p, i) => {
    const h = (p.requests / maxRequests) * plotH;
    g.fillRect(left + i * step, top + plotH - h, Math.max(1, step - 0.5), h);
  });
  g.strokeStyle = "#e07a1f";
  g.lineWidth = 1.5;
  g.beginPath();
  let drawing = false;
  points.forEach((p, i) => {
    if (!p.requests) { drawing = false; return; }
    const x = left + i * step + step / 2, y = top + plotH - (p.meanMs / maxMs) * plotH;
    if (drawing) g.lineTo(x, y); else g.moveTo(x, y);
    drawing = true;
  });
  g.stroke();
  g.fillStyle = "#6a7383";
  g.font = "11px system-ui, sans-serif";
  g.textAlign = "right";
  g.fillText(number(maxRequests) + "/s", left - 4, top + 10);
  g.fillText("0", left - 4, top + plotH);
  g.textAlign = "left";
  g.fillText(maxMs.toFixed(1) + " ms", width - right + 4, top + 10);
  g.fillText("−5 min", left, height - 4);
  g.textAlign = "right";
  g.fillText("now", left + plotW, height - 4);
}

function offerRouteFilter(overview) {
  const select = $("filter-route");
  const wanted = overview.routes.map((r) => r.name).concat(["(no route)"]);
  const have = Array.from(select.options).slice(1).map((o) => o.value);
  if (wanted.join("\n") === have.join("\n")) return;
  const chosen = select.value;
  const options = wanted.map((name) => {
    const option = document.createElement("option");
    option.value = name;
    option.textContent = name;
    return option;
  });
  select.replaceChildren(select.options[0], ...options);
  select.value = wanted.includes(chosen) ? chosen : "";
}

// ---- the feed -----------------------------------------------------------------------------------------------

function matchesFilters(entry) {
  const route = $("filter-route").value;
  const status = $("filter-status").value;
  return (!route || (entry.route || "(no route)") === route) && (!status || String(entry.status)[0] === status);
}

/** The path as people read it (percent-decoded); the raw form the gateway received is the cell's tooltip. */
function readable(path) {
  try {
    return decodeURIComponent(path);
  } catch (malformed) {
    return path;
  }
}

function feedRow(entry) {
  const tr = document.createElement("tr");
  tr.className = "fresh";
  tr.dataset.route = entry.route || "(no route)";
  tr.dataset.status = String(entry.status);
  tr.hidden = !matchesFilters(entry);
  const path = cell(readable(entry.path), "path");
  path.title = entry.path;
  tr.append(cell(new Date(entry.time).toISOString().substring(11, 23)), cell(entry.method), path,
    badgeCell(entry.status, "s" + String(entry.status)[0]), cell(entry.durationMs.toFixed(1), "num"),
    cell(entry.client), cell(entry.requestId, "id"), cell(entry.route), cell(entry.step, "step"),
    cell(entry.decision, "decision"), entry.cache ? badgeCell(entry.cache, entry.cache) : cell(null));
  return tr;
}

function showRequests(batch) {
  if (batch.dropped > 0) {
    $("dropped").textContent = number(batch.dropped) + " requests not shown: this page fell behind";
  }
  if ($("pause").checked) return;
  const body = $("feed").tBodies[0];
  for (const entry of batch.entries) body.prepend(feedRow(entry));
  while (body.rows.length > FEED_ROWS) body.lastChild.remove();
}

function applyFilters() {
  for (const tr of $("feed").tBodies[0].rows) {
    tr.hidden = !matchesFilters({route: tr.dataset.route, status: tr.dataset.status});
  }
}

// ---- the event stream ---------------------------------------------------------------------------------------

function setConnection(state, text) {
  $("connection").dataset.state = state;
  $("connection").textContent = text;
}

function dispatch(rawEvent) {
  let name = "message";
  const data = [];
  for (const line of rawEvent.split("\n")) {
    if (line.startsWith("event:")) name = line.slice(6).trim();
    else if (line.startsWith("data:")) data.push(line.slice(5).replace(/^ /, ""));
  }
  if (!data.length) return;
  const payload = JSON.parse(data.join("\n"));
  if (name === "overview") showOverview(payload);
  else if (name === "requests") showRequests(payload);
}

async function follow() {
  const key = sessionStorage.getItem(KEY_STORE);
  const headers = key ? {Authorization: "Bearer " + key} : {};
  let response;
  try {
    headers.Accept = "text/event-stream";
    response = await fetch("/gateway/ui/events", {headers, cache: "no-store"});
  } catch (unreachable) {
    setConnection("lost", "gateway unreachable: retrying");
    setTimeout(follow, 2000);
    return;
  }
  if (response.status === 403) {
    const body = await response.json().catch(() => ({}));
    askForKey(body.message || "The gateway refused: 403.");
    return;
  }
  if (!response.ok) {
    setConnection("lost", "the gateway answered " + response.status + ": retrying");
    setTimeout(follow, 3000);
    return;
  }
  setConnection("live", "live");
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffered = "";
  try {
    for (;;) {
      const {value, done} = await reader.read();
      if (done) break;
      buffered += decoder.decode(value, {stream: true}).replace(/\r\n/g, "\n");
      let end;
      while ((end = buffered.indexOf("\n\n")) >= 0) {
        dispatch(buffered.slice(0, end));
        buffered = buffered.slice(end + 2);
      }
    }
  } catch (cut) {
    // the connection ended; reconnect below
  }
  setConnection("lost", "connection lost: reconnecting");
  setTimeout(follow, 1000);
}

function askForKey(reason) {
  setConnection("refused", "refused");
  $("key-reason").textContent = reason;
  $("key-form").hidden = false;
  $("dashboard").hidden = true;
}

document.addEventListener("DOMContentLoaded", () => {
  $("filter-route").addEventListener("change", applyFilters);
  $("filter-status").addEventListener("change", applyFilters);
  $("key-form").addEventListener("submit", (event) => {
    event.preventDefault();
    sessionStorage.setItem(KEY_STORE, $("key").value);
    $("key-form").hidden = true;
    $("dashboard").hidden = false;
    follow();
  });
  window.addEventListener("resize", () => lastOverview && drawChart(lastOverview.timeline));
  follow();
});
