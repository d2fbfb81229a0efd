// The themes gallery: each theme's normalized picture as watchers fetch it, its source file, and the last file it
// could not take in. Refreshed every 10 s, so a designer's drop shows up here as it does for watchers.
import { api, avatarPath, byId, fill, h, startPage, time } from "./console.js";

function picture(theme, defaultTheme, revision) {
  if (!theme.avatar) {
    // /avatars serves the default's picture for a theme without one: show that, and say so.
    return h("figure", { class: "no-picture" },
      h("img", { class: "avatar fallback", src: `${avatarPath(defaultTheme, 96)}&r=${revision}`, width: 96, height: 96, alt: `${defaultTheme}'s picture, shown instead` }),
      h("figcaption", { text: `No picture of its own: its services show ${defaultTheme}'s.` }));
  }

  // The revision in the URL makes the browser fetch a replaced picture at once rather than revalidate later.
  const a = theme.avatar;
  return h("figure", {},
    h("img", { class: "avatar", src: `${avatarPath(theme.name, 96)}&r=${revision}`, width: 96, height: 96, alt: `Picture of theme ${theme.name}` }),
    h("figcaption", {}, "Sizes: ", a.sizes.map((size, i) => [i > 0 ? " · " : "",
      h("a", { href: avatarPath(theme.name, size), target: "_blank", rel: "noopener", text: `${size} px` })])));
}

function card(theme, view) {
  const a = theme.avatar;
  const f = theme.fault;
  return h("article", { class: `card theme${f ? " faulty" : ""}`, dataset: { theme: theme.name } },
    picture(theme, view.defaultTheme, view.revision),
    h("div", { class: "about" },
      h("h2", {}, theme.name, theme.isDefault ? h("span", { class: "badge", text: "default" }) : null),
      a ? h("dl", { class: "facts" },
        h("dt", { text: "File" }), h("dd", {}, h("code", { text: a.file }), ` (${a.format}, ${a.width}×${a.height})`),
        h("dt", { text: "Changed" }), h("dd", { text: time(a.lastModified) }),
        h("dt", { text: "Photo hash" }), h("dd", {}, h("code", { class: "hash", text: a.hash }))) : null,
      f ? h("div", { class: "fault", role: "note" },
        h("p", {}, h("span", { class: "badge bad", text: f.fault }), " ", h("code", { text: f.file }), `: ${f.reason}`),
        h("p", { class: "hint", text: f.keepsPrevious ? "The previous picture is still shown." : "Its services show the default theme's picture." })) : null,
      !theme.hasFolder ? h("p", { class: "hint", text: "Its folder is gone." }) : null,
      h("p", { class: "services" }, theme.services.length > 0 ? `Services: ${theme.services.join(", ")}` : "No service names this theme.")));
}

async function load() {
  const view = await api("api/themes");
  byId("folder").textContent = `Themes folder: ${view.folder}`;
  fill(byId("themes"), view.themes.map((theme) => card(theme, view)));
}

startPage(load, { refreshSeconds: 10 });
