// Small progressive enhancements; every page works without this file.
"use strict";

// Print buttons only make sense with JavaScript; they start hidden.
document.addEventListener("DOMContentLoaded", () => {
  for (const button of document.querySelectorAll("[data-print]")) button.hidden = false;
});

document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-print]");
  if (button) {
    event.preventDefault();
    window.print();
  }
});

// Autosave status of one criterion: "Saving…" while the request runs, and an
// honest message when it fails without a response we could show.
function slotOf(event) {
  const row = event.target.closest(".criterion");
  return row ? [row, row.querySelector(".save-slot")] : [null, null];
}

document.addEventListener("htmx:beforeRequest", (event) => {
  const [row, slot] = slotOf(event);
  if (!row) return;
  row.setAttribute("aria-busy", "true");
  if (slot) slot.textContent = slot.dataset.saving;
});

function failed(event) {
  const [row, slot] = slotOf(event);
  if (!row) return;
  row.removeAttribute("aria-busy");
  const xhr = event.detail.xhr;
  // 4xx answers carry their own message and are swapped in by htmx.
  if (slot && (!xhr || xhr.status === 0 || xhr.status >= 500)) {
    slot.textContent = slot.dataset.failed;
    slot.classList.add("save-status--error");
  }
}

document.addEventListener("htmx:afterRequest", (event) => {
  if (!event.detail.successful) return failed(event);
  const [row] = slotOf(event);
  if (row) row.removeAttribute("aria-busy");
});
document.addEventListener("htmx:sendError", failed);
document.addEventListener("htmx:timeout", failed);

// An editor opened in place on the skill profile closes without a round trip.
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-close-editor]");
  if (button) button.closest(".inline-editor")?.remove();
});

// Copy buttons: data-copy is a selector for the element whose text is copied. Without
// JavaScript (or clipboard access) the text stays selectable; the button
// starts hidden.
document.addEventListener("DOMContentLoaded", () => {
  if (!navigator.clipboard) return;
  for (const button of document.querySelectorAll("[data-copy]")) button.hidden = false;
});

document.addEventListener("click", async (event) => {
  const button = event.target.closest("[data-copy]");
  if (!button) return;
  const source = document.querySelector(button.dataset.copy);
  if (!source) return;
  const status = button.parentElement.querySelector("[data-copy-status]");
  try {
    await navigator.clipboard.writeText(source.textContent.trim());
    if (status) status.textContent = button.dataset.copied;
  } catch {
    if (status) status.textContent = button.dataset.copyFailed;
    window.getSelection().selectAllChildren(source);
  }
});

// "Agree with the self-ratings at this level": fill that level's manager
// ratings in place. Without JavaScript the same button posts the form and
// the server shows it again with those ratings filled in; nothing is saved
// either way until the manager saves the review.
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-agree-level]");
  if (!button) return;
  const section = document.getElementById(button.dataset.agreeLevel);
  if (!section) return;
  event.preventDefault();
  for (const select of section.querySelectorAll("select[data-self]")) {
    select.value = select.dataset.self;
    select.dispatchEvent(new Event("change", { bubbles: true }));
  }
  const status = button.parentElement.querySelector("[data-agree-status]");
  if (status) status.textContent = button.dataset.agreed;
});

// Comment boxes grow with what is typed, so the whole comment stays in view
// (the server already sizes them to what was saved).
document.addEventListener("input", (event) => {
  const area = event.target;
  if (!(area instanceof HTMLTextAreaElement) || !area.classList.contains("autosize")) return;
  if (CSS.supports("field-sizing", "content")) return;
  area.style.height = "auto";
  area.style.height = `${area.scrollHeight + 2}px`;
});
