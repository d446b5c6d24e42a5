// The coaching impact chart (json_script data-dampak), drawn again when HTMX swaps in
// another year.
(function () {
  let chart = null;
  const rupiah = (v) => "Rp " + Number(v).toLocaleString("id-ID", {maximumFractionDigits: 2});
  function draw() {
    const source = document.getElementById("data-dampak");
    const canvas = document.getElementById("chart-dampak");
    if (!source || !canvas) { return; }
    const data = JSON.parse(source.textContent);
    if (chart) { chart.destroy(); }
    chart = new Chart(canvas, {
      type: "bar",
      data: {
        labels: data.labels,
        datasets: [
          {label: "Rata-rata perubahan omzet", data: data.rata.map(v => v === null ? null : Number(v)), backgroundColor: "#0b5d4b"},
          {label: "Median perubahan omzet", data: data.median.map(v => v === null ? null : Number(v)), backgroundColor: "#f5b301"},
        ],
      },
      options: {
        responsive: true, maintainAspectRatio: false,
        plugins: {legend: {position: "bottom"}, tooltip: {callbacks: {label: (c) => c.dataset.label + ": " + rupiah(c.raw)}}},
        scales: {y: {ticks: {callback: (v) => (v / 1e6).toLocaleString("id-ID") + " jt"}}},
      },
    });
  }
  draw();
  document.body.addEventListener("htmx:afterSettle", function (e) {
    if (e.detail.target && e.detail.target.id === "dampak-body") { draw(); }
  });
})();
