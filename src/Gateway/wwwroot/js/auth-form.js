// Shared by login.html and setup.html: redirect when the page does not apply, submit, show the problem.
import { api, authState, resetAntiforgery, ApiError } from "./api.js";

export function showError(message) {
  const error = document.getElementById("form-error");
  error.textContent = message ?? "";
  error.hidden = !message;
}

/** The sentence for a failed sign-in call: validation errors field by field, else the problem's detail or title. */
export function failureText(error) {
  const problem = error instanceof ApiError ? error.problem : null;
  if (problem?.errors) {
    const lines = Object.values(problem.errors).flat();
    if (lines.length) return lines.join(" ");
  }
  if (error instanceof ApiError && error.status === 429) {
    return problem?.detail ?? "Too many attempts. Wait a minute, then try again.";
  }
  return problem?.detail ?? problem?.title ?? error?.message ?? String(error);
}

/**
 * Wires a sign-in form. redirectWhen(state) names a page to go to instead (or null); submit(values) posts.
 * On success the antiforgery token is dropped (it is bound to the user) and the browser goes to /.
 */
export async function wireForm(formId, { redirectWhen, validate, submit }) {
  const form = document.getElementById(formId);
  const button = form.querySelector("button[type=submit]");
  try {
    const state = await authState();
    if (!state.authAvailable || state.signedIn) { location.replace("/"); return; }
    const target = redirectWhen(state);
    if (target) { location.replace(target); return; }
  } catch (error) {
    showError(`The Gateway could not be reached: ${failureText(error)}`);
  }

  form.addEventListener("submit", async event => {
    event.preventDefault();
    const values = Object.fromEntries(new FormData(form).entries());
    const problem = validate?.(values);
    if (problem) { showError(problem); return; }
    showError(null);
    button.disabled = true;
    try {
      await submit(values, api);
      resetAntiforgery();
      location.assign("/");
    } catch (error) {
      showError(failureText(error));
    } finally {
      button.disabled = false;
    }
  });
}
