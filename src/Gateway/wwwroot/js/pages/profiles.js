// TOU profile manager: saved tariffs (from the Powerwall or the custom builder), save the current one,
// restore one to the Powerwall (which turns automatic sync off), choose the default, delete, view periods.
import { api } from "../api.js";
import { el, replace, panel, setPanelState, fmt, problemText } from "../ui.js";
import { pageFrame, ensureSiteTimeZone, field, formError, formStatus, showErrors, showFormError, clearErrors, confirmDialog, whileBusy, serviceProblem } from "../forms.js";
import { tariffView } from "../tariff-view.js";

const sourceLabels = { powerwall: "From the Powerwall", custom: "Custom (builder)" };

export async function render(main) {
  const page = pageFrame("profiles", "TOU profiles",
    el("a", { href: "#/builder", class: "button" }, "Build a custom tariff"));
  const savePanel = panel("profile-save", "Save the Powerwall's current tariff");
  const listPanel = panel("profile-list", "Saved profiles");
  const viewPanel = panel("profile-view", "Profile tariff");
  viewPanel.hidden = true;
  page.append(el("div", { class: "page-stack" }, savePanel, listPanel, viewPanel));
  replace(main, page);

  const status = formStatus();
  const list = el("div", { class: "profile-list" });
  listPanel.body.append(status, formError(), list);
  buildSaveForm(savePanel, load);

  let profiles = [];

  async function load() {
    try {
      const [list] = await Promise.all([api.get("/api/profiles"), ensureSiteTimeZone()]);
      profiles = list ?? [];
      draw();
      page.dataset.state = "ready";
    } catch (error) {
      replace(list);
      setPanelState(listPanel, "error", serviceProblem(error, "TariffSync"));
      page.dataset.state = page.dataset.state === "ready" ? "ready" : "error";
    }
  }

  function draw() {
    if (!profiles.length) {
      replace(list);
      setPanelState(listPanel, "empty", "No profiles yet. Save the Powerwall's current tariff above, or build one in the TOU builder.");
      return;
    }
    setPanelState(listPanel, "ready");
    const sorted = [...profiles].sort((a, b) => (b.isDefault - a.isDefault) || new Date(b.createdAt ?? 0) - new Date(a.createdAt ?? 0));
    replace(list, el("div", { class: "table-scroll" }, el("table", { class: "profiles-table" },
      el("thead", {}, el("tr", {}, el("th", {}, "Name"), el("th", {}, "Source"), el("th", {}, "Created"), el("th", {}, "Actions"))),
      el("tbody", {}, sorted.map(profileRow)))));
  }

  function profileRow(profile) {
    const view = el("button", { type: "button", dataset: { action: "view" } }, "View");
    const restore = el("button", { type: "button", class: "button-primary", dataset: { action: "restore" } }, "Restore");
    const makeDefault = el("button", { type: "button", dataset: { action: "default" }, disabled: profile.isDefault }, "Set default");
    const remove = el("button", { type: "button", class: "button-danger", dataset: { action: "delete" } }, "Delete");
    view.addEventListener("click", () => whileBusy(view, () => show(profile)));
    restore.addEventListener("click", () => whileBusy(restore, () => restoreProfile(profile)));
    makeDefault.addEventListener("click", () => whileBusy(makeDefault, () => act(
      () => api.put(`/api/profiles/${profile.id}/default`), `"${profile.name}" is now the default profile.`)));
    remove.addEventListener("click", () => whileBusy(remove, () => deleteProfile(profile)));
    return el("tr", { dataset: { profileId: profile.id } },
      el("td", {}, el("span", { class: "profile-name" }, profile.name),
        profile.isDefault ? el("span", { class: "badge badge-default" }, "Default") : null),
      el("td", {}, sourceLabels[profile.source] ?? profile.source ?? "–"),
      el("td", { class: "nowrap" }, fmt.dateTime(profile.createdAt)),
      el("td", {}, el("div", { class: "row-actions" }, view, restore, makeDefault, remove)));
  }

  async function act(call, success) {
    clearErrors(listPanel);
    status.textContent = "";
    try {
      await call();
      status.textContent = success;
      await load();
    } catch (error) {
      showFormError(listPanel, serviceProblem(error, "TariffSync"));
    }
  }

  async function restoreProfile(profile) {
    const ok = await confirmDialog({
      title: `Restore "${profile.name}" to the Powerwall?`,
      message: [
        "Its tariff is uploaded to the Powerwall now, replacing the one there.",
        "Restoring turns automatic sync OFF, so TariffSync stops replacing the tariff with Amber's prices. " +
          "Turn auto-sync back on in Settings when you want Amber pricing again.",
      ],
      confirmLabel: "Restore and turn auto-sync off",
    });
    if (!ok) return;
    await act(async () => {
      const outcome = await api.post(`/api/profiles/${profile.id}/restore`);
      if (outcome?.status === "failed") throw new Error(`The restore failed: ${outcome.reason ?? "no reason given"}.`);
    }, `"${profile.name}" was uploaded to the Powerwall; automatic sync is off.`);
  }

  async function deleteProfile(profile) {
    const ok = await confirmDialog({
      title: `Delete "${profile.name}"?`,
      message: profile.isDefault ? "This is the default profile. Deleting it cannot be undone." : "Deleting it cannot be undone.",
      confirmLabel: "Delete",
      danger: true,
    });
    if (!ok) return;
    if (viewPanel.dataset.profileId === String(profile.id)) viewPanel.hidden = true;
    await act(() => api.del(`/api/profiles/${profile.id}`), `"${profile.name}" was deleted.`);
  }

  async function show(profile) {
    viewPanel.hidden = false;
    viewPanel.dataset.profileId = String(profile.id);
    viewPanel.querySelector("h2").textContent = `Tariff of "${profile.name}"`;
    replace(viewPanel.body);
    setPanelState(viewPanel, "loading");
    try {
      const detail = await api.get(`/api/profiles/${profile.id}`);
      replace(viewPanel.body, tariffView(detail?.tariff));
      setPanelState(viewPanel, "ready");
    } catch (error) {
      setPanelState(viewPanel, "error", serviceProblem(error, "TariffSync"));
    }
    viewPanel.scrollIntoView({ behavior: "smooth", block: "start" });
  }

  await load();
}

function buildSaveForm(savePanel, reload) {
  const name = el("input", { type: "text", name: "name", maxlength: 100, required: true, placeholder: "e.g. Winter plan", autocomplete: "off" });
  const save = el("button", { type: "submit", class: "button-primary" }, "Save as profile");
  const status = formStatus();
  const form = el("form", { class: "inline-form", novalidate: true },
    field("name", "Profile name", name), el("div", { class: "actions" }, save), formError(), status);
  savePanel.body.append(
    el("p", { class: "muted small" }, "Keeps a copy of the tariff the Powerwall holds now, so you can put it back later."),
    form);
  setPanelState(savePanel, "ready");

  form.addEventListener("submit", event => {
    event.preventDefault();
    clearErrors(form);
    status.textContent = "";
    if (!name.value.trim()) {
      showErrors(form, { problem: { errors: { name: ["Give the profile a name."] } } });
      return;
    }
    whileBusy(save, async () => {
      try {
        const profile = await api.post("/api/profiles", { name: name.value.trim() });
        status.textContent = `Saved "${profile?.name ?? name.value.trim()}".`;
        name.value = "";
        await reload();
      } catch (error) {
        if (!showErrors(form, error)) showFormError(form, serviceProblem(error, "TariffSync"));
      }
    }).catch(error => console.error(problemText(error)));
  });
}
