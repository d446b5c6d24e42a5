// The UMKM form: offer only the kampung of the chosen kecamatan (the server checks the pair anyway).
(function () {
  const form = document.getElementById("umkm-form");
  if (!form) return;
  const kecamatan = document.getElementById(form.dataset.kecamatan);
  const kampung = document.getElementById(form.dataset.kampung);
  if (!kecamatan || !kampung) return;
  function narrow() {
    const chosen = kecamatan.options[kecamatan.selectedIndex];
    const name = chosen && chosen.value ? chosen.text : null;
    kampung.querySelectorAll("optgroup").forEach(function (group) {
      const shown = !name || group.label === name;
      group.hidden = !shown;
      group.disabled = !shown;
    });
    const current = kampung.options[kampung.selectedIndex];
    if (current && current.parentElement.tagName === "OPTGROUP" && current.parentElement.disabled) kampung.value = "";
  }
  kecamatan.addEventListener("change", narrow);
  narrow();
})();
