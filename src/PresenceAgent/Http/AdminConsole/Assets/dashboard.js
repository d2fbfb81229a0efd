// The dashboard: subscriptions now, the newest presence changes, and the configuration reload; refreshed every 5 s.
import { ago, api, byId, fill, h, startPage, time } from "./console.js";

function counts(table, rows) {
  fill(table.tBodies[0], rows.map((row) => h("tr", {}, h("th", { scope: "row", text: row.name }), h("td", { class: "num", text: row.count }))));
}

function reload(card, status) {
  card.querySelector(".reload-summary").textContent = status.summary;
  card.dataset.supported = String(status.supported);
  fill(card.querySelector(".facts"),
    h("dt", { text: "Configuration in force since" }), h("dd", { text: `${time(status.loadedAt)} (${ago(status.loadedAt)})` }));
  const last = status.last;
  if (!last) {
    fill(card.querySelector(".reload-last"), status.supported ? h("p", { class: "hint", text: "No reload since start." }) : null);
    return;
  }

  fill(card.querySelector(".reload-last"),
    h("p", {},
      h("span", { class: `badge ${last.applied ? "ok" : "bad"}`, text: last.applied ? "applied" : "rejected" }),
      ` ${time(last.at)}, by ${last.trigger}`),
    last.errors.length > 0 ? h("ul", { class: "plain errors" }, last.errors.map((e) => h("li", {}, h("code", { text: e.key }), `: ${e.message}`))) : null,
    last.needsRestart.length > 0
      ? h("p", { class: "hint" }, "Takes effect at the next start: ", last.needsRestart.map((k, i) => [i > 0 ? ", " : "", h("code", { text: k })]))
      : null);
}

async function load() {
  const view = await api("api/dashboard");
  byId("total").textContent = view.subscriptions;
  byId("watched").textContent = view.watchedContacts;
  counts(byId("by-format"), view.byFormat);
  counts(byId("by-transport"), view.byTransport);
  reload(byId("reload"), view.reload);

  fill(byId("by-contact").tBodies[0], view.byContact.map((c) => h("tr", { dataset: { contact: c.contact } },
    h("td", { text: c.name }), h("td", {}, h("code", { text: c.contact })), h("td", { text: c.kind }), h("td", { class: "num", text: c.watchers }))));
  byId("by-contact-empty").hidden = view.byContact.length > 0;

  fill(byId("changes").tBodies[0], view.recentChanges.map((c) => h("tr", { dataset: { contact: c.contact } },
    h("td", { title: time(c.time), text: ago(c.time) }),
    h("td", {}, c.name, c.name === c.contact ? null : h("span", { class: "alias", text: c.contact })),
    h("td", { class: "change" }, h("span", { class: "from", text: c.from }), " → ", h("span", { class: "to", text: c.to })),
    h("td", { text: c.source }),
    h("td", { class: "reason", text: c.reason }))));
  byId("changes-empty").hidden = view.recentChanges.length > 0;
}

startPage(load, { refreshSeconds: 5 });
