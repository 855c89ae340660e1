// node --test: js/api.js against a real HTTP server standing in for the Gateway.
import { test, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";

let server;
let base;
let handler;
const requests = [];

before(async () => {
  server = http.createServer((request, response) => {
    let body = "";
    request.on("data", chunk => { body += chunk; });
    request.on("end", () => {
      requests.push({ method: request.method, url: request.url, headers: request.headers, body });
      handler(request, response, body);
    });
  });
  await new Promise(resolve => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${server.address().port}`;
  // The browser resolves "/api/..." against the page; node needs the origin spelled out.
  const realFetch = globalThis.fetch;
  globalThis.fetch = (url, init) => realFetch(new URL(url, base), init);
  globalThis.location = { pathname: "/", assigned: null, assign(url) { this.assigned = url; } };
});

after(() => server.close());
beforeEach(() => { requests.length = 0; globalThis.location.assigned = null; });

const send = (response, status, body, type = "application/json") => {
  response.writeHead(status, { "Content-Type": type });
  response.end(body === undefined ? "" : JSON.stringify(body));
};

const { api, ApiError, authState, resetAntiforgery } = await import("../../wwwroot/js/api.js");

test("unsafe calls carry the antiforgery token, fetched once", async () => {
  resetAntiforgery();
  handler = (request, response, body) => {
    if (request.url === "/api/auth/antiforgery") return send(response, 200, { token: "t-1", headerName: "X-XSRF-TOKEN" });
    return send(response, 200, { echo: JSON.parse(body) });
  };
  assert.deepEqual(await api.put("/api/sync/settings", { autoSync: true }), { echo: { autoSync: true } });
  await api.post("/api/sync", {});
  const unsafe = requests.filter(r => r.method !== "GET");
  assert.deepEqual(unsafe.map(r => r.headers["x-xsrf-token"]), ["t-1", "t-1"]);
  assert.equal(requests.filter(r => r.url === "/api/auth/antiforgery").length, 1);
});

test("a Gateway without sign-in (404 on /api/auth) needs no token and counts as signed in", async () => {
  resetAntiforgery();
  handler = (request, response) => request.url.startsWith("/api/auth/") ? send(response, 404) : send(response, 204);
  assert.equal(await api.del("/api/grid/force"), null);
  assert.equal(requests.at(-1).headers["x-xsrf-token"], undefined);
  const state = await authState();
  assert.equal(state.signedIn, true);
  assert.equal(state.authAvailable, false);
});

test("failures throw ApiError with the status and the problem body", async () => {
  handler = (request, response) => send(response, 400,
    { title: "The request is not valid.", errors: { minutes: ["Give minutes from 1 to 1440."] } }, "application/problem+json");
  await assert.rejects(api.get("/api/grid/events?limit=0"), error => {
    assert.ok(error instanceof ApiError);
    assert.equal(error.status, 400);
    assert.deepEqual(error.problem.errors.minutes, ["Give minutes from 1 to 1440."]);
    assert.equal(error.message, "The request is not valid.");
    return true;
  });
});

test("401 outside /api/auth sends the browser to the sign-in page", async () => {
  handler = (request, response) => send(response, 401, { title: "Sign in first." }, "application/problem+json");
  await assert.rejects(api.get("/api/status"), error => error.status === 401);
  assert.equal(globalThis.location.assigned, "/login.html");
  globalThis.location.assigned = null;
  await assert.rejects(api.post("/api/auth/login", { userName: "a", password: "b" }), error => error.status === 401);
  assert.equal(globalThis.location.assigned, null);
});

test("a refused antiforgery token is replaced and the call retried once", async () => {
  resetAntiforgery();
  let issued = 0;
  handler = (request, response) => {
    if (request.url === "/api/auth/antiforgery") return send(response, 200, { token: `t-${++issued}`, headerName: "X-XSRF-TOKEN" });
    if (request.headers["x-xsrf-token"] === "t-1") return send(response, 400, { title: "The antiforgery token is not valid." }, "application/problem+json");
    return send(response, 200, { ok: true });
  };
  assert.deepEqual(await api.post("/api/sync"), { ok: true });
  assert.deepEqual(requests.filter(r => r.url === "/api/sync").map(r => r.headers["x-xsrf-token"]), ["t-1", "t-2"]);
});
