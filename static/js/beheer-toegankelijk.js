// Names the admin's script-made controls for screen readers (WCAG 4.1.2), also in rows added later.
// select2 names its box only by the chosen value (nothing when empty) and marks the value as a
// text box; Django's filter lists put an aria-label on an icon that has no role to carry it.
(function () {
  "use strict";

  function naamVan(select) {
    var naam = select.getAttribute("aria-label");
    if (naam) return naam;
    var label = select.id ? document.querySelector('label[for="' + select.id + '"]') : null;
    return label ? label.textContent.replace(/:\s*$/, "").trim() : "";
  }

  function benoem() {
    document.querySelectorAll("select.admin-autocomplete").forEach(function (select) {
      var doos = select.nextElementSibling;
      if (!doos || !doos.classList.contains("select2")) return;
      var naam = naamVan(select);
      if (!naam) return;
      doos.querySelectorAll('.select2-selection[role="combobox"]').forEach(function (vak) {
        if (vak.getAttribute("aria-label") === naam) return;
        var waarde = vak.querySelector(".select2-selection__rendered");
        vak.setAttribute("aria-label", naam);
        vak.removeAttribute("aria-labelledby");
        if (waarde && waarde.id) {
          waarde.removeAttribute("role");
          waarde.removeAttribute("aria-readonly");
          vak.setAttribute("aria-describedby", waarde.id);
        }
      });
      // The clear-all cross sits in the list of choices as a bare span, for the mouse only
      // (the keyboard clears with Backspace): a list holds list items.
      doos.querySelectorAll("ul.select2-selection__rendered > span").forEach(function (kruis) {
        kruis.setAttribute("aria-hidden", "true");
      });
      doos.querySelectorAll(".select2-search__field").forEach(function (zoek) {
        if (!zoek.getAttribute("aria-label")) zoek.setAttribute("aria-label", naam);
      });
    });
    document.querySelectorAll(".search-label-icon[aria-label]:not([role])").forEach(function (icoon) {
      icoon.setAttribute("role", "img");
    });
  }

  var gepland = false;
  function later() {
    if (gepland) return;
    gepland = true;
    window.requestAnimationFrame(function () {
      gepland = false;
      benoem();
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    benoem();
    new MutationObserver(later).observe(document.body, { childList: true, subtree: true });
  });
})();
