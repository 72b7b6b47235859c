// Small DOM helpers shared by the page scripts; text always goes in as textContent.

export function byId(id) {
  return document.getElementById(id);
}

export function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

export function button(className, text, onClick, type = "button") {
  const node = el("button", className, text);
  node.type = type;
  if (onClick) node.addEventListener("click", onClick);
  return node;
}

// Show text in the element with this id, or hide the element when there is none.
export function setText(id, text) {
  const node = byId(id);
  node.textContent = text || "";
  node.hidden = !text;
}
