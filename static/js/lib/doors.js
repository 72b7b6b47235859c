// Which door this phone serves (from a door-pass link, the phone's last choice, the account's
// door, or the only door) and how it checks people: camera, wedge scanner, name search or
// walk-in. Both choices are kept on the phone.
import { byId } from "./dom.js";
import { unlockAudio } from "./feedback.js";
import { storageGet, storageSet } from "./storage.js";

export const MODES = ["camera", "wedge", "search", "walkin"];

// A mode whose panel the page does not have (walk-ins for door staff) falls back to camera.
export function availableMode(mode) {
  return document.querySelector(`[data-panel="${mode}"]`) ? mode : "camera";
}

// config: readConfig() of scanner-config.js; onMode(mode): a mode was shown.
// Returns { door(), mode(), start() }.
export function createDoors({ root, config, onMode }) {
  const state = { door: null, mode: "camera" };
  const modeKey = `${config.storageKey}.mode`;

  function initialDoor() {
    const stored = storageGet(config.storageKey);
    const candidates = [config.urlDoor, stored, config.assignedDoor];
    if (config.doors.length === 1) candidates.push(config.doors[0]);
    return candidates.find((name) => name && config.doors.includes(name)) || null;
  }

  function showChooser() {
    state.door = null;
    byId("door-chooser").hidden = false;
    byId("workspace").hidden = true;
    byId("modes").hidden = true;
    byId("door-current").hidden = true;
    root.dataset.door = "";
  }

  function chooseDoor(name) {
    state.door = name;
    storageSet(config.storageKey, name);
    root.dataset.door = name;
    byId("door-current-name").textContent = name;
    byId("door-current").hidden = false;
    byId("door-chooser").hidden = true;
    byId("workspace").hidden = false;
    byId("modes").hidden = false;
    setMode(state.mode);
  }

  function setMode(mode) {
    state.mode = availableMode(mode);
    storageSet(modeKey, state.mode);
    root.dataset.mode = state.mode;
    for (const panel of document.querySelectorAll("[data-panel]")) {
      panel.hidden = panel.dataset.panel !== state.mode;
    }
    for (const tab of document.querySelectorAll(".modes__tab")) {
      if (tab.dataset.mode === state.mode) tab.setAttribute("aria-current", "true");
      else tab.removeAttribute("aria-current");
    }
    onMode(state.mode);
  }

  function start() {
    const savedMode = storageGet(modeKey);
    state.mode = MODES.includes(savedMode) ? availableMode(savedMode) : "camera";
    if (config.urlDoor) {
      // The door came in the link (door pass): remember it, then drop it from the address so
      // a later change of door is not undone by a reload.
      const url = new URL(window.location.href);
      url.searchParams.delete("door");
      history.replaceState(null, "", url);
    }
    const door = initialDoor();
    if (door) chooseDoor(door);
    else showChooser();
  }

  for (const choice of document.querySelectorAll(".door-choice")) {
    choice.addEventListener("click", () => {
      unlockAudio();
      chooseDoor(choice.dataset.door);
    });
  }
  byId("door-current").addEventListener("click", showChooser);
  for (const tab of document.querySelectorAll(".modes__tab")) {
    tab.addEventListener("click", () => setMode(tab.dataset.mode));
  }
  for (const link of document.querySelectorAll("[data-goto]")) {
    link.addEventListener("click", () => setMode(link.dataset.goto));
  }
  return { door: () => state.door, mode: () => state.mode, start };
}
