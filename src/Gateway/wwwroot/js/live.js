// One shared EventSource on /api/events for every page. EventSource reconnects by itself after a dropped
// connection; when the browser gives up (readyState CLOSED, e.g. a 401 or 5xx) we open a new one after a delay.

const handlers = new Map();          // event type -> Set of handlers
const connectionHandlers = new Set();
const retryDelayMs = 5000;
let source = null;
let connected = null;         // null until the first open or error: no "disconnected" flash while connecting
let retryTimer = null;

function setConnected(value) {
  if (connected === value) return;
  connected = value;
  for (const handler of connectionHandlers) handler(value);
}

// The Gateway names frames in kebab case (prices-updated); pages subscribe by event type (PricesUpdated).
// Listening for both keeps pages working whichever spelling the stream uses.
const kebab = type => type.replace(/(?<!^)([A-Z])/g, "-$1").toLowerCase();

function listen(type) {
  for (const name of new Set([type, kebab(type)])) listenFor(name, type);
}

function listenFor(name, type) {
  source?.addEventListener(name, message => {
    let data = null;
    try { data = JSON.parse(message.data); } catch { data = message.data; }
    for (const handler of handlers.get(type) ?? []) {
      try { handler(data); } catch (error) { console.error(`Live ${type} handler failed`, error); }
    }
  });
}

function open() {
  if (source || retryTimer) return;
  source = new EventSource("/api/events");
  source.addEventListener("open", () => setConnected(true));
  source.addEventListener("error", () => {
    setConnected(false);
    if (source?.readyState === EventSource.CLOSED) {
      source = null;
      retryTimer = setTimeout(() => { retryTimer = null; open(); }, retryDelayMs);
    }
  });
  for (const type of handlers.keys()) listen(type);
}

/** Calls handler with each live event of this type (parsed JSON); returns the unsubscribe function. */
export function onLive(eventType, handler) {
  if (!handlers.has(eventType)) {
    handlers.set(eventType, new Set());
    listen(eventType);
  }
  handlers.get(eventType).add(handler);
  open();
  return () => handlers.get(eventType)?.delete(handler);
}

/** Calls handler(true|false) whenever the live stream connects or drops (and now, once known); returns the unsubscribe function. */
export function onConnection(handler) {
  connectionHandlers.add(handler);
  open();
  if (connected !== null) handler(connected);
  return () => connectionHandlers.delete(handler);
}

export function isLiveConnected() {
  return connected === true;
}
