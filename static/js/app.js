// Small progressive enhancements; every page works without this file.
"use strict";

document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-print]");
  if (button) {
    event.preventDefault();
    window.print();
  }
});

// While htmx saves a rating, mark its row busy so the status reads "Saving…".
document.addEventListener("htmx:beforeRequest", (event) => {
  const row = event.target.closest(".criterion");
  if (row) row.setAttribute("aria-busy", "true");
});
document.addEventListener("htmx:afterRequest", (event) => {
  const row = event.target.closest(".criterion");
  if (row) row.removeAttribute("aria-busy");
});
