// Downloads that take a while (PDF, XLSX): a spinner on the button until the file is ready.
// The server answers with the cookie "selaras_unduh" set to the token the link carried.
(function () {
  function currentFilters() {
    // The Renja filters change the page by HTMX and push the URL: take them from it.
    const params = new URLSearchParams(window.location.search);
    params.delete("page");
    return params;
  }
  document.addEventListener("click", function (event) {
    const link = event.target.closest("a[data-download]");
    if (!link || link.classList.contains("disabled")) return;
    const token = Math.random().toString(36).slice(2, 12);
    const params = currentFilters();
    params.set("unduh", token);
    link.href = link.dataset.download + "?" + params.toString();
    const label = link.innerHTML;
    link.classList.add("disabled");
    link.setAttribute("aria-busy", "true");
    link.innerHTML = '<span class="spinner-border spinner-border-sm me-1" aria-hidden="true"></span>Menyiapkan…';
    const started = Date.now();
    const timer = setInterval(function () {
      const ready = document.cookie.split("; ").some(function (c) { return c === "selaras_unduh=" + token; });
      if (ready || Date.now() - started > 120000) {
        clearInterval(timer);
        link.classList.remove("disabled");
        link.removeAttribute("aria-busy");
        link.innerHTML = label;
      }
    }, 300);
  });
})();

// A failed HTMX request (other than the 422/409 answers swapped in, see htmx-config in
// base.html) is reported in a dialog.
document.body.addEventListener("htmx:responseError", function (e) {
  alert("Permintaan gagal (" + e.detail.xhr.status + "): " + (e.detail.xhr.status === 403 ? "Anda tidak berhak melakukan ini." : "coba lagi."));
});

// Accessibility: a table wider than the screen scrolls inside its .table-responsive box.
// Such a box is made reachable by keyboard (tab to it, then the arrow keys scroll) and named
// after the table's caption or the nearest heading above it, so a screen reader says what it is.
// Run on load, after every HTMX swap and when the window is resized.
(function () {
  function regionName(box) {
    const caption = box.querySelector("caption");
    if (caption && caption.textContent.trim()) return caption.textContent.trim();
    let el = box;
    while (el && el !== document.body) {
      let prev = el.previousElementSibling;
      while (prev) {
        const heading = prev.matches("h1, h2, h3, h4, h5, h6, .card-header") ? prev : null;
        if (heading && heading.textContent.trim()) return heading.textContent.trim().replace(/\s+/g, " ");
        prev = prev.previousElementSibling;
      }
      el = el.parentElement;
    }
    return "Tabel";
  }
  function markScrollRegions() {
    document.querySelectorAll(".table-responsive").forEach(function (box) {
      const scrolls = box.scrollWidth > box.clientWidth + 1 || box.scrollHeight > box.clientHeight + 1;
      if (scrolls && !box.hasAttribute("tabindex")) {
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        box.dataset.scrollRegion = "1";
        if (!box.hasAttribute("aria-label") && !box.hasAttribute("aria-labelledby")) {
          box.setAttribute("aria-label", regionName(box) + " (geser untuk melihat seluruh tabel)");
          box.dataset.scrollRegion = "named";
        }
      } else if (!scrolls && box.dataset.scrollRegion) {
        box.removeAttribute("tabindex");
        box.removeAttribute("role");
        if (box.dataset.scrollRegion === "named") box.removeAttribute("aria-label");
        delete box.dataset.scrollRegion;
      }
    });
  }
  let pending = null;
  function later() {
    clearTimeout(pending);
    pending = setTimeout(markScrollRegions, 150);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", markScrollRegions);
  } else {
    markScrollRegions();
  }
  window.addEventListener("load", markScrollRegions);
  document.body.addEventListener("htmx:afterSettle", markScrollRegions);
  window.addEventListener("resize", later);
})();

// Small behaviours declared in the markup with data-* attributes instead of inline handlers
// (the Content-Security-Policy forbids those). Listening on the document covers content
// that HTMX swaps in later.
//   data-confirm="Pertanyaan?"    on a submit button: ask before sending the form
//   data-remove-closest="tr"      on a button: remove that ancestor (cancel a new row)
//   data-clear="#sub-form"        on a button: empty that element (cancel an inline form)
//   data-autosubmit               on a select: send its form when the choice changes
//   data-toggle-upper             on a Renstra indicator's "Target berupa rentang" box and
//                                 polarity select: show the upper bounds for a range target
//                                 (ticked, or polarity stabil, which needs one)
(function () {
  document.addEventListener("click", function (event) {
    const confirmer = event.target.closest("[data-confirm]");
    if (confirmer && !window.confirm(confirmer.dataset.confirm)) {
      event.preventDefault();
      event.stopImmediatePropagation();
      return;
    }
    const remover = event.target.closest("[data-remove-closest]");
    if (remover) {
      const row = remover.closest(remover.dataset.removeClosest);
      if (row) row.remove();
      return;
    }
    const clearer = event.target.closest("[data-clear]");
    if (clearer) {
      const target = document.querySelector(clearer.dataset.clear);
      if (target) target.innerHTML = "";
    }
  }, true);
  document.addEventListener("change", function (event) {
    const el = event.target;
    if (el.matches("select[data-autosubmit]") && el.form) {
      el.form.submit();
    } else if (el.matches("[data-toggle-upper]") && el.form) {
      const upper = el.form.querySelector(".renstra-batas-atas");
      const box = el.form.querySelector("input[data-toggle-upper]");
      const polarity = el.form.querySelector("select[data-toggle-upper]");
      const range = (box && box.checked) || (polarity && polarity.value === "stabil");
      if (upper) upper.hidden = !range;
    }
  });
})();

// A form marked data-busy shows a spinner on the button that sent it until the next page
// arrives (the Technopark import runs inside the request).
document.addEventListener("submit", function (event) {
  const form = event.target;
  if (!form.matches("form[data-busy]")) return;
  const button = event.submitter;
  if (!button || form.dataset.sent) return;
  form.dataset.sent = "1";
  const text = button.dataset.busy || "Memproses…";
  // Keep the button's name/value in the request: disable it only after the submit starts.
  setTimeout(function () {
    form.querySelectorAll("button").forEach(function (b) { b.disabled = true; });
    button.innerHTML = '<span class="spinner-border spinner-border-sm me-1" aria-hidden="true"></span>' + text;
    const panel = form.querySelector("[data-busy-panel]");
    if (panel && button.hasAttribute("data-busy-note")) panel.classList.remove("d-none");
  }, 0);
});

// An autosaving form (data-autosave) keeps its inputs when a save succeeds: the server sends
// only the pieces around them (message, live figures, version) so that the field the user
// is typing in keeps its text, focus and caret. What an earlier refusal marked on the
// inputs themselves is cleared here.
document.body.addEventListener("htmx:afterRequest", function (event) {
  const form = event.detail.elt;
  if (!event.detail.successful || !(form instanceof HTMLFormElement) || !form.matches("[data-autosave]")) return;
  if (!document.body.contains(form)) return;  // a refusal swapped the form out
  form.querySelectorAll(".is-invalid").forEach(function (input) { input.classList.remove("is-invalid"); });
  const row = form.closest("tr");
  if (row) row.classList.remove("table-warning");
});
