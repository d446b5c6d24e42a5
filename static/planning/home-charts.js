// The home page's charts: pagu per unit kerja and per strategic issue, from the
// json_script blocks data-unit and data-isu.
(function () {
  const rupiah = (v) => "Rp " + Number(v).toLocaleString("id-ID");
  const colors = ["#0b5d4b", "#f5b301", "#2f7ebc", "#c8553d", "#6c757d", "#8e6bb5", "#3aa17e"];
  function draw(id, dataId, type) {
    const rows = JSON.parse(document.getElementById(dataId).textContent);
    new Chart(document.getElementById(id), {
      type: type,
      data: {labels: rows.map(r => r.label), datasets: [{label: "Pagu", data: rows.map(r => Number(r.pagu)), backgroundColor: colors}]},
      options: {responsive: true, plugins: {legend: {display: type === "doughnut", position: "bottom"},
        tooltip: {callbacks: {label: (c) => rupiah(c.raw)}}},
        scales: type === "bar" ? {x: {ticks: {callback: (v) => (v / 1e6).toLocaleString("id-ID") + " jt"}}} : {},
        indexAxis: "y"}
    });
  }
  draw("chart-unit", "data-unit", "doughnut");
  draw("chart-isu", "data-isu", "bar");
})();
