// Settings: the Amber and Tesla accounts (tokens are only ever "set"/"not set"), site, region and time zone;
// automatic tariff sync; the Home Assistant (MQTT) bridge's broker; and every GridEvents threshold and switch,
// drawn from the descriptors the API sends.
import { api } from "../api.js";
import { el, replace, panel, setPanelState, problemText, setSiteTimeZone, fmt } from "../ui.js";
import { pageFrame, field, formError, formStatus, showErrors, showFormError, clearErrors, whileBusy, serviceProblem, uniqueId } from "../forms.js";

const regions = [["SA1", "South Australia (SA1)"], ["NSW1", "New South Wales (NSW1)"], ["QLD1", "Queensland (QLD1)"],
  ["VIC1", "Victoria (VIC1)"], ["TAS1", "Tasmania (TAS1)"]];
const timeZones = ["Australia/Adelaide", "Australia/Brisbane", "Australia/Broken_Hill", "Australia/Darwin", "Australia/Hobart",
  "Australia/Lindeman", "Australia/Melbourne", "Australia/Perth", "Australia/Sydney"];
const weekdays = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
const sourceText = {
  setting: "set here", "amber-site": "from your Amber site", "tesla-site": "from the Powerwall", configuration: "from configuration", unknown: "not known yet",
};
const groupTitles = { spike: "AEMO price spikes", curtailment: "Export curtailment", demandWindow: "Demand window", force: "Force charge/discharge", testMode: "Test mode" };

export async function render(main) {
  const page = pageFrame("settings", "Settings");
  const demoPanel = panel("demo", "Demo mode");
  demoPanel.hidden = true;
  const amberPanel = panel("amber", "Amber Electric");
  const teslaPanel = panel("tesla", "Tesla Powerwall and time zone");
  const syncPanel = panel("auto-sync", "Automatic tariff sync");
  const homeAssistantPanel = panel("homeassistant", "Home Assistant (MQTT)");
  const gridPanel = panel("grid-settings", "Grid thresholds and switches");
  page.append(demoPanel, el("div", { class: "panel-grid" }, amberPanel, teslaPanel, syncPanel, homeAssistantPanel), gridPanel);
  replace(main, page);

  const accounts = loadAccounts({ demoPanel, amberPanel, teslaPanel });
  const results = await Promise.allSettled([accounts, loadAutoSync(syncPanel), loadHomeAssistant(homeAssistantPanel), loadGridSettings(gridPanel)]);
  const anyDrawn = results.some(result => result.status === "fulfilled" && result.value);
  page.dataset.state = anyDrawn ? "ready" : "error";
}

// ---- accounts ---------------------------------------------------------------------------------------------

async function loadAccounts(panels) {
  try {
    const accounts = await api.get("/api/settings/accounts");
    drawAccounts(panels, accounts);
    return true;
  } catch (error) {
    const message = serviceProblem(error, "Account settings");
    setPanelState(panels.amberPanel, "error", message);
    setPanelState(panels.teslaPanel, "error", message);
    // The demo explanation matters most to a new user; the status call knows demo mode on its own.
    try {
      const status = await api.get("/api/status");
      drawDemo(panels.demoPanel, { demoMode: Boolean(status?.demoMode) });
    } catch {
      // The shell's banners already say the Gateway is unwell.
    }
    return false;
  }
}

function drawAccounts(panels, accounts) {
  const reload = () => api.get("/api/settings/accounts").then(next => drawAccounts(panels, next));
  // A zone just chosen here applies to every time shown from now on.
  setSiteTimeZone(accounts.timeZone?.value);
  drawDemo(panels.demoPanel, accounts);
  drawAmber(panels.amberPanel, accounts.amber ?? {}, reload);
  drawTesla(panels.teslaPanel, accounts.tesla ?? {}, accounts.timeZone ?? {}, reload);
}

