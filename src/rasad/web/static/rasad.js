// Rasad explorer: small progressive enhancements only; every page works without this file.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  // "/" focuses the search box, as on most search sites
  const box = document.querySelector('input[type="search"]');
  if (box) {
    document.addEventListener("keydown", (ev) => {
      if (ev.key === "/" && document.activeElement !== box && !(ev.target instanceof HTMLInputElement)) {
        ev.preventDefault();
        box.focus();
      }
    });
  }
  // the events page filters as soon as a type is chosen
  const type = document.querySelector('#event-filters select[name="type"]');
  if (type) type.addEventListener("change", () => type.form.submit());
});
