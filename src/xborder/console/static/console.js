// xborder console: a little progressive enhancement; every page works without it.
(function () {
  "use strict";
  // The date slider: moving it sets the date field and re-assesses the map as of that day.
  const slider = document.getElementById("day");
  const date = document.getElementById("as_of");
  if (slider && date) {
    const first = new Date(slider.dataset.first + "T00:00:00Z");
    const dayOf = (n) => new Date(first.getTime() + n * 86400000).toISOString().slice(0, 10);
    slider.addEventListener("input", () => { date.value = dayOf(Number(slider.value)); slider.setAttribute("aria-valuetext", date.value); });
    slider.addEventListener("change", () => document.getElementById("filters").submit());
  }
  // Filters apply as soon as one changes.
  document.querySelectorAll("#filters select").forEach((s) => s.addEventListener("change", () => s.form.submit()));
  // What if: each edit form works on the draft as it stands in the text area.
  const draft = document.getElementById("draft");
  if (draft) {
    document.querySelectorAll("textarea.draft-copy").forEach((copy) => {
      copy.form.addEventListener("submit", () => { copy.value = draft.value; });
    });
  }
  // Ledger: verify an inclusion proof here (RFC 9162 section 2.1.3.2), with the browser's own SHA-256.
  const b64 = (s) => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));
  const join = (...parts) => { const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0)); let i = 0; for (const p of parts) { out.set(p, i); i += p.length; } return out; };
  const sha = async (bytes) => new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  const same = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);
  async function rootFrom(index, size, leafHash, path) {
    let fn = index, sn = size - 1, r = leafHash;
    for (const p of path) {
      if (sn === 0) return null;
      if ((fn & 1) || fn === sn) {
        r = await sha(join(Uint8Array.of(1), p, r));
        if (!(fn & 1)) { while (!(fn & 1) && fn !== 0) { fn >>= 1; sn >>= 1; } }
      } else {
        r = await sha(join(Uint8Array.of(1), r, p));
      }
      fn >>= 1; sn >>= 1;
    }
    return sn === 0 ? r : null;
  }
  document.querySelectorAll("button.verify").forEach((button) => {
    button.addEventListener("click", async () => {
      const out = button.parentElement.querySelector("output");
      try {
        const leaf = await sha(join(Uint8Array.of(0), b64(button.dataset.leaf)));
        const path = button.dataset.path ? button.dataset.path.split(",").map(b64) : [];
        const root = await rootFrom(Number(button.dataset.index), Number(button.dataset.size), leaf, path);
        const ok = root !== null && same(root, b64(button.dataset.root));
        out.textContent = ok ? "✓ " + button.dataset.ok : "✗ " + button.dataset.bad;
        out.className = "result " + (ok ? "proof-verified" : "proof-failed");
        out.dataset.verified = ok ? "1" : "0";
      } catch (e) {
        out.textContent = "✗ " + button.dataset.bad;
        out.className = "result proof-failed";
        out.dataset.verified = "0";
      }
    });
  });
})();