function drawDemo(demoPanel, accounts) {
  demoPanel.hidden = !accounts.demoMode;
  if (!accounts.demoMode) return;
  replace(demoPanel.body,
    el("p", {}, "TeslaSync is running on simulated data: Amber prices, the Powerwall and AEMO's market prices all come from the " +
      "built-in simulator, so nothing here touches a real battery or account."),
    el("ul", {},
      el("li", {}, "Add your Amber token to use your real Amber prices and site."),
      el("li", {}, "Add a Teslemetry token, or sign in with Tesla, to let TeslaSync read and control your real Powerwall " +
        "(it uploads tariffs to it and changes its mode when prices spike)."),
      el("li", {}, "Tokens are checked with the provider before they are stored, are stored encrypted and are never shown again.")));
  setPanelState(demoPanel, "ready");
}

/** Token state as a short status line: the value itself is never available to the page. */
const tokenState = set => el("span", { class: ["status", set ? "status-ok" : "status-unknown"], dataset: { tokenSet: String(Boolean(set)) } },
  set ? "Token set" : "Token not set");

function drawAmber(amberPanel, amber, reload) {
  const token = el("input", { type: "password", name: "token", autocomplete: "new-password", spellcheck: "false",
    placeholder: amber.tokenSet ? "Enter a new token to replace the saved one" : "psk_…" });
  const site = el("select", { name: "siteId", disabled: !(amber.sites ?? []).length },
    (amber.sites ?? []).length ? null : el("option", { value: "" }, amber.tokenSet ? "No sites found" : "Add a token to list your sites"),
    (amber.sites ?? []).map(s => el("option", { value: s.id, selected: s.id === amber.siteId },
      `${s.nmi || s.id}${s.network ? ` · ${s.network}` : ""}${s.status ? ` · ${s.status}` : ""}`)));
  const region = el("select", { name: "region" },
    el("option", { value: "" }, "Automatic (from the Amber site)"),
    regions.map(([value, label]) => el("option", { value, selected: amber.regionSource === "setting" && amber.region === value }, label)));
  const save = el("button", { type: "submit", class: "button-primary" }, "Save Amber settings");
  const status = formStatus();
  const form = el("form", { novalidate: true, id: "amber-form" },
    el("p", {}, tokenState(amber.tokenSet)),
    field("token", amber.tokenSet ? "Replace token" : "API token", token, "From app.amber.com.au → Developers. Checked with Amber before it is saved."),
    field("siteId", "Site", site),
    amber.sitesProblem ? el("p", { class: "field-hint warning" }, amber.sitesProblem) : null,
    field("region", "NEM region", region,
      `Now ${amber.region ?? "unknown"} (${sourceText[amber.regionSource] ?? amber.regionSource ?? "unknown"}). Decides which AEMO price drives spike detection.`),
    amber.regionProblem ? el("p", { class: "field-hint warning" }, amber.regionProblem) : null,
    el("div", { class: "actions" }, save), formError(), status);
  replace(amberPanel.body, form);
  setPanelState(amberPanel, "ready");

  const initialRegion = region.value;
  const initialSite = site.value;
  form.addEventListener("submit", event => {
    event.preventDefault();
    clearErrors(form);
    status.textContent = "";
    const body = {};
    if (token.value.trim()) body.token = token.value.trim();
    if (!site.disabled && site.value && site.value !== initialSite) body.siteId = site.value;
    if (region.value !== initialRegion) body.region = region.value;
    if (!Object.keys(body).length) { status.textContent = "Nothing changed."; return; }
    whileBusy(save, async () => {
      try {
        await api.put("/api/settings/amber", body);
        token.value = "";
        await reload();
        amberPanel.querySelector(".form-status").textContent = "Saved.";
      } catch (error) {
        if (!showErrors(form, error)) showFormError(form, serviceProblem(error, "PriceIngest"));
      }
    }).catch(error => console.error(problemText(error)));
  });
}

function signInResult() {
  const query = new URLSearchParams(location.hash.split("?")[1] ?? "");
  return query.get("signin") === "failed" ? `Tesla sign-in failed: ${query.get("reason") || "no reason given"}.` : null;
}

