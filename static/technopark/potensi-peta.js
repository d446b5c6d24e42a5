// The potential map: the kecamatan shapes (shipped GeoJSON, no tile server) coloured by
// score class. The server sends every figure as text with its class (0..4), so no number
// is computed here; after an HTMX recalculation the colours and popups follow the new data.
(function () {
  "use strict";
  var el = document.getElementById("peta-potensi");
  if (!el || typeof L === "undefined") return;

  var COLORS = ["#edf8e9", "#bae4b3", "#74c476", "#31a354", "#006d2c"];
  var LABELS = ["0,0 – 0,2", "0,2 – 0,4", "0,4 – 0,6", "0,6 – 0,8", "0,8 – 1,0"];
  var NO_DATA = "#d9d9d9";
  var data = {};
  var layer = null;

  function readData() {
    var script = document.getElementById("potensi-peta-data");
    data = script ? JSON.parse(script.textContent) : {};
  }

  function style(feature) {
    var row = data[feature.properties.kode];
    return {
      color: "#555", weight: 1, opacity: 1, fillOpacity: 0.8,
      fillColor: row ? COLORS[row.kelas] : NO_DATA,
    };
  }

  function popup(feature) {
    var row = data[feature.properties.kode];
    var box = document.createElement("div");
    function line(label, value, strong) {
      var p = document.createElement("div");
      if (strong) {
        var b = document.createElement("strong");
        b.textContent = value;
        p.appendChild(b);
      } else {
        p.textContent = label + ": " + value;
      }
      box.appendChild(p);
    }
    line("", "Kecamatan " + (row ? row.nama : feature.properties.nama), true);
    if (!row) {
      line("Skor", "tidak ada data");
      return box;
    }
    line("Skor potensi", row.skor);
    line("Peringkat", String(row.peringkat));
    line("Jumlah UMKM", String(row.umkm));
    if (row.alokasi !== null) line("Alokasi target", row.alokasi);
    return box;
  }

  var map = L.map(el, {zoomSnap: 0.25, scrollWheelZoom: false});
  map.attributionControl.setPrefix('<a href="https://leafletjs.com" title="Leaflet">Leaflet</a>');

  var legend = L.control({position: "bottomright"});
  legend.onAdd = function () {
    var div = L.DomUtil.create("div", "peta-legenda");
    var title = document.createElement("div");
    title.innerHTML = "<strong>Skor potensi</strong>";
    div.appendChild(title);
    for (var i = COLORS.length - 1; i >= 0; i--) {
      var row = document.createElement("div");
      var swatch = document.createElement("i");
      swatch.style.background = COLORS[i];
      row.appendChild(swatch);
      row.appendChild(document.createTextNode(LABELS[i]));
      div.appendChild(row);
    }
    return div;
  };
  legend.addTo(map);

  readData();
  fetch(el.dataset.geojson, {credentials: "same-origin"})
    .then(function (response) {
      if (!response.ok) throw new Error(response.status);
      return response.json();
    })
    .then(function (geojson) {
      layer = L.geoJSON(geojson, {
        style: style,
        attribution: "Batas kecamatan © cahya dsn, MIT",
        onEachFeature: function (feature, shape) {
          shape.bindPopup(function () { return popup(feature); });
          shape.bindTooltip(feature.properties.nama, {sticky: true});
        },
      }).addTo(map);
      map.fitBounds(layer.getBounds(), {padding: [8, 8]});
      el.dataset.ready = "1";
    })
    .catch(function () {
      el.textContent = "Peta tidak dapat dimuat; angka tersedia pada tabel di bawah.";
    });

  document.body.addEventListener("htmx:afterSettle", function (event) {
    if (!event.detail.target || event.detail.target.id !== "potensi-hasil") return;
    readData();
    map.closePopup();
    if (layer) layer.setStyle(style);
  });
})();
