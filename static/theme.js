/* Lore default theme: applies the reader's chosen theme (light or dark,
   saved by lore.js) before the page is first painted. Loaded with a plain
   blocking <script src> in <head>, so no inline script is needed and the
   Content-Security-Policy can forbid them. */
(function () {
  try {
    var t = localStorage.getItem("lore-theme");
    if (t === "light" || t === "dark") document.documentElement.dataset.theme = t;
  } catch (e) { /* storage blocked (file://, privacy modes): system theme */ }
})();