function drawTesla(teslaPanel, tesla, timeZone, reload) {
  const usesToken = tesla.provider === "teslemetry" || tesla.credential === "token";
  const status = formStatus();
  const accountStatus = el("p", { class: "form-status" });
  const accountError = formError();
  const signInFailure = signInResult();
  if (signInFailure) { accountError.textContent = signInFailure; accountError.hidden = false; }

  let account;
  if (usesToken) {
    const token = el("input", { type: "password", name: "teslemetryToken", autocomplete: "new-password", spellcheck: "false",
      placeholder: tesla.tokenSet ? "Enter a new token to replace the saved one" : "Teslemetry access token" });
    const save = el("button", { type: "submit", class: "button-primary" }, "Save token");
    account = el("form", { novalidate: true, id: "tesla-token-form" },
      el("p", {}, "Connected through Teslemetry. ", tokenState(tesla.tokenSet)),
      field("teslemetryToken", tesla.tokenSet ? "Replace Teslemetry token" : "Teslemetry token", token,
        "From teslemetry.com → Console. Checked with Tesla before it is saved."),
      el("div", { class: "actions" }, save), accountError, accountStatus);
    account.addEventListener("submit", event => {
      event.preventDefault();
      clearErrors(account);
      accountStatus.textContent = "";
      if (!token.value.trim()) { showErrors(account, { problem: { errors: { teslemetryToken: ["Enter the new token."] } } }); return; }
      whileBusy(save, async () => {
        try {
          await api.put("/api/settings/tesla", { teslemetryToken: token.value.trim() });
          token.value = "";
          await reload();
          teslaPanel.querySelector("#tesla-token-form .form-status").textContent = "Token saved.";
        } catch (error) {
          if (!showErrors(account, error)) showFormError(account, serviceProblem(error, "TariffSync"));
        }
      }).catch(error => console.error(problemText(error)));
    });
  } else {
    const signedIn = tesla.state === "signed-in";
    const signIn = el("button", { type: "button", class: "button-primary", id: "tesla-sign-in" }, signedIn ? "Sign in again" : "Sign in with Tesla");
    const signOut = el("button", { type: "button", id: "tesla-sign-out", hidden: !signedIn }, "Sign out of Tesla");
    const stateText = { "signed-in": "Signed in to Tesla", "sign-in-required": "Tesla needs you to sign in again", "not-signed-in": "Not signed in to Tesla" };
    account = el("div", { id: "tesla-account" },
      el("p", {}, el("span", { class: ["status", signedIn ? "status-ok" : "status-unknown"] }, stateText[tesla.state] ?? tesla.state ?? "Unknown")),
      el("p", { class: "muted small" }, "Tesla Fleet API: you sign in on Tesla's own page and come back here; TeslaSync never sees your password."),
      el("div", { class: "actions" }, signIn, signOut), accountError, accountStatus);
    signIn.addEventListener("click", () => whileBusy(signIn, async () => {
      try {
        const { authorizeUrl } = await api.post("/api/settings/tesla/signin");
        location.assign(authorizeUrl);
      } catch (error) {
        showFormError(account, serviceProblem(error, "TariffSync"));
      }
    }));
    signOut.addEventListener("click", () => whileBusy(signOut, async () => {
      try {
        await api.post("/api/settings/tesla/signout");
        await reload();
      } catch (error) {
        showFormError(account, serviceProblem(error, "TariffSync"));
      }
    }));
  }

  // Time zone: "" asks for the Powerwall's own zone (automatic).
  const zone = el("select", { name: "timeZone" },
    el("option", { value: "" }, "Automatic (the Powerwall's time zone)"),
    [...new Set([...timeZones, ...(timeZone.source === "setting" && timeZone.value ? [timeZone.value] : [])])]
      .map(name => el("option", { value: name, selected: timeZone.source === "setting" && timeZone.value === name }, name.replace("_", " "))));
  const saveZone = el("button", { type: "submit" }, "Save time zone");
  const zoneForm = el("form", { novalidate: true, id: "time-zone-form" },
    field("timeZone", "Time zone", zone,
      `Now ${timeZone.value ?? "unknown"} (${sourceText[timeZone.source] ?? timeZone.source ?? "unknown"}). Used for the demand window and daily totals.`),
    timeZone.problem ? el("p", { class: "field-hint warning" }, timeZone.problem) : null,
    el("div", { class: "actions" }, saveZone), formError(), status);
  zoneForm.addEventListener("submit", event => {
    event.preventDefault();
    clearErrors(zoneForm);
    status.textContent = "";
    whileBusy(saveZone, async () => {
      try {
        await api.put("/api/settings/tesla", { timeZone: zone.value });
        await reload();
        teslaPanel.querySelector("#time-zone-form .form-status").textContent = "Time zone saved.";
      } catch (error) {
        if (!showErrors(zoneForm, error)) showFormError(zoneForm, serviceProblem(error, "TariffSync"));
      }
    }).catch(error => console.error(problemText(error)));
  });

  replace(teslaPanel.body, account, el("hr"), zoneForm);
  setPanelState(teslaPanel, "ready");
}

