// The one way browser code talks to the Gateway: JSON in and out, the antiforgery token on unsafe methods,
// a 401 sends the user to sign in, and every other failure becomes an ApiError carrying the RFC 7807 body.

export class ApiError extends Error {
  constructor(status, problem, message) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.problem = problem;
  }
}

let antiforgery = null;   // { token, headerName } once fetched; null until then or after sign-in.
let antiforgeryRequest = null;

// Until the sign-in endpoints exist (404), the Gateway needs no token; an empty header is harmless then.
async function antiforgeryToken() {
  if (antiforgery) return antiforgery;
  antiforgeryRequest ??= fetch("/api/auth/antiforgery", { credentials: "same-origin", headers: { Accept: "application/json" } })
    .then(async response => {
      if (response.status === 404) return { token: "", headerName: "X-XSRF-TOKEN" };
      if (!response.ok) throw await toError(response, "GET", "/api/auth/antiforgery");
      return response.json();
    })
    .then(value => { antiforgery = value; return value; })
    .finally(() => { antiforgeryRequest = null; });
  return antiforgeryRequest;
}

/** Forget the token: it is bound to the user, so a new one is needed after signing in or out. */
export function resetAntiforgery() {
  antiforgery = null;
}

async function toError(response, method, path) {
  let problem = null;
  const type = response.headers.get("Content-Type") ?? "";
  if (type.includes("json")) {
    try { problem = await response.json(); } catch { problem = null; }
  }
  const message = problem?.detail || problem?.title || `${method} ${path} answered ${response.status} ${response.statusText}`.trim();
  return new ApiError(response.status, problem, message);
}

function goToSignIn() {
  if (!location.pathname.endsWith("/login.html") && !location.pathname.endsWith("/setup.html")) {
    location.assign("/login.html");
  }
}

// A token from before a sign-in, or one whose cookie expired, is refused with 400: fetch a fresh one and retry once.
const isAntiforgeryRefusal = error =>
  error instanceof ApiError && error.status === 400 && /antiforgery|xsrf|csrf/i.test(`${error.problem?.title ?? ""} ${error.problem?.detail ?? ""}`);

async function send(method, path, body) {
  try {
    return await sendOnce(method, path, body);
  } catch (error) {
    if (method === "GET" || !isAntiforgeryRefusal(error)) throw error;
    resetAntiforgery();
    return sendOnce(method, path, body);
  }
}

async function sendOnce(method, path, body) {
  const headers = { Accept: "application/json, application/problem+json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (method !== "GET") {
    const { token, headerName } = await antiforgeryToken();
    if (token) headers[headerName || "X-XSRF-TOKEN"] = token;
  }

  let response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: "same-origin",
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (failure) {
    throw new ApiError(0, null, `The Gateway could not be reached (${failure.message}).`);
  }

  // The sign-in endpoints answer 401 for wrong credentials; only other calls mean "not signed in".
  if (response.status === 401 && !path.startsWith("/api/auth/")) {
    goToSignIn();
    throw await toError(response, method, path);
  }
  if (!response.ok) throw await toError(response, method, path);
  if (response.status === 204) return null;
  const type = response.headers.get("Content-Type") ?? "";
  return type.includes("json") ? response.json() : response.text();
}

export const api = {
  get: path => send("GET", path),
  post: (path, body) => send("POST", path, body),
  put: (path, body) => send("PUT", path, body),
  del: path => send("DELETE", path),
};

/**
 * The sign-in state. A 404 means this Gateway has no sign-in yet: treat it as signed in with nothing to set up.
 * @returns {Promise<{userExists: boolean, signedIn: boolean, userName: string|null, demoMode: boolean, authAvailable: boolean}>}
 */
export async function authState() {
  try {
    const state = await api.get("/api/auth/state");
    return { ...state, authAvailable: true };
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) {
      return { userExists: true, signedIn: true, userName: null, demoMode: false, authAvailable: false };
    }
    throw error;
  }
}
