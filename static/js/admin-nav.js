// Keeps the current organiser page visible in the sub-navigation, which scrolls sideways on phones.
export function revealCurrent(root = document) {
  const current = root.querySelector(".subnav__links [aria-current='page']");
  const list = current?.closest(".subnav__links");
  if (!current || !list || list.scrollWidth <= list.clientWidth) return;
  list.scrollLeft = current.offsetLeft - (list.clientWidth - current.offsetWidth) / 2;
}

revealCurrent();
