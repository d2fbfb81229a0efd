// Services: each one's presence, what decided it, its watchers and picture, and the override form. The form calls the
// presence API (PUT and DELETE /api/services/{alias}/presence), the same checks a script meets. A refresh updates what
// the cards show and leaves the forms alone, so it never takes away what the admin is typing.
import { Problem, SignInNeeded, ago, api, avatarPath, byId, fill, h, presencePath, showSignIn, startPage, stateBadge, status, time } from "./console.js";

const cards = new Map();
let statuses = [];

/** The status choices, grouped by the base status they count as. */
function statusOptions(selected) {
  const groups = new Map();
  for (const s of statuses) {
    const option = h("option", { value: s.id, selected: s.id === selected }, s.text && s.text !== s.id ? `${s.id} — ${s.text}` : s.id);
    if (!groups.has(s.base)) {
      groups.set(s.base, h("optgroup", { label: s.base }));
    }

    groups.get(s.base).append(option);
  }

  return [...groups.values()];
}

/** "2026-12-24T15:00" from the datetime-local input, in the browser's time zone, as ISO 8601 with its offset. */
function untilValue(value) {
  if (!value) {
    return undefined;
  }

  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? value : date.toISOString();
}

/** Says under the form why the agent refused, each field's messages on a line; asks for the token on 401. */
function failed(result, error) {
  if (error instanceof SignInNeeded) {
    showSignIn();
  }

  result.className = "form-result bad";
  fill(result, ...(error instanceof Problem ? error.messages : [error.message]).map((m) => h("span", { class: "line", text: m })));
}

async function submit(form, service, load) {
  const result = form.querySelector(".form-result");
  const note = form.elements.note.value.trim();
  const body = { status: form.elements.status.value };
  if (note) body.note = note;
  const until = untilValue(form.elements.until.value);
  if (until) body.until = until;
  try {
    const view = await api(presencePath(service.contact), { method: "PUT", json: body });
    const o = view.override;
    fill(result, `Set: watchers now see ${view.state.id}`,
      o ? (o.sticky ? " until it is cleared" : " until the next automatic change") : "",
      o?.until ? ` or ${time(o.until)}` : "", ".");
    result.className = "form-result ok";
    await load();
  } catch (error) {
    failed(result, error);
  }
}

async function clear(form, service, load) {
  const result = form.querySelector(".form-result");
  try {
    await api(presencePath(service.contact), { method: "DELETE" });
    form.reset();
    fill(result, "Cleared: the service is back to automatic presence.");
    result.className = "form-result ok";
    await load();
  } catch (error) {
    failed(result, error);
  }
}

function newCard(service, load) {
  const form = h("form", { class: "override", "aria-label": `Override of ${service.name}` },
    h("label", {}, "Status", h("select", { name: "status" }, statusOptions(service.override?.status ?? service.state.id))),
    h("label", {}, "Note", h("input", { name: "note", type: "text", maxlength: 256, placeholder: "shown instead of the status text" })),
    h("label", {}, "Until", h("input", { name: "until", type: "datetime-local" })),
    h("div", { class: "buttons" },
      h("button", { type: "submit", text: "Set override" }),
      h("button", { type: "button", class: "quiet clear", text: "Clear override" })),
    h("p", { class: "form-result", role: "status" }));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    submit(form, service, load);
  });
  form.querySelector(".clear").addEventListener("click", () => clear(form, service, load));

  const card = h("article", { class: "card service", dataset: { contact: service.contact } },
    h("img", { class: "avatar", width: 96, height: 96, alt: `Picture of ${service.name}` }),
    h("div", { class: "about" },
      h("h2", { text: service.name }),
      h("p", { class: "alias" }, h("code", { text: service.contact }), ` · ${service.kind}`),
      service.description ? h("p", { class: "hint", text: service.description }) : null,
      h("div", { class: "presence" })),
    form);
  return card;
}

function update(card, service) {
  const img = card.querySelector("img.avatar");
  const src = avatarPath(service.avatarTheme, 96);
  if (img.getAttribute("src") !== src) {
    img.setAttribute("src", src);
  }

  img.title = service.theme && service.theme.toLowerCase() !== service.avatarTheme.toLowerCase()
    ? `Theme ${service.theme} has no usable picture: showing ${service.avatarTheme}'s`
    : `Theme ${service.avatarTheme}`;
  const o = service.override;
  fill(card.querySelector(".presence"),
    h("p", { class: "shown" }, stateBadge(service.state.id, service.state.base),
      service.state.note ? h("span", { class: "note", text: `“${service.state.note}”` }) : null),
    h("dl", { class: "facts" },
      h("dt", { text: "Decided by" }), h("dd", { class: "source", text: service.source }),
      h("dt", { text: "Since" }), h("dd", { title: time(service.since), text: ago(service.since) }),
      h("dt", { text: "Watchers" }), h("dd", { class: "watchers", text: service.watchers }),
      h("dt", { text: "Override" }),
      h("dd", { class: "override-now" }, o
        ? [o.status, o.sticky ? " (sticky)" : " (until the next automatic change)", o.until ? `, until ${time(o.until)}` : "", o.note ? `, “${o.note}”` : ""]
        : "none")));
}

async function load() {
  const view = await api("api/services");
  statuses = view.statuses;
  const list = byId("services");
  const seen = new Set();
  for (const service of view.services) {
    seen.add(service.contact);
    let card = cards.get(service.contact);
    if (!card) {
      card = newCard(service, load);
      cards.set(service.contact, card);
      list.append(card);
    }

    update(card, service);
  }

  for (const [contact, card] of cards) {
    if (!seen.has(contact)) {
      card.remove();
      cards.delete(contact);
    }
  }

  if (view.services.length === 0) {
    status("No services are configured.");
  }
}

const run = startPage(load, { refreshSeconds: 10 });
byId("refresh").addEventListener("click", run);
