// The Renja dashboard's charts, drawn from the json_script blocks data-program,
// data-bidang, data-kurva and data-predikat.
(function () {
  // Bar charts grow with their number of rows: the page gives the height in data-height.
  document.querySelectorAll(".chart-box[data-height]").forEach(function (box) {
    box.style.height = Number(box.dataset.height) + "px";
  });
  const data = (id) => JSON.parse(document.getElementById(id).textContent);
  const num = (v) => (v === null ? null : Number(v));
  const percent = (v) => (v === null || v === undefined ? "-" : Number(v).toLocaleString("id-ID", {minimumFractionDigits: 2, maximumFractionDigits: 2}) + "%");
  const colors = {"Sangat Tinggi": "#0b5d4b", "Tinggi": "#3aa17e", "Sedang": "#f5b301", "Rendah": "#e67e22", "Sangat Rendah": "#c8553d"};
  // Long program names wrap over at most three lines instead of being cut off by the axis.
  function wrap(text, width) {
    const lines = [];
    let line = "";
    for (const word of text.split(" ")) {
      if (line && (line + " " + word).length > width) { lines.push(line); line = word; } else { line = line ? line + " " + word : word; }
    }
    if (line) lines.push(line);
    return lines.length > 3 ? lines.slice(0, 2).concat([lines[2] + "…"]) : lines;
  }
  const labelWidth = window.innerWidth < 576 ? 16 : 30;
  const starred = (label, flag) => (flag ? label + " *" : label);
  Chart.defaults.animation = false;  // draw at once: phones are the slow case

  function capaianBars(canvasId, dataId) {
    const rows = data(dataId);
    new Chart(document.getElementById(canvasId), {
      type: "bar",
      data: {
        labels: rows.map((r) => wrap(starred(r.label, r.belum_disetujui), labelWidth)),
        datasets: [{label: "Rata-rata capaian", data: rows.map((r) => num(r.capaian)),
          backgroundColor: rows.map((r) => colors[r.predikat] || "#6c757d")}],
      },
      options: {
        indexAxis: "y", responsive: true, maintainAspectRatio: false,
        plugins: {legend: {display: false}, tooltip: {callbacks: {
          title: (items) => rows[items[0].dataIndex].label,
          label: (c) => percent(rows[c.dataIndex].capaian) + " · " + (rows[c.dataIndex].predikat || "tanpa capaian") + " · " + rows[c.dataIndex].indikator + " indikator"}}},
        scales: {x: {beginAtZero: true, suggestedMax: 100, ticks: {callback: (v) => v + "%"}}},
      },
    });
  }

  capaianBars("chart-program", "data-program");
  capaianBars("chart-bidang", "data-bidang");

  const kurva = data("data-kurva");
  new Chart(document.getElementById("chart-kurva"), {
    type: "line",
    data: {
      labels: kurva.labels.map((l, i) => starred(l, kurva.belum_disetujui[i])),
      datasets: [
        {label: "Fisik", data: kurva.fisik.map(num), borderColor: "#0b5d4b", backgroundColor: "#0b5d4b", tension: 0.2},
        {label: "Anggaran", data: kurva.anggaran.map(num), borderColor: "#f5b301", backgroundColor: "#f5b301", borderDash: [6, 4], tension: 0.2},
        {label: "Rencana anggaran kas", data: kurva.rencana.map(num), borderColor: "#6c757d", backgroundColor: "#6c757d", borderDash: [2, 3], pointStyle: "rect", tension: 0.2},
      ],
    },
    options: {
      responsive: true, maintainAspectRatio: false,
      plugins: {legend: {position: "bottom", labels: {usePointStyle: true, pointStyle: "line"}}, tooltip: {callbacks: {label: (c) => c.dataset.label + ": " + percent(c.raw)}}},
      scales: {y: {beginAtZero: true, suggestedMax: 100, ticks: {callback: (v) => v + "%"}}},
    },
  });

  const predikat = data("data-predikat");
  new Chart(document.getElementById("chart-predikat"), {
    type: "bar",
    data: {labels: predikat.labels, datasets: [{label: "Jumlah indikator", data: predikat.jumlah,
      backgroundColor: predikat.labels.map((l) => colors[l])}]},
    options: {
      responsive: true, maintainAspectRatio: false, plugins: {legend: {display: false}},
      scales: {y: {beginAtZero: true, ticks: {precision: 0}}},
    },
  });
})();
