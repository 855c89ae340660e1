// Log viewer: recent log entries of every service merged newest first, filtered by level, service and text,
// with the services that did not answer named, and the same filters as a text download.
import { api } from "../api.js";
import { el, replace, panel, setPanelState, getSiteTimeZone } from "../ui.js";
import { pageFrame, ensureSiteTimeZone, field, whileBusy, serviceProblem } from "../forms.js";

const levels = [["Information", "Information and above"], ["Warning", "Warnings and errors"], ["Error", "Errors only"]];
const services = [["", "All services"], ["gateway", "Gateway"], ["priceingest", "PriceIngest"], ["tariffsync", "TariffSync"],
  ["gridevents", "GridEvents"], ["telemetry", "Telemetry"]];
const limit = 500;
const typingDelayMs = 400;

/** Log lines need seconds (several land in one minute), in the site's zone like every other time. */
function logTime(value) {
  const date = new Date(value);
  if (!value || Number.isNaN(date.getTime())) return "–";
  return new Intl.DateTimeFormat("en-AU", {
    timeZone: getSiteTimeZone(), day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", second: "2-digit", hour12: false,
  }).format(date);
}

/** The query string for the filters; the download uses the same so it holds what the page shows. */
export function logQuery({ level, service, contains }, withLimit = true) {
  const query = new URLSearchParams();
  if (level) query.set("level", level);
  if (service) query.set("service", service);
  if (contains?.trim()) query.set("contains", contains.trim());
  if (withLimit) query.set("limit", String(limit));
  return query.toString();
}

export async function render(main) {
  const level = el("select", { name: "level" }, levels.map(([value, label]) => el("option", { value }, label)));
  const service = el("select", { name: "service" }, services.map(([value, label]) => el("option", { value }, label)));
  const contains = el("input", { type: "search", name: "contains", placeholder: "Text in the message", autocomplete: "off" });
  const refresh = el("button", { type: "button", id: "logs-refresh" }, "Refresh");
  const download = el("a", { class: "button", id: "logs-download", download: "" }, "Download");

  const page = pageFrame("logs", "Logs");
  const logPanel = panel("logs", "Recent log entries");
  const filters = el("form", { class: "filters", role: "search" },
    field("level", "Level", level), field("service", "Service", service), field("contains", "Contains", contains),
    el("div", { class: "actions" }, refresh, download));
  const unreachable = el("div", { id: "logs-unreachable" });
  const summary = el("p", { class: "muted small", id: "logs-count" });
  const list = el("ol", { class: "log-list", id: "log-list" });
  logPanel.body.append(unreachable, summary, list);
  page.append(filters, logPanel);
  replace(main, page);

  const filterValues = () => ({ level: level.value, service: service.value, contains: contains.value });
  const updateDownload = () => { download.href = `/api/logs/download?${logQuery(filterValues(), false)}`; };

  let request = 0;
  async function load() {
    const id = ++request;
    updateDownload();
    setPanelState(logPanel, "loading", "Loading log entries…");
    try {
      const [result] = await Promise.all([api.get(`/api/logs?${logQuery(filterValues())}`), ensureSiteTimeZone()]);
      if (id !== request) return;   // A newer filter's answer wins.
      draw(result ?? {});
      page.dataset.state = "ready";
    } catch (error) {
      if (id !== request) return;
      replace(list);
      replace(unreachable);
      summary.textContent = "";
      setPanelState(logPanel, "error", serviceProblem(error, "The log service"));
      if (page.dataset.state !== "ready") page.dataset.state = "error";
    }
  }

  function draw({ entries = [], unreachable: missing = [] }) {
    replace(unreachable, missing.length
      ? el("p", { class: "panel-message panel-message-error" },
        `Not answering, so their entries are missing: ${missing.join(", ")}.`)
      : null);
    summary.textContent = entries.length >= limit
      ? `The newest ${limit} entries; narrow the filters to see older ones.`
      : `${entries.length} ${entries.length === 1 ? "entry" : "entries"}.`;
    replace(list, entries.map(entryItem));
    if (entries.length) setPanelState(logPanel, "ready");
    else setPanelState(logPanel, "empty", "No log entries match these filters.");
  }

  let typingTimer = null;
  level.addEventListener("change", load);
  service.addEventListener("change", load);
  contains.addEventListener("input", () => { clearTimeout(typingTimer); typingTimer = setTimeout(load, typingDelayMs); });
  filters.addEventListener("submit", event => { event.preventDefault(); load(); });
  refresh.addEventListener("click", () => whileBusy(refresh, load));

  await load();
  return () => clearTimeout(typingTimer);
}

function entryItem(entry) {
  const levelName = String(entry.level ?? "");
  return el("li", { class: ["log-entry", `log-${levelName.toLowerCase()}`], dataset: { level: levelName, service: entry.service ?? "" } },
    el("div", { class: "log-head" },
      el("time", { datetime: entry.at ?? "" }, logTime(entry.at)),
      el("span", { class: `log-level level-${levelName.toLowerCase()}` }, levelName),
      el("span", { class: "log-service" }, entry.service ?? ""),
      entry.category ? el("span", { class: "log-category muted small" }, entry.category) : null),
    el("p", { class: "log-message" }, entry.message ?? ""),
    entry.exception ? el("details", { class: "log-exception" }, el("summary", {}, "Exception"), el("pre", {}, entry.exception)) : null);
}
