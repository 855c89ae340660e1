// Renders GET /api/status. Prices change every five minutes, so a refresh every 30 s is plenty.
"use strict";

const refreshEveryMs = 30_000;
const money = value => value === null || value === undefined ? "–" : `$${Number(value).toFixed(4)}`;
const clock = iso => new Date(iso).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });

function element(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
}

function renderPrices(status) {
  const now = document.getElementById("price-now");
  const error = document.getElementById("price-error");
  const body = document.querySelector("#upcoming tbody");
  body.replaceChildren();
  error.hidden = !status.pricesError;
  error.textContent = status.pricesError ?? "";

  const current = status.prices?.current;
  if (!current) {
    now.textContent = "No prices yet";
    return;
  }

  now.replaceChildren(
    element("span", `Buy ${money(current.buyPerKwh)} · Sell ${money(current.sellPerKwh)} per kWh`, `level-${current.descriptor}`),
    element("small", `${current.descriptor} · ${Math.round(current.renewables ?? 0)}% renewables · until ${clock(current.end)}`));

  for (const row of status.prices.upcoming) {
    const tr = element("tr");
    tr.append(element("td", clock(row.start)), element("td", money(row.buyPerKwh)),
      element("td", money(row.sellPerKwh)), element("td", row.descriptor, `level-${row.descriptor}`));
    body.append(tr);
  }
}

function renderSync(status) {
  const target = document.getElementById("last-sync");
  const sync = status.lastSync;
  if (!sync) {
    target.textContent = status.lastSyncError ?? "No sync yet.";
    return;
  }

  target.replaceChildren(
    element("strong", sync.status, `status-${sync.status}`),
    element("span", ` at ${new Date(sync.at).toLocaleString()}`),
    ...(sync.reason ? [element("div", sync.reason)] : []));
}

function renderServices(status) {
  const list = document.getElementById("services");
  list.replaceChildren(...Object.entries(status.services).map(([name, health]) => {
    const item = element("li");
    item.append(element("span", name), element("span", health, `status-${health}`));
    return item;
  }));
}

async function refresh() {
  try {
    const response = await fetch("/api/status", { headers: { Accept: "application/json" } });
    if (!response.ok) throw new Error(`The gateway answered ${response.status}.`);
    const status = await response.json();
    document.getElementById("demo-badge").hidden = !status.demoMode;
    renderPrices(status);
    renderSync(status);
    renderServices(status);
    document.getElementById("updated").textContent = `Updated ${new Date(status.generatedAt).toLocaleTimeString()}`;
  } catch (problem) {
    document.getElementById("updated").textContent = `Could not reach the gateway: ${problem.message}`;
  }
}

refresh();
setInterval(refresh, refreshEveryMs);
