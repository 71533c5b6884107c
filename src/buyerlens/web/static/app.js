// buyerlens: small progressive enhancements; every page works without this file.
"use strict";

function csrfToken() {
  const meta = document.querySelector("meta[name=csrf-token]");
  return meta ? meta.content : "";
}

function el(tag, attrs, text) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) node.setAttribute(key, value);
  if (text !== undefined) node.textContent = text;
  return node;
}

// The coach: findings as you type (a small debounce, then POST /api/coach).
function setupCoach() {
  const form = document.getElementById("coach-form");
  if (!form) return;
  const draft = form.querySelector("textarea[name=text]");
  const out = document.getElementById("coach-findings");
  const status = document.getElementById("coach-status");
  let timer = null;
  let seq = 0;

  async function review() {
    const mine = ++seq;
    const body = {
      text: draft.value,
      lang: form.querySelector("[name=lang]").value || null,
      deal: form.querySelector("[name=deal]").value || null,
    };
    if (!body.text.trim()) { out.replaceChildren(); status.textContent = ""; return; }
    status.textContent = status.dataset.busy;
    const response = await fetch("/api/coach", {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": csrfToken() },
      body: JSON.stringify(body),
      credentials: "same-origin",
    });
    if (mine !== seq) return;  // a newer keystroke already asked again
    const data = await response.json();
    if (!response.ok) { status.textContent = data.error ? data.error.message : response.status; return; }
    status.textContent = "";
    render(data);
  }

  function render(data) {
    const nodes = [];
    nodes.push(el("p", { class: "coach-score", id: "coach-score" }, String(data.score)));
    const list = el("ul", { class: "findings", id: "coach-list" });
    for (const f of data.findings || []) {
      const item = el("li", { "data-finding": f.id });
      item.append(el("b", { class: "sev-" + f.severity }, f.message || f.id));
      if (f.rule || f.rules) item.append(" ", el("span", { class: "rule" }, f.rule || (f.rules || []).join(", ")));
      if (f.fix || f.suggestion) item.append(el("div", { class: "muted small" }, f.fix || f.suggestion));
      list.append(item);
    }
    if (!(data.findings || []).length) list.append(el("li", { class: "muted" }, out.dataset.empty));
    nodes.push(list);
    out.replaceChildren(...nodes);
  }

  draft.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(review, 300); });
  form.addEventListener("submit", (event) => { event.preventDefault(); review(); });
  if (draft.value.trim()) review();
}

document.addEventListener("DOMContentLoaded", setupCoach);
