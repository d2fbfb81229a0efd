// What every page of the console shares: DOM built from data without ever parsing data as HTML (text goes in
// through textContent and text nodes only), calls to the agent's JSON, and the admin token when the agent asks for one.

const TOKEN_KEY = "presenceagent.adminToken";

/** The agent answered 401: the admin must give the token. */
export class SignInNeeded extends Error {
  constructor() {
    super("Sign in with the agent's admin token.");
  }
}

/** An RFC 9457 problem document the agent answered with, or an error status without one. */
export class Problem extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `The agent answered ${status}.`);
    this.status = status;
    this.errors = problem?.errors ?? {};
  }

  /** Every message, the field's name first: "note: 300 characters; at most 256." */
  get messages() {
    const fields = Object.entries(this.errors);
    return fields.length === 0 ? [this.message] : fields.flatMap(([field, messages]) => messages.map((m) => `${field}: ${m}`));
  }
}

/**
 * An element: h("td", { class: "num", text: 3 }, child, "text"). Strings become text nodes, never markup; attributes
 * are set one by one, and "on…" properties become listeners.
 */
export function h(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) {
      continue;
    }

    if (key === "text") {
      node.textContent = String(value);
    } else if (key === "class") {
      node.className = value;
    } else if (key === "dataset") {
      Object.assign(node.dataset, value);
    } else if (key.startsWith("on")) {
      node.addEventListener(key.slice(2), value);
    } else {
      node.setAttribute(key, value === true ? "" : String(value));
    }
  }

  node.append(...children.flat(Infinity).filter((c) => c !== null && c !== undefined && c !== false).map((c) => (c instanceof Node ? c : String(c))));
  return node;
}

/** Replaces an element's children. */
export function fill(node, ...children) {
  node.replaceChildren(...children.flat(Infinity).filter((c) => c !== null && c !== undefined && c !== false));
  return node;
}

/** The element with this id; a page that lacks it is a bug of the console's, said at once. */
export function byId(id) {
  const node = document.getElementById(id);
  if (!node) {
    throw new Error(`The page has no #${id}.`);
  }

  return node;
}

/**
 * Calls the agent: path relative to the page ("api/dashboard", "../api/services/…"), JSON both ways. Throws
 * SignInNeeded on 401 and Problem on any other error status; resolves to the parsed body, or null for 204.
 */
export async function api(path, { method = "GET", json } = {}) {
  const headers = { Accept: "application/json" };
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (token) {
    headers.Authorization = `Bearer ${token}`;
  }

  if (json !== undefined) {
    headers["Content-Type"] = "application/json";
  }

  const response = await fetch(path, { method, headers, body: json === undefined ? undefined : JSON.stringify(json), cache: "no-store" });
  if (response.status === 401) {
    // Read to its end (it is empty), so the browser counts the exchange finished rather than abandoned.
    await response.text();
    sessionStorage.removeItem(TOKEN_KEY);
    throw new SignInNeeded();
  }

  const type = response.headers.get("Content-Type") ?? "";
  const body = type.includes("json") ? await response.json() : null;
  if (!response.ok) {
    throw new Problem(response.status, body);
  }

  return response.status === 204 ? null : body;
}

/** The path of the presence API for a contact, from any page of the console. */
export function presencePath(contact) {
  return `../api/services/${encodeURIComponent(contact)}/presence`;
}

/** The public avatar of a theme, as watchers fetch it. */
export function avatarPath(theme, size) {
  return `../avatars/${encodeURIComponent(theme)}.jpg?size=${size}`;
}

/** A time as the admin reads it: local date and time, to the second. */
export function time(iso) {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? String(iso) : date.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "medium" });
}

/** "3 min ago", "in 2 h": how far a time is from now. */
export function ago(iso) {
  const seconds = Math.round((new Date(iso).getTime() - Date.now()) / 1000);
  const format = new Intl.RelativeTimeFormat(undefined, { numeric: "auto", style: "short" });
  const abs = Math.abs(seconds);
  if (abs < 60) return format.format(seconds, "second");
  if (abs < 3600) return format.format(Math.round(seconds / 60), "minute");
  if (abs < 86400) return format.format(Math.round(seconds / 3600), "hour");
  return format.format(Math.round(seconds / 86400), "day");
}

/** A state as a badge coloured by its base status. */
export function stateBadge(id, base) {
  return h("span", { class: `badge base-${base}`, title: base === id ? undefined : `counts as ${base}`, text: id });
}

/** Says something in the page's status line; kind "error" stands out. Empty text hides it. */
export function status(text, kind = "info") {
  const line = byId("status");
  line.textContent = text ?? "";
  line.className = `status ${kind}`;
  line.hidden = !text;
}

/** Shows the sign-in form, for a page whose call met SignInNeeded outside its load. */
export function showSignIn() {
  const signIn = byId("sign-in");
  signIn.hidden = false;
  signIn.elements.token.focus();
  status(new SignInNeeded().message);
}

/**
 * Runs a page: marks its navigation link, loads it, asks for the token when the agent wants one, and reloads every
 * refreshSeconds while the tab is visible. Returns the load, so a page can run it again after a change.
 */
export function startPage(load, { refreshSeconds } = {}) {
  const page = document.body.dataset.page;
  for (const link of document.querySelectorAll("nav a")) {
    if (link.dataset.page === page) {
      link.setAttribute("aria-current", "page");
    }
  }

  const signIn = byId("sign-in");
  const signOut = byId("sign-out");
  let loads = 0;
  const run = async () => {
    try {
      await load();
      loads += 1;
      document.body.dataset.loads = String(loads);
      signOut.hidden = sessionStorage.getItem(TOKEN_KEY) === null;
      if (byId("status").classList.contains("error")) {
        status("");
      }
    } catch (error) {
      if (error instanceof SignInNeeded) {
        showSignIn();
      } else {
        status(error.message, "error");
      }
    }
  };

  signIn.addEventListener("submit", (event) => {
    event.preventDefault();
    const token = signIn.elements.token.value.trim();
    if (token) {
      sessionStorage.setItem(TOKEN_KEY, token);
      signIn.reset();
      signIn.hidden = true;
      status("");
      run();
    }
  });
  signOut.addEventListener("click", () => {
    sessionStorage.removeItem(TOKEN_KEY);
    location.reload();
  });

  run();
  if (refreshSeconds) {
    setInterval(() => {
      if (!document.hidden && signIn.hidden) {
        run();
      }
    }, refreshSeconds * 1000);
  }

  return run;
}