// ---- automatic sync ---------------------------------------------------------------------------------------

async function loadAutoSync(syncPanel) {
  const toggle = el("input", { type: "checkbox", id: "auto-sync", role: "switch" });
  const status = formStatus();
  const wrapper = el("div", {},
    el("label", { class: "switch", for: "auto-sync" }, toggle, "Upload a new tariff automatically when Amber's prices change"),
    el("p", { class: "muted small" }, "Off keeps whatever tariff the Powerwall has now (for example a restored profile)."),
    formError(), status);
  replace(syncPanel.body, wrapper);
  try {
    const settings = await api.get("/api/sync/settings");
    toggle.checked = Boolean(settings?.autoSync);
    setPanelState(syncPanel, "ready");
  } catch (error) {
    setPanelState(syncPanel, "error", serviceProblem(error, "TariffSync"));
    toggle.disabled = true;
    return false;
  }
  toggle.addEventListener("change", async () => {
    const wanted = toggle.checked;
    showFormError(wrapper, "");
    status.textContent = "";
    toggle.disabled = true;
    try {
      const settings = await api.put("/api/sync/settings", { autoSync: wanted });
      toggle.checked = Boolean(settings?.autoSync);
      status.textContent = toggle.checked ? "Automatic sync is on." : "Automatic sync is off.";
    } catch (error) {
      toggle.checked = !wanted;
      showFormError(wrapper, serviceProblem(error, "TariffSync"));
    } finally {
      toggle.disabled = false;
    }
  });
  return true;
}

// ---- Home Assistant (MQTT) bridge ---------------------------------------------------------------------------

/** The bridge's state as one line: off, connecting, connected since …, or failed with the broker's reason. */
export function bridgeStatusText(status, formatTime = fmt.dateTime) {
  const at = status?.broker ? ` to ${status.broker}` : "";
  switch (status?.state) {
    case "connecting": return `Connecting${at}…`;
    case "connected": return `Connected${at}${status.since ? ` since ${formatTime(status.since)}` : ""}`;
    case "failed": return `Failed${at}: ${status.lastError || "no reason given"}`;
    case "off": case undefined: case null: return "Off";
    default: return String(status.state);
  }
}

/**
 * The PUT body from the form's values: { body } to send, or { errors } keyed like the API's when the port
 * cannot be sent as a number. The password is left out (kept) when blank, "" when clearPassword is ticked.
 */
export function homeAssistantRequest({ broker = "", port = "", username = "", password = "", clearPassword = false, discoveryPrefix = "" }) {
  const portText = String(port).trim();
  if (portText !== "" && !/^\d+$/.test(portText)) {
    return { errors: { port: ["Enter a whole number from 1 to 65535 (Mosquitto listens on 1883)."] } };
  }
  const body = {
    broker: broker.trim(),
    port: portText === "" ? null : Number(portText),
    username: username.trim() === "" ? null : username,
    discoveryPrefix: discoveryPrefix.trim(),
  };
  if (clearPassword) body.password = "";
  else if (password !== "") body.password = password;
  return { body };
}

