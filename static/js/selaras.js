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
