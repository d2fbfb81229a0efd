// Presence documents laid out one element per line for reading. The agent writes them compact, as watchers get them;
// this parses the text with DOMParser (nothing in it runs, and the parsed document is never put in the page) and
// returns indented text that the page shows through textContent.

const INDENT = "  ";

function escapeText(text) {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
}

function escapeAttribute(text) {
  return escapeText(text).replaceAll("\"", "&quot;");
}

function element(node, depth, lines) {
  const pad = INDENT.repeat(depth);
  const attributes = [...node.attributes].map((a) => ` ${a.name}="${escapeAttribute(a.value)}"`).join("");
  const children = [...node.childNodes].filter((c) => c.nodeType !== Node.TEXT_NODE || c.nodeValue.trim() !== "");
  if (children.length === 0) {
    lines.push(`${pad}<${node.tagName}${attributes}/>`);
  } else if (children.length === 1 && children[0].nodeType === Node.TEXT_NODE) {
    lines.push(`${pad}<${node.tagName}${attributes}>${escapeText(children[0].nodeValue)}</${node.tagName}>`);
  } else {
    lines.push(`${pad}<${node.tagName}${attributes}>`);
    for (const child of children) {
      if (child.nodeType === Node.ELEMENT_NODE) {
        element(child, depth + 1, lines);
      } else if (child.nodeType === Node.TEXT_NODE || child.nodeType === Node.CDATA_SECTION_NODE) {
        lines.push(`${pad}${INDENT}${escapeText(child.nodeValue.trim())}`);
      } else if (child.nodeType === Node.COMMENT_NODE) {
        lines.push(`${pad}${INDENT}<!--${child.nodeValue}-->`);
      }
    }

    lines.push(`${pad}</${node.tagName}>`);
  }
}

/** The document indented, its XML declaration kept; the text as it is when it is not well-formed XML. */
export function prettyXml(text) {
  const parsed = new DOMParser().parseFromString(text, "application/xml");
  if (parsed.getElementsByTagName("parsererror").length > 0 || !parsed.documentElement) {
    return text;
  }

  const declaration = /^<\?xml[^?]*\?>/.exec(text.trimStart());
  const lines = declaration ? [declaration[0]] : [];
  element(parsed.documentElement, 0, lines);
  return lines.join("\n");
}
