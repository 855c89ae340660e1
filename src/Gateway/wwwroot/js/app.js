// The app shell: sign-in check, demo and connection banners, and a hash router that loads js/pages/<name>.js.
import { api, authState, resetAntiforgery, ApiError } from "./api.js";
import { onConnection } from "./live.js";
import { el, replace, problemText } from "./ui.js";

const pages = ["dashboard", "events", "settings", "profiles", "builder", "logs"];
const defaultPage = "dashboard";
const statusRefreshMs = 60_000;   // Service health changes rarely; live data arrives over /api/events.

const main = document.getElementById("app");
let dispose = null;
let renderId = 0;

function pageFromHash() {
  const name = location.hash.replace(/^#\/?/, "").split(/[/?]/)[0];
  return pages.includes(name) ? name : null;
}

function markNav(name) {
  for (const link of document.querySelectorAll("#nav a[data-page]")) {
    if (link.dataset.page === name) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
}

async function leavePage() {
  const previous = dispose;
  dispose = null;
  if (typeof previous === "function") {
    try { await previous(); } catch (error) { console.error("Leaving the page failed", error); }
  }
}

async function route() {
  const name = pageFromHash();
  if (!name) {
    location.replace(`#/${defaultPage}`);
    return;
  }
  const id = ++renderId;
  await leavePage();
  markNav(name);
  document.body.classList.remove("nav-open");
  main.replaceChildren();
  try {
    const module = await import(`./pages/${name}.js`);
    if (id !== renderId) return;
    const result = await module.render(main);
    if (id !== renderId) {
      if (typeof result === "function") await result();
      return;
    }
    dispose = typeof result === "function" ? result : null;
  } catch (error) {
    if (id !== renderId) return;
    console.error(`The ${name} page failed`, error);
    replace(main, el("section", { id: `page-${name}`, class: "page", dataset: { state: "error" } },
      el("h1", {}, "Something went wrong"),
      el("p", { class: "panel-message panel-message-error" },
        `The ${name} page could not be shown: ${problemText(error)}`)));
  }
}

// ---- banners --------------------------------------------------------------------------------------------

let liveUp = true;
let downServices = [];

function updateConnectionBanner() {
  const banner = document.getElementById("connection-banner");
  const problems = [];
  if (!liveUp) problems.push("Live updates are disconnected; reconnecting…");
  if (downServices.length) problems.push(`Not answering: ${downServices.join(", ")}.`);
  banner.textContent = problems.join(" ");
  banner.hidden = problems.length === 0;
}

async function refreshStatus() {
  try {
    const status = await api.get("/api/status");
    document.getElementById("demo-banner").hidden = !status.demoMode;
    downServices = Object.entries(status.services ?? {})
      .filter(([, health]) => health !== "healthy")
      .map(([service]) => service);
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return;
    downServices = ["Gateway"];
  }
  updateConnectionBanner();
}

// ---- sign-in --------------------------------------------------------------------------------------------

async function signOut() {
  try {
    await api.post("/api/auth/logout");
  } finally {
    resetAntiforgery();
    location.assign("/login.html");
  }
}

async function start() {
  let state;
  try {
    state = await authState();
  } catch (error) {
    replace(main, el("p", { class: "panel-message panel-message-error" }, `The Gateway could not be reached: ${problemText(error)}`));
    return;
  }
  if (!state.userExists) { location.assign("/setup.html"); return; }
  if (!state.signedIn) { location.assign("/login.html"); return; }

  const signOutButton = document.getElementById("sign-out");
  signOutButton.hidden = !state.authAvailable;
  signOutButton.addEventListener("click", () => signOut().catch(error => console.error("Sign-out failed", error)));
  if (state.userName) document.getElementById("user-name").textContent = state.userName;
  document.getElementById("demo-banner").hidden = !state.demoMode;

  document.getElementById("nav-toggle").addEventListener("click", () => {
    const open = document.body.classList.toggle("nav-open");
    document.getElementById("nav-toggle").setAttribute("aria-expanded", String(open));
  });

  onConnection(up => { liveUp = up; updateConnectionBanner(); });
  window.addEventListener("hashchange", route);
  await route();
  await refreshStatus();
  setInterval(refreshStatus, statusRefreshMs);
}

start();