async function loadHomeAssistant(haPanel) {
  try {
    drawHomeAssistant(haPanel, await api.get("/api/settings/homeassistant"));
    return true;
  } catch (error) {
    setPanelState(haPanel, "error", problemText(error));
    return false;
  }
}

function bridgeBadge(bridgeStatus) {
  const state = bridgeStatus?.state ?? "off";
  return el("span", { class: ["status", `status-${state}`], dataset: { state } }, bridgeStatusText(bridgeStatus));
}

/** Whether the bridge has not yet caught up with saved settings: still connecting, or not yet started or stopped. */
export function bridgeSettling(settings) {
  const state = settings?.status?.state ?? "off";
  return settings?.enabled ? state === "connecting" || state === "off" : state !== "off";
}

/** Right after a save the bridge is still (dis)connecting: look again every few seconds, a few times, so the outcome shows. */
function followBridgeStatus(haPanel, settings, attemptsLeft = 10) {
  if (attemptsLeft <= 0 || !bridgeSettling(settings)) return;
  setTimeout(async () => {
    const line = haPanel.body.querySelector("#homeassistant-status");
    if (!line) return;
    try {
      const latest = await api.get("/api/settings/homeassistant");
      replace(line, bridgeBadge(latest.status));
      followBridgeStatus(haPanel, latest, attemptsLeft - 1);
    } catch (error) {
      console.error(problemText(error));
    }
  }, 3000);
}

function drawHomeAssistant(haPanel, settings) {
  const statusLine = el("p", { id: "homeassistant-status" }, bridgeBadge(settings.status));
  const broker = el("input", { type: "text", name: "broker", value: settings.broker ?? "", spellcheck: "false", autocomplete: "off",
    placeholder: "homeassistant.local" });
  const port = el("input", { type: "number", name: "port", value: settings.port ?? 1883, min: 1, max: 65535, step: 1, inputmode: "numeric" });
  const username = el("input", { type: "text", name: "username", value: settings.username ?? "", spellcheck: "false", autocomplete: "off" });
  const password = el("input", { type: "password", name: "password", autocomplete: "new-password",
    placeholder: settings.passwordSet ? "Enter a new password to replace the saved one" : "" });
  const clearPassword = el("input", { type: "checkbox", name: "clearPassword", id: uniqueId("clear-password") });
  const prefix = el("input", { type: "text", name: "discoveryPrefix", value: settings.discoveryPrefix ?? "homeassistant", spellcheck: "false" });
  const save = el("button", { type: "submit", class: "button-primary" }, "Save Home Assistant settings");
  const status = formStatus();
  const passwordState = el("span", { class: ["status", settings.passwordSet ? "status-ok" : "status-unknown"], dataset: { passwordSet: String(Boolean(settings.passwordSet)) } },
    settings.passwordSet ? "Password set" : "No password");
  const form = el("form", { novalidate: true, id: "homeassistant-form" },
    statusLine,
    el("p", { class: "muted small" }, "Publishes the Powerwall, prices and grid events to Home Assistant through its MQTT broker " +
      "(e.g. the Mosquitto add-on), which discovers them as entities. Leave the broker empty to turn the bridge off. " +
      (settings.source === "configuration" && settings.enabled ? "The broker now comes from configuration; saving here replaces it." : "")),
    field("broker", "Broker", broker, "Host name or IP address only, no mqtt:// and no port."),
    field("port", "Port", port),
    field("username", "User name", username, "Leave empty if the broker allows anonymous clients."),
    el("p", {}, passwordState),
    field("password", settings.passwordSet ? "Replace password" : "Password", password),
    settings.passwordSet
      ? el("p", {}, el("label", { class: "switch", for: clearPassword.id }, clearPassword, "Remove the saved password"))
      : null,
    field("discoveryPrefix", "Discovery prefix", prefix,
      `Home Assistant's MQTT discovery prefix (normally homeassistant). TeslaSync's own topics are under ${settings.topicRoot ?? "teslasync"}/.`),
    el("div", { class: "actions" }, save), formError(), status);
  replace(haPanel.body, form);
  setPanelState(haPanel, "ready");

  clearPassword.addEventListener("change", () => {
    password.disabled = clearPassword.checked;
    if (clearPassword.checked) password.value = "";
  });
  form.addEventListener("submit", event => {
    event.preventDefault();
    clearErrors(form);
    status.textContent = "";
    const request = homeAssistantRequest({ broker: broker.value, port: port.value, username: username.value, password: password.value,
      clearPassword: clearPassword.checked, discoveryPrefix: prefix.value });
    if (request.errors) { showErrors(form, { problem: { errors: request.errors } }); return; }
    whileBusy(save, async () => {
      try {
        const next = await api.put("/api/settings/homeassistant", request.body);
        drawHomeAssistant(haPanel, next);
        followBridgeStatus(haPanel, next);
        haPanel.querySelector("#homeassistant-form .form-status").textContent = next.enabled ? "Saved; the bridge connects with these settings." : "Saved; the bridge is off.";
      } catch (error) {
        if (!showErrors(form, error)) showFormError(form, problemText(error));
      }
    }).catch(error => console.error(problemText(error)));
  });
}

