// The rule tester: who answers an alias, each rule's verdict and time, lint warnings, and the documents a watcher
// gets. The alias is kept in the address (?alias=…), so a result can be reloaded or sent to a colleague.
import { api, byId, fill, h, startPage } from "./console.js";
import { prettyXml } from "./xml.js";

const FORMAT_NAMES = { pidf: "PIDF", msrtc: "msrtc categories (Lync, Skype for Business)", xpidf: "xpidf (older phones)" };

const ANSWERS = {
  Service: "A service answers",
  Gateway: "A gateway rule answers",
  List: "A list answers",
  NoPresence: "Nothing answers",
  DomainNotServed: "Not a domain of this agent",
  NotAnAlias: "Not an alias",
};

function verdict(rule) {
  if (rule.timedOut) return h("span", { class: "badge bad", text: "timed out" });
  if (rule.winner) return h("span", { class: "badge ok", text: "answers" });
  if (rule.matched) return h("span", { class: "badge", text: rule.enabled ? "matches (later)" : "would match (disabled)" });
  return h("span", { class: "muted", text: rule.enabled ? "no match" : "no match (disabled)" });
}

function show(view) {
  byId("result").hidden = false;
  byId("result").dataset.answer = view.answer;
  byId("verdict").textContent = ANSWERS[view.answer] ?? view.answer;
  byId("summary").textContent = view.summary;
  const facts = [
    ["Looked up as", view.uri ?? "—"],
    view.assumedDomain ? ["Domain", `${view.assumedDomain} (the first of Sip:Domains)`] : null,
    ["SUBSCRIBE gets", String(view.subscribeStatus)],
    view.contact ? ["Watchers see", view.contact] : null,
    view.rule ? ["Rule", view.rule] : null,
    view.replacement ? ["Routed to", view.replacement] : null,
  ].filter(Boolean);
  fill(byId("facts"), facts.flatMap(([term, value]) => [h("dt", { text: term }), h("dd", { dataset: { fact: term }, text: value })]));

  byId("rules-section").hidden = view.rules.length === 0;
  fill(byId("rules").tBodies[0], view.rules.map((rule) => h("tr", { class: rule.winner ? "winner" : null, dataset: { rule: rule.name } },
    h("th", { scope: "row" }, rule.name, rule.enabled ? null : h("span", { class: "muted", text: " (disabled)" })),
    h("td", { class: "num", text: rule.priority }),
    h("td", {}, h("code", { text: rule.match }), h("span", { class: "muted", text: ` ${rule.engine}` })),
    h("td", {}, verdict(rule)),
    h("td", {}, rule.destination ? h("code", { text: rule.destination }) : h("span", { class: "muted", text: rule.replace ?? "—" })),
    h("td", { class: "num", text: rule.microseconds.toFixed(1) }),
    h("td", {}, rule.lint.length > 0 ? h("ul", { class: "plain lint" }, rule.lint.map((m) => h("li", { text: m }))) : h("span", { class: "muted", text: "—" })))));

  byId("members-section").hidden = view.members.length === 0;
  fill(byId("members"), view.members.map((m) => h("li", {}, h("code", { text: m.typed }), `: ${m.summary}`)));

  byId("documents-section").hidden = view.documents.length === 0;
  fill(byId("documents"), view.documents.map((d) => h("section", { class: "document", dataset: { format: d.format } },
    h("h4", {}, FORMAT_NAMES[d.format] ?? d.format, " ", h("code", { text: d.contentType })),
    h("pre", {}, h("code", { text: prettyXml(d.body) })))));

  fill(byId("lint"), view.lint.length > 0
    ? view.lint.map((w) => h("li", {}, h("span", { class: `badge ${w.severity === "Warning" ? "bad" : ""}`, text: w.severity }), " ", h("strong", { text: w.rule }), `: ${w.message}`))
    : [h("li", { class: "muted", text: "None: every rule is as intended as lint can tell." })]);
}

async function load() {
  const alias = new URLSearchParams(location.search).get("alias");
  if (!alias) {
    return;
  }

  byId("alias").value = alias;
  show(await api(`api/rule-test?alias=${encodeURIComponent(alias)}`));
}

const run = startPage(load);
byId("test-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const alias = byId("alias").value.trim();
  if (alias) {
    history.replaceState(null, "", `?alias=${encodeURIComponent(alias)}`);
    run();
  }
});
