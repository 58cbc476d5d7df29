/* Report forms, as progressive enhancement: everything works without this file.
 * - text areas grow with their text (where CSS field-sizing does not already do it);
 * - a live count of the characters left (without JavaScript the help text states the limit);
 * - leaving a form with unsaved changes asks first;
 * - after a refused save the focus goes to the error summary.
 * No inline script or style anywhere: this file is loaded with <script src defer>. */
(function () {
  "use strict";

  var groeitVanzelf = window.CSS && CSS.supports && CSS.supports("field-sizing", "content");

  function laatGroeien(veld) {
    if (groeitVanzelf) return;
    veld.style.height = "auto";
    veld.style.height = veld.scrollHeight + 4 + "px";
  }

  function getal(n) {
    return n.toLocaleString("nl-NL");
  }

  function telTekens(veld, teller, melder) {
    var max = parseInt(veld.getAttribute("maxlength") || veld.dataset.teller, 10);
    if (!max) return;
    var over = max - veld.value.length;
    teller.hidden = false;
    teller.textContent = "Nog " + getal(over) + " van de " + getal(max) + " tekens over.";
    teller.classList.toggle("ta-teller--bijna", over < max / 10);
    /* Announce only when it starts to matter, not at every keystroke. */
    var drempel = over <= 0 ? 0 : over <= 100 ? 100 : over <= 500 ? 500 : null;
    if (drempel !== null && veld.dataset.gemeld !== String(drempel)) {
      veld.dataset.gemeld = String(drempel);
      melder.textContent = over <= 0
        ? "U heeft het maximum aantal tekens bereikt."
        : "Nog " + getal(over) + " tekens over.";
    }
  }

  function start() {
    var melder = document.createElement("p");
    melder.className = "visually-hidden";
    melder.setAttribute("aria-live", "polite");
    document.body.appendChild(melder);

    document.querySelectorAll("textarea").forEach(function (veld) {
      laatGroeien(veld);
      var teller = document.getElementById(veld.id + "_teller");
      if (teller) telTekens(veld, teller, melder);
      veld.addEventListener("input", function () {
        laatGroeien(veld);
        if (teller) telTekens(veld, teller, melder);
      });
    });

    document.querySelectorAll("form[data-wijzigingen-bewaken]").forEach(function (form) {
      var gewijzigd = false;
      form.addEventListener("input", function () { gewijzigd = true; });
      form.addEventListener("change", function () { gewijzigd = true; });
      form.addEventListener("submit", function () { gewijzigd = false; });
      window.addEventListener("beforeunload", function (gebeurtenis) {
        if (!gewijzigd) return;
        gebeurtenis.preventDefault();
        gebeurtenis.returnValue = "";
      });
    });

    var fouten = document.getElementById("foutmeldingen");
    if (fouten && document.activeElement !== fouten) fouten.focus();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
