// Form helpers for the non-dashboard pages: labelled fields with their own error line, problem-details
// errors placed next to the field they name, a confirmation dialog and a busy button.
import { api } from "./api.js";
import { el, problemText, hasSiteTimeZone, setSiteTimeZone } from "./ui.js";

let nextId = 0;
/** A unique element id: pages render the same kind of field many times (periods, windows, settings). */
export const uniqueId = prefix => `${prefix}-${++nextId}`;

/**
 * A labelled field: div.field[data-field=key] with label, the control, an optional hint and a
 * p.field-error that showErrors fills. The control gets an id (unless it has one) so the label is linked.
 */
export function field(key, label, control, hint) {
  if (!control.id) control.id = uniqueId("f");
  const error = el("p", { class: "field-error", id: `${control.id}-error`, hidden: true });
  control.setAttribute("aria-describedby", error.id);
  return el("div", { class: "field", dataset: { field: key } },
    el("label", { for: control.id }, label),
    control,
    hint ? el("p", { class: "field-hint" }, hint) : null,
    error);
}

/** Removes every field error and the form-level error under root. */
export function clearErrors(root) {
  for (const error of root.querySelectorAll(".field-error, .form-error")) {
    error.textContent = "";
    error.hidden = true;
  }
  for (const invalid of root.querySelectorAll("[aria-invalid]")) invalid.removeAttribute("aria-invalid");
}

/**
 * Shows a failed call's problem: each errors[key] next to the field with data-field=key (keys are
 * matched case-insensitively, as ASP.NET may capitalise them); whatever names no field, and the
 * detail, go to the form-level p.form-error. Returns the number of messages placed by a field.
 */
export function showErrors(root, error) {
  clearErrors(root);
  const errors = error?.problem?.errors ?? {};
  const fields = new Map([...root.querySelectorAll("[data-field]")].map(node => [node.dataset.field.toLowerCase(), node]));
  const unplaced = [];
  let placed = 0;
  for (const [key, messages] of Object.entries(errors)) {
    const text = [messages].flat().join(" ");
    const target = fields.get(key.toLowerCase());
    const line = target?.querySelector(":scope > .field-error");
    if (line) {
      line.textContent = text;
      line.hidden = false;
      target.querySelector("input, select, textarea")?.setAttribute("aria-invalid", "true");
      placed++;
    } else {
      unplaced.push(text);
    }
  }
  const formError = root.querySelector(".form-error");
  if (formError && (unplaced.length || placed === 0)) {
    formError.textContent = unplaced.length ? unplaced.join(" ") : problemText(error);
    formError.hidden = false;
  }
  return placed;
}

/** A form-level error line (hidden until showErrors or showFormError fills it). */
export const formError = () => el("p", { class: "form-error", role: "alert", hidden: true });

/** A form-level status line for successes ("Saved."). */
export const formStatus = () => el("p", { class: "form-status", role: "status" });

export function showFormError(root, message) {
  const line = root.querySelector(".form-error");
  if (!line) return;
  line.textContent = message;
  line.hidden = !message;
}

/**
 * Asks before something that cannot be undone or changes the Powerwall. A modal <dialog> rather than
 * window.confirm so the warning can be long and styled. Resolves true only for the confirm button.
 */
export function confirmDialog({ title, message, confirmLabel = "Confirm", danger = false }) {
  return new Promise(resolve => {
    const confirm = el("button", { type: "button", class: danger ? "button-danger" : "button-primary", dataset: { choice: "confirm" } }, confirmLabel);
    const cancel = el("button", { type: "button", dataset: { choice: "cancel" } }, "Cancel");
    const dialog = el("dialog", { class: "confirm-dialog", "aria-labelledby": uniqueId("confirm") },
      el("h2", {}, title),
      [message].flat().map(text => el("p", {}, text)),
      el("div", { class: "actions" }, cancel, confirm));
    dialog.querySelector("h2").id = dialog.getAttribute("aria-labelledby");
    let answer = false;
    confirm.addEventListener("click", () => { answer = true; dialog.close(); });
    cancel.addEventListener("click", () => dialog.close());
    dialog.addEventListener("close", () => { dialog.remove(); resolve(answer); });
    document.body.append(dialog);
    dialog.showModal();
    cancel.focus();
  });
}

/** Runs an async action with the button disabled (so a double click cannot send it twice). */
export async function whileBusy(button, action) {
  const wasDisabled = button.disabled;
  button.disabled = true;
  button.setAttribute("aria-busy", "true");
  try {
    return await action();
  } finally {
    button.disabled = wasDisabled;
    button.removeAttribute("aria-busy");
  }
}

/** The page frame every route renders: section#page-<name>.page with a header; starts loading. */
export function pageFrame(name, title, ...headerExtras) {
  const section = el("section", { id: `page-${name}`, class: "page", dataset: { state: "loading" } },
    el("header", { class: "page-header" }, el("h1", {}, title), ...headerExtras));
  return section;
}

/** "TariffSync is not answering" for a 503, else the problem's own words. */
export function serviceProblem(error, service) {
  const text = problemText(error);
  if (text.includes(service)) return text;   // The Gateway's own 503 titles already name the service.
  if (error?.status === 503 || error?.status === 502 || error?.status === 504) {
    return `${service} is not answering: ${text}`;
  }
  if (error?.status === 404 && !error.problem?.detail) {
    return `${service}: this Gateway does not offer it yet (${text}).`;
  }
  return text;
}

/** A number input's value as a number, or null when blank; NaN when not a number. */
export function numberValue(input) {
  const text = input.value.trim();
  return text === "" ? null : Number(text);
}

let zoneRequest = null;

/**
 * Times on every page are in the site's zone. The dashboard learns it; a page opened directly asks the
 * tariff (TariffSync) and then the bill (Telemetry) once. Never rejects: the browser's zone is the fallback.
 */
export function ensureSiteTimeZone() {
  if (hasSiteTimeZone()) return Promise.resolve();
  zoneRequest ??= (async () => {
    for (const path of ["/api/tariff", "/api/bill"]) {
      try {
        const zone = (await api.get(path))?.timeZone;
        if (zone) { setSiteTimeZone(zone); return; }
      } catch {
        // That service is down or has nothing yet: try the next one.
      }
    }
  })().finally(() => { zoneRequest = null; });
  return zoneRequest;
}