// ---- grid thresholds and switches -------------------------------------------------------------------------

/** Shows a setting value the way a person reads it ("On", "16:00", "Monday–Friday", "300 $/MWh"). */
export function describeValue(setting, value) {
  if (value === null || value === undefined || value === "") return "none";
  switch (setting.kind) {
    case "bool": return value ? "On" : "Off";
    case "days": return Array.isArray(value) && value.length ? value.join(", ") : "no days";
    case "number": return setting.unit ? `${value} ${setting.unit}` : String(value);
    default: return String(value);
  }
}

/** Same value? Days compare as sets, numbers as numbers. */
export function sameValue(kind, a, b) {
  if (kind === "days") {
    const left = new Set(a ?? []);
    const right = new Set(b ?? []);
    return left.size === right.size && [...left].every(day => right.has(day));
  }
  if (kind === "number") return Number(a) === Number(b);
  return a === b;
}

/** An editor for one setting: {node, read(), write(value)}; read() gives the JSON value the API expects. */
function settingEditor(setting) {
  const id = uniqueId("setting");
  switch (setting.kind) {
    case "bool": {
      const input = el("input", { type: "checkbox", id, role: "switch" });
      return { input, read: () => input.checked, write: value => { input.checked = Boolean(value); } };
    }
    case "number": {
      const input = el("input", { type: "number", id, step: "any", min: setting.min, max: setting.max, inputmode: "decimal" });
      return {
        input,
        read: () => (input.value.trim() === "" ? null : Number(input.value)),
        write: value => { input.value = value ?? ""; },
      };
    }
    case "time": {
      const input = el("input", { type: "time", id, step: 60 });
      return { input, read: () => input.value, write: value => { input.value = value ?? ""; } };
    }
    case "days": {
      const boxes = weekdays.map(day => el("input", { type: "checkbox", value: day, "aria-label": day }));
      const input = el("div", { class: "day-picker", id, role: "group" },
        boxes.map((box, index) => el("label", { class: "day" }, box, weekdays[index].slice(0, 3))));
      return {
        input,
        read: () => boxes.filter(box => box.checked).map(box => box.value),
        write: value => { for (const box of boxes) box.checked = (value ?? []).includes(box.value); },
      };
    }
    default: {
      const input = el("input", { type: "text", id });
      return { input, read: () => input.value, write: value => { input.value = value ?? ""; } };
    }
  }
}

