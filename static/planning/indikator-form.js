// The running sum of an indicator's quarterly targets, shown while the planner types, so the
// rule "for jumlah, TW I-IV add up to the year's target" is seen before saving, not after a
// refused save. Reads the fields of any form.indikator-form (HTMX swaps them in later) and
// writes into its [data-tw-sum] element. Numbers are typed the Indonesian way (1.250,5).
(function () {
  "use strict";
  var QUARTERS = ["target_tw1", "target_tw2", "target_tw3", "target_tw4"];

  function number(field) {
    if (!field) return null;
    var text = field.value.trim().replace(/\s/g, "");
    if (!text) return null;
    if (text.indexOf(",") >= 0) text = text.replace(/\./g, "").replace(",", ".");
    else if (/^\d{1,3}(\.\d{3})+$/.test(text)) text = text.replace(/\./g, "");
    var value = Number(text);
    return isFinite(value) ? value : NaN;
  }

  function shown(value) {
    return value.toLocaleString("id-ID", { maximumFractionDigits: 4 });
  }

  function update(form) {
    var hint = form.querySelector("[data-tw-sum]");
    if (!hint) return;
    var agregasi = form.querySelector("[name=agregasi]");
    var values = QUARTERS.map(function (name) { return number(form.querySelector("[name=" + name + "]")); });
    var typed = values.filter(function (v) { return v !== null; });
    if (!agregasi || agregasi.value !== "jumlah" || typed.length === 0 || typed.some(isNaN)) {
      hint.textContent = "";
      hint.hidden = true;
      return;
    }
    var total = typed.reduce(function (a, b) { return a + b; }, 0);
    var target = number(form.querySelector("[name=target]"));
    var upper = number(form.querySelector("[name=target_atas]"));
    var text = "Jumlah TW: " + shown(total);
    var fits = null;
    if (target !== null && !isNaN(target)) {
      if (upper !== null && !isNaN(upper)) {
        text += " dari rentang target " + shown(target) + "–" + shown(upper);
        fits = total >= target && total <= upper;
      } else {
        text += " dari target " + shown(target);
        fits = Math.abs(total - target) < 1e-9;
      }
      if (typed.length === 4) text += fits ? " (sesuai)" : " (belum sesuai)";
    }
    hint.textContent = text;
    hint.hidden = false;
    hint.classList.toggle("text-danger", fits === false && typed.length === 4);
    hint.classList.toggle("text-success", fits === true && typed.length === 4);
  }

  function refresh(root) {
    var forms = (root || document).querySelectorAll ? (root || document).querySelectorAll("form.indikator-form") : [];
    Array.prototype.forEach.call(forms, update);
  }

  document.addEventListener("input", function (event) {
    var form = event.target.closest && event.target.closest("form.indikator-form");
    if (form) update(form);
  });
  document.addEventListener("change", function (event) {
    var form = event.target.closest && event.target.closest("form.indikator-form");
    if (form) update(form);
  });
  document.addEventListener("htmx:load", function (event) { refresh(event.target); });
  document.addEventListener("DOMContentLoaded", function () { refresh(document); });
})();
