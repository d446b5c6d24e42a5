// The Technopark activity form in the field: every change is kept on this device
// (localStorage) until the server confirms the save, so a dropped connection on submit
// loses nothing. The form carries a submission key made once per draft; the server stores
// one activity per key, so sending again after a failure never records it twice.
(function () {
  "use strict";

  var OFFLINE = "Koneksi terputus; isian tersimpan di perangkat ini, coba kirim lagi.";
  var SKIP = { csrfmiddlewaretoken: true, q: true, berkas: true };

  function form() { return document.getElementById("aktivitas-form"); }
  function storeKey(f) { return f.dataset.draftKey; }

  function newKey() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var bytes = new Uint8Array(16);
    (window.crypto || window.msCrypto).getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  function readDraft(f) {
    try { return JSON.parse(localStorage.getItem(storeKey(f)) || "null"); } catch (e) { return null; }
  }

  function saveDraft() {
    var f = form();
    if (!f) return;
    var fields = [];
    Array.prototype.forEach.call(f.elements, function (el) {
      if (!el.name || SKIP[el.name] || el.type === "file" || el.disabled || el.hasAttribute("data-no-draft")) return;
      if ((el.type === "checkbox" || el.type === "radio") && !el.checked) return;
      if (el.tagName === "SELECT" && el.multiple) {
        Array.prototype.forEach.call(el.selectedOptions, function (o) { fields.push([el.name, o.value]); });
        return;
      }
      fields.push([el.name, el.value]);
    });
    var peserta = Array.prototype.map.call(f.querySelectorAll("[data-peserta]"), function (card) {
      return {
        id: card.dataset.peserta,
        nama: card.querySelector("[data-nama]").textContent,
        tempat: card.querySelector("[data-tempat]").textContent,
      };
    });
    try {
      localStorage.setItem(storeKey(f), JSON.stringify({ v: 1, disimpan: new Date().toISOString(), fields: fields, peserta: peserta }));
    } catch (e) { /* storage full or blocked: the form still works, only without the copy */ }
  }

  function clearDraft(f) { try { localStorage.removeItem(storeKey(f)); } catch (e) { /* ignore */ } }

  // Participants -----------------------------------------------------------------------
  function addCard(f, data) {
    var list = f.querySelector("#peserta-list");
    if (list.querySelector('[data-peserta="' + CSS.escape(String(data.id)) + '"]')) return null;
    var tpl = document.getElementById("peserta-template");
    var holder = document.createElement("div");
    holder.innerHTML = tpl.innerHTML.replace(/__ID__/g, String(parseInt(data.id, 10)));
    var card = holder.firstElementChild;
    card.querySelector("[data-nama]").textContent = data.nama || "";
    card.querySelector("[data-tempat]").textContent = data.tempat || "";
    card.querySelector("[data-peserta-hapus]").setAttribute("aria-label", "Hapus " + (data.nama || "") + " dari peserta");
    list.appendChild(card);
    refreshEmpty(f);
    return card;
  }

  function refreshEmpty(f) {
    var empty = f.querySelector("#peserta-empty");
    if (empty) empty.hidden = !!f.querySelector("[data-peserta]");
  }

  function warn(f, text) {
    var box = f.querySelector("#peserta-warning");
    if (!box) return;
    box.textContent = text || "";
    box.classList.toggle("d-none", !text);
  }

  // Kampung follows kecamatan, without asking the server (it works offline too).
  function filterKampung(f) {
    var kec = f.querySelector("[name=kecamatan]");
    var kampung = f.querySelector("[name=kampung]");
    if (!kec || !kampung) return;
    Array.prototype.forEach.call(kampung.options, function (o) {
      var other = o.dataset.kecamatan && o.dataset.kecamatan !== kec.value;
      o.hidden = !!other;
      o.disabled = !!other;
    });
    var chosen = kampung.selectedOptions[0];
    if (chosen && chosen.disabled) kampung.value = "";
  }

  // Restore --------------------------------------------------------------------------
  function restore(f, draft) {
    var wanted = {};
    draft.peserta.forEach(function (p) { wanted[String(p.id)] = true; addCard(f, p); });
    Array.prototype.forEach.call(f.querySelectorAll("[data-peserta]"), function (card) {
      if (!wanted[card.dataset.peserta]) card.remove();
    });
    var values = {};
    draft.fields.forEach(function (pair) { (values[pair[0]] = values[pair[0]] || []).push(pair[1]); });
    var seen = {};
    Array.prototype.forEach.call(f.elements, function (el) {
      if (!el.name || SKIP[el.name] || el.name === "peserta" || el.type === "file" || el.hasAttribute("data-no-draft")) return;
      var list = values[el.name] || [];
      if (el.type === "checkbox" || el.type === "radio") {
        el.checked = list.indexOf(el.value) !== -1;
      } else if (el.tagName === "SELECT" && el.multiple) {
        Array.prototype.forEach.call(el.options, function (o) { o.selected = list.indexOf(o.value) !== -1; });
      } else {
        var i = seen[el.name] || 0;
        el.value = list[i] !== undefined ? list[i] : "";
        seen[el.name] = i + 1;
      }
    });
    refreshEmpty(f);
    var notice = document.getElementById("draft-notice");
    notice.classList.remove("d-none");
    if (f.querySelector("input[type=file]")) notice.querySelector("[data-files-note]").classList.remove("d-none");
  }

  function ensureKey(f) {
    var field = f.querySelector("[name=kunci_kirim]");
    if (field && !/^[A-Za-z0-9-]{8,40}$/.test(field.value)) field.value = newKey();
  }

  function init() {
    var f = form();
    if (!f) return;
    var draft = readDraft(f);
    if (f.hasAttribute("data-bound")) {
      saveDraft(); // the server sent the form back with its messages: keep that state
    } else if (draft && draft.v === 1) {
      restore(f, draft);
    } else {
      var field = f.querySelector("[name=kunci_kirim]");
      if (field) field.value = newKey(); // a new draft: a new submission key
    }
    ensureKey(f);
    filterKampung(f);
  }

  // Sending --------------------------------------------------------------------------
  function status(text, kind) {
    var box = document.getElementById("send-status");
    box.className = "alert alert-" + kind;
    box.textContent = text;
    box.scrollIntoView({ block: "center" });
  }

  function setBusy(f, busy) {
    var button = f.querySelector("[data-submit]");
    if (!button) return;
    if (busy) { button.dataset.label = button.textContent; button.textContent = "Mengirim…"; }
    else if (button.dataset.label) { button.textContent = button.dataset.label; }
    button.disabled = busy;
    f.setAttribute("aria-busy", busy ? "true" : "false");
  }

  function replaceForm(f, html) {
    var doc = new DOMParser().parseFromString(html, "text/html");
    var fresh = doc.getElementById("aktivitas-form");
    if (!fresh) return false;
    // Files already chosen stay chosen unless they were the problem.
    var oldFiles = f.querySelector("input[type=file][name=berkas]");
    var newFiles = fresh.querySelector("input[type=file][name=berkas]");
    var fileError = newFiles && newFiles.closest("[data-has-error]");
    fresh = document.importNode(fresh, true);
    f.replaceWith(fresh);
    if (oldFiles && newFiles && !fileError) {
      fresh.querySelector("input[type=file][name=berkas]").replaceWith(oldFiles);
    }
    if (window.htmx) htmx.process(fresh);
    filterKampung(fresh);
    saveDraft();
    return true;
  }

  function send(f) {
    ensureKey(f);
    saveDraft();
    setBusy(f, true);
    document.getElementById("send-status").className = "alert d-none";
    fetch(f.action, {
      method: "POST",
      body: new FormData(f),
      credentials: "same-origin",
      headers: { Accept: "application/json", "X-Requested-With": "fetch" },
    }).then(function (response) {
      var type = response.headers.get("Content-Type") || "";
      if (response.ok && type.indexOf("application/json") !== -1) {
        return response.json().then(function (data) {
          clearDraft(f); // only now: the server has the activity
          window.location.assign(data.url);
        });
      }
      setBusy(f, false);
      if (response.status === 422) {
        return response.text().then(function (html) {
          replaceForm(f, html);
          var errors = document.getElementById("form-errors");
          if (errors) errors.scrollIntoView({ block: "start" });
        });
      }
      if (response.redirected && response.url.indexOf("/akun/masuk") !== -1) {
        status("Sesi Anda berakhir. Masuk lagi di tab lain, lalu kirim ulang; isian tetap tersimpan di perangkat ini.", "warning");
      } else if (response.status === 403) {
        status("Anda tidak berhak menyimpan aktivitas ini.", "danger");
      } else {
        status("Server gagal menyimpan (kode " + response.status + "); isian tersimpan di perangkat ini, coba kirim lagi.", "warning");
      }
    }).catch(function () {
      setBusy(f, false);
      saveDraft();
      status(OFFLINE, "warning");
    });
  }

  // Events (delegated: the form may be replaced by the server's answer) --------------
  document.addEventListener("input", function (e) { if (e.target.form === form()) saveDraft(); });
  document.addEventListener("change", function (e) {
    var f = form();
    if (!f || e.target.form !== f) return;
    if (e.target.name === "kecamatan") filterKampung(f);
    if (e.target.name === "jenis") warn(f, "");
    saveDraft();
  });

  document.addEventListener("submit", function (e) {
    var f = form();
    if (e.target !== f || !window.fetch || !window.FormData) return;
    e.preventDefault();
    if (f.getAttribute("aria-busy") === "true") return;
    send(f);
  });

  document.addEventListener("keydown", function (e) {
    // Enter in the search box searches; it must not send the whole form.
    if (e.key === "Enter" && e.target.id === "cari-umkm") e.preventDefault();
  });

  document.addEventListener("click", function (e) {
    var f = form();
    if (!f) return;
    var pick = e.target.closest("[data-pilih-umkm]");
    if (pick) {
      var jenis = f.querySelector("[name=jenis]");
      var count = f.querySelectorAll("[data-peserta]").length;
      if (jenis && jenis.value === "pendampingan" && count >= 1 && !f.querySelector('[data-peserta="' + pick.dataset.pilihUmkm + '"]')) {
        warn(f, "Pendampingan adalah kunjungan ke satu UMKM: hapus UMKM yang sudah dipilih dulu, atau ganti jenisnya.");
        return;
      }
      warn(f, "");
      var card = addCard(f, { id: pick.dataset.pilihUmkm, nama: pick.dataset.nama, tempat: pick.dataset.tempat });
      var kec = f.querySelector("[name=kecamatan]");
      var kampung = f.querySelector("[name=kampung]");
      // The place follows the business whichever was chosen first: an empty kecamatan
      // takes the business's, and an empty kampung takes the business's when it lies in
      // the kecamatan now chosen.
      if (kec && !kec.value && pick.dataset.kecamatan) {
        kec.value = pick.dataset.kecamatan;
        filterKampung(f);
      }
      if (kec && kampung && !kampung.value && pick.dataset.kampung && kec.value === pick.dataset.kecamatan) {
        kampung.value = pick.dataset.kampung;
      }
      // The choice is made: close the results so the form stays short on a phone.
      var search = document.getElementById("cari-umkm");
      var results = document.getElementById("umkm-hasil");
      if (search) search.value = "";
      if (results) results.innerHTML = "";
      (card || f.querySelector('[data-peserta="' + pick.dataset.pilihUmkm + '"]')).scrollIntoView({ block: "nearest" });
      saveDraft();
      return;
    }
    var remove = e.target.closest("[data-peserta-hapus]");
    if (remove) {
      remove.closest("[data-peserta]").remove();
      refreshEmpty(f);
      warn(f, "");
      saveDraft();
      return;
    }
    if (e.target.closest("[data-draft-discard]")) {
      clearDraft(f);
      window.location.reload();
    }
  });

  document.addEventListener("DOMContentLoaded", init);
})();