function settingField(setting) {
  const editor = settingEditor(setting);
  editor.write(setting.value);
  const reset = el("button", { type: "button", class: "button-quiet button-small", dataset: { reset: setting.key } }, "Reset to default");
  const limits = [
    setting.min !== undefined && setting.min !== null ? `min ${setting.min}` : null,
    setting.max !== undefined && setting.max !== null ? `max ${setting.max}` : null,
  ].filter(Boolean).join(", ");
  const meta = el("p", { class: "field-hint setting-meta" },
    [setting.unit ? `Unit: ${setting.unit}` : null, limits || null, `Default: ${describeValue(setting, setting.default)}`].filter(Boolean).join(" · "), " ", reset);
  const error = el("p", { class: "field-error", id: `${editor.input.id}-error`, hidden: true });
  editor.input.setAttribute("aria-describedby", error.id);
  const label = setting.kind === "bool"
    ? el("label", { class: "switch", for: editor.input.id }, editor.input, el("span", { class: "setting-label" }, setting.label))
    : el("label", { for: editor.input.id, class: "setting-label" }, setting.label, setting.unit ? el("span", { class: "muted" }, ` (${setting.unit})`) : null);
  const node = el("div", { class: ["field", "setting", `setting-${setting.kind}`], dataset: { field: setting.key } },
    label,
    setting.kind === "bool" ? null : editor.input,
    setting.description ? el("p", { class: "field-hint" }, setting.description) : null,
    meta, error);
  const update = () => node.classList.toggle("changed", !sameValue(setting.kind, editor.read(), setting.value));
  reset.addEventListener("click", () => { editor.write(setting.default); update(); });
  node.addEventListener("input", update);
  node.addEventListener("change", update);
  return { node, editor, setting };
}

async function loadGridSettings(gridPanel) {
  let response;
  try {
    response = await api.get("/api/settings/grid");
  } catch (error) {
    setPanelState(gridPanel, "error", serviceProblem(error, "GridEvents"));
    return false;
  }
  drawGridSettings(gridPanel, response?.settings ?? []);
  return true;
}

function drawGridSettings(gridPanel, settings) {
  if (!settings.length) {
    replace(gridPanel.body);
    setPanelState(gridPanel, "empty", "GridEvents reported no settings.");
    return;
  }
  const fields = settings.map(settingField);
  const groups = new Map();
  for (const item of fields) {
    const group = item.setting.key.split(".")[0];
    if (!groups.has(group)) groups.set(group, []);
    groups.get(group).push(item);
  }
  const save = el("button", { type: "submit", class: "button-primary" }, "Save changes");
  const status = formStatus();
  const form = el("form", { novalidate: true, id: "grid-settings-form" },
    el("div", { class: "settings-groups" }, [...groups].map(([group, items]) => el("fieldset", { class: "setting-group" },
      el("legend", {}, groupTitles[group] ?? group),
      items.map(item => item.node)))),
    el("div", { class: "actions sticky-actions" }, save, el("span", { class: "muted small" }, "Only changed settings are sent; all are checked together.")),
    formError(), status);
  replace(gridPanel.body, form);
  setPanelState(gridPanel, "ready");

  form.addEventListener("submit", event => {
    event.preventDefault();
    clearErrors(form);
    status.textContent = "";
    const changes = {};
    for (const { editor, setting } of fields) {
      const value = editor.read();
      if (!sameValue(setting.kind, value, setting.value)) changes[setting.key] = value;
    }
    if (!Object.keys(changes).length) { status.textContent = "Nothing changed."; return; }
    const badNumber = Object.entries(changes).find(([key, value]) =>
      fields.find(item => item.setting.key === key).setting.kind === "number" && (value === null || !Number.isFinite(value)));
    if (badNumber) {
      showErrors(form, { problem: { errors: { [badNumber[0]]: ["Enter a number."] } } });
      return;
    }
    whileBusy(save, async () => {
      try {
        const next = await api.put("/api/settings/grid", changes);
        drawGridSettings(gridPanel, next?.settings ?? settings);
        gridPanel.querySelector("#grid-settings-form .form-status").textContent =
          `Saved ${Object.keys(changes).length} ${Object.keys(changes).length === 1 ? "setting" : "settings"}.`;
      } catch (error) {
        if (!showErrors(form, error)) showFormError(form, serviceProblem(error, "GridEvents"));
        form.querySelector(".field-error:not([hidden])")?.closest(".field")?.scrollIntoView({ block: "center" });
      }
    }).catch(error => console.error(problemText(error)));
  });
}
