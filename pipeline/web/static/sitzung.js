// The agenda of a session page: TOPs moved by dragging their row (native HTML5 drag and
// drop). A drop fills the page's hidden „verschieben“ form and sends it, so the server does
// the move exactly as for the ↑/↓ buttons (which work without this script, by keyboard too).
"use strict";

(() => {
  const mover = document.getElementById("verschieben");
  if (!mover) return;
  let from = null;  // {teil, nr} of the row being dragged

  const clear = () => document.querySelectorAll("tr.ziel").forEach((r) => r.classList.remove("ziel"));

  for (const row of document.querySelectorAll("tbody[data-teil] tr[draggable=true]")) {
    row.addEventListener("dragstart", (event) => {
      from = {teil: row.closest("tbody").dataset.teil, nr: Number(row.dataset.nr)};
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", row.cells[0].textContent);
      row.classList.add("gezogen");
    });
    row.addEventListener("dragend", () => {
      row.classList.remove("gezogen");
      clear();
      from = null;
    });
  }

  for (const row of document.querySelectorAll("tbody[data-teil] tr[data-vor]")) {
    row.addEventListener("dragover", (event) => {
      if (!from) return;
      event.preventDefault();  // a row is a place to drop on: before it
      event.dataTransfer.dropEffect = "move";
      clear();
      row.classList.add("ziel");
    });
    row.addEventListener("drop", (event) => {
      if (!from) return;
      event.preventDefault();
      const teil = row.closest("tbody").dataset.teil;
      let before = Number(row.dataset.vor);
      if (teil === from.teil && before > from.nr) before -= 1;  // counted without the row
      clear();
      if (teil === from.teil && before === from.nr) return;  // dropped where it is
      mover.elements.teil.value = from.teil;
      mover.elements.nr.value = from.nr;
      mover.elements.ziel_teil.value = teil;
      mover.elements.ziel_nr.value = before;
      mover.submit();
    });
  }
})();
