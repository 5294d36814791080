// DOM helpers. Text only ever goes in through textContent; attributes through
// setAttribute; nothing from the data reaches innerHTML.

type Child = Node | string | null | undefined | false;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | number | boolean | null | undefined> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (name === "class") node.className = String(value);
    else node.setAttribute(name, value === true ? "" : String(value));
  }
  append(node, ...children);
  return node;
}

export function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
  }
}

/** The URL if it is an absolute http(s) URL, else null (defence in depth: Python checks too). */
export function safeHref(url: unknown): string | null {
  if (typeof url !== "string" || url.length === 0) return null;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this rejects
  if (/[\s\u0000-\u001f]/.test(url)) return null;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") return null;
  if (!/^https?:\/\//i.test(url)) return null;
  return parsed.href;
}

/** An external link, or plain text when the URL is not http(s). */
export function link(url: unknown, text: string, attrs: Record<string, string> = {}): HTMLElement {
  const href = safeHref(url);
  if (href === null) return h("span", { ...attrs, class: "ctx-nolink" }, text);
  return h("a", { ...attrs, href, target: "_blank", rel: "noopener noreferrer" }, text);
}

let counter = 0;
/** A page-unique prefix for element ids (two views of one widget must not share ids). */
export function uniquePrefix(): string {
  counter += 1;
  return `ctx${counter}-${Math.random().toString(36).slice(2, 8)}`;
}
