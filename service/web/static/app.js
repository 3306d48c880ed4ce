/*
 * The timeline page: send the article to POST /v1/timeline, draw the events, link them to the text.
 *
 * Article text is only ever put in the page as text nodes (never as HTML). The answer's offsets count
 * Unicode code points, as Python does; JavaScript strings count UTF-16 units, so offsets are converted.
 * No inline script or style anywhere: the page keeps to a strict Content-Security-Policy.
 */
(function () {
  "use strict";

  const L = window.TimelineLabels;
  const API = "/v1/timeline";
  const REQUEST_TIMEOUT_MS = 120000;
  const KEY_STORAGE = "news-timeline-api-key";
  const STATUS_TEXT = {
    happened: "Happened",
    ongoing: "Ongoing",
    scheduled: "Scheduled",
    deadline: "Deadline",
    expected: "Expected",
    hypothetical: "Hypothetical",
  };
  const FIELD_NAMES = {
    text: "Article text",
    published: "Publication date",
    id: "Article id",
    title: "Title",
    language: "Language",
    _schema: "Request",
  };
  const EXPORTS = {
    timelinejs: { name: "TimelineJS", extension: ".timelinejs.json" },
    ics: { name: "iCalendar", extension: ".ics" },
  };

  const $ = (id) => document.getElementById(id);
  const els = {
    form: $("article-form"),
    dropZone: $("drop-zone"),
    text: $("text"),
    count: $("text-count"),
    openFile: $("open-file"),
    fileInput: $("file-input"),
    published: $("published"),
    language: $("language"),
    languageNote: $("language-note"),
    publishedNote: $("published-note"),
    id: $("article-id"),
    title: $("article-title-input"),
    keyField: $("api-key-field"),
    key: $("api-key"),
    submit: $("submit"),
    status: $("status"),
    result: $("result"),
    summary: $("summary"),
    error: $("error"),
    events: $("events"),
    empty: $("empty"),
    article: $("article"),
    copy: $("copy-json"),
    timelinejs: $("download-timelinejs"),
    ics: $("download-ics"),
  };

  const state = {
    request: null, // the body of the request whose answer is shown
    answer: null,
    activeId: null,
    hoverId: null,
    links: new Map(), // event id -> {sentence: [span], trigger: [span], timex: [span], card, item}
    busy: false,
  };

  // ---- small helpers ----

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function setStatus(message) {
    els.status.textContent = message || "";
  }

  function plural(n, one, many) {
    return n + " " + (n === 1 ? one : many);
  }

  /** Code points in a string, as the API counts them. */
  function codePoints(text) {
    const pairs = text.match(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g);
    return text.length - (pairs ? pairs.length : 0);
  }

  /** A function turning a code-point offset into a UTF-16 offset of `text`. */
  function offsetMapper(text) {
    if (!/[\uD800-\uDFFF]/.test(text)) return (i) => i;
    const units = [0];
    let u = 0;
    for (const ch of text) {
      u += ch.length;
      units.push(u);
    }
    return (i) => units[Math.max(0, Math.min(i, units.length - 1))];
  }

  // ---- the publication date: today in this browser by default, and said so ----

  function describeDate() {
    const value = els.published.value;
    const note = els.publishedNote;
    if (!value) {
      note.dataset.state = "unset";
      note.textContent = "Set the article's publication date: relative dates are read from it.";
    } else if (note.dataset.state === "default" && value === note.dataset.today) {
      note.textContent = "Defaulted to today in your browser (" + L.formatDay(value) +
        "). Change it to the day the article was published.";
    } else {
      note.dataset.state = "set";
      note.textContent = "Relative dates (“on Tuesday”, “next month”) are read from " + L.formatDay(value) + ".";
    }
  }

  function defaultDate() {
    const today = L.isoDay(new Date());
    els.published.value = today;
    els.publishedNote.dataset.state = "default";
    els.publishedNote.dataset.today = today;
    describeDate();
  }

  // ---- the language: detected by the service unless chosen ----

  const LANGUAGE_HINT = "Detected from the text unless you choose one.";

  /** The name the selector gives a language code ("es" -> "Español (Spanish)"), else the code itself. */
  function languageName(code) {
    const option = Array.from(els.language.options).find((o) => o.value === code);
    return option ? option.textContent : code;
  }

  /** Say which language the shown answer was read in, and whether it was chosen or detected. */
  function describeLanguage(answer, request) {
    const note = els.languageNote;
    if (!answer || !answer.language) {
      note.textContent = LANGUAGE_HINT;
      delete note.dataset.used;
      return;
    }
    note.dataset.used = answer.language;
    note.textContent = (request && request.language ? "Read in " : "Detected and read in ") + languageName(answer.language) + ".";
  }

  // ---- the article text: typing, pasting, dropping, opening ----

  let countFrame = 0;
  function updateCount() {
    if (countFrame) return;
    countFrame = window.requestAnimationFrame(() => {
      countFrame = 0;
      const n = codePoints(els.text.value);
      els.count.textContent = n.toLocaleString("en") + (n === 1 ? " character" : " characters");
    });
  }

  function loadFile(file) {
    if (!file) return;
    file.text().then(
      (content) => {
        els.text.value = content;
        updateCount();
        setStatus("Loaded " + file.name + ".");
        els.text.focus();
      },
      () => showError("Could not read the file", file.name + " could not be read as text."),
    );
  }

  function onDragOver(event) {
    event.preventDefault();
    if (event.dataTransfer) event.dataTransfer.dropEffect = "copy";
    els.dropZone.classList.add("is-dragging");
  }

  function onDrop(event) {
    const data = event.dataTransfer;
    els.dropZone.classList.remove("is-dragging");
    if (!data) return;
    if (data.files && data.files.length) {
      event.preventDefault();
      loadFile(data.files[0]);
    } else if (event.target !== els.text) {
      const text = data.getData("text/plain");
      if (text) {
        event.preventDefault();
        els.text.value = text;
        updateCount();
      }
    }
  }

  // ---- talking to the API ----

  function headers() {
    const h = { "Content-Type": "application/json", Accept: "application/json, application/problem+json, */*" };
    const key = els.key.value.trim();
    if (key) {
      h.Authorization = "Bearer " + key;
      h["X-API-Key"] = key;
    }
    return h;
  }

  function post(url, body) {
    const controller = new AbortController();
    const timer = window.setTimeout(() => controller.abort(), REQUEST_TIMEOUT_MS);
    return fetch(url, {
      method: "POST",
      headers: headers(),
      body: JSON.stringify(body),
      signal: controller.signal,
      credentials: "same-origin",
    }).finally(() => window.clearTimeout(timer));
  }

  /** The problem document of a failed answer; a plain description when it is not one. */
  async function problemOf(response) {
    const type = (response.headers.get("Content-Type") || "").toLowerCase();
    if (type.includes("json")) {
      try {
        const body = await response.json();
        if (body && typeof body === "object") return body;
      } catch (ignored) {
        // fall through to the plain description
      }
    }
    return {
      status: response.status,
      title: (response.status + " " + (response.statusText || "error")).trim(),
      detail: "The service answered with an error" + (type ? " (" + type.split(";")[0] + ")" : "") + ".",
    };
  }

  function networkProblem(error) {
    if (error && error.name === "AbortError") {
      return { title: "No answer", detail: "The service did not answer within " + REQUEST_TIMEOUT_MS / 1000 + " seconds." };
    }
    return { title: "Could not reach the service", detail: "Check the connection and try again. (" + (error && error.message ? error.message : error) + ")" };
  }

  // ---- errors, in words ----

  function showError(title, detail, fieldErrors) {
    const box = els.error;
    box.replaceChildren();
    box.appendChild(el("p", "error-title", title));
    if (detail) box.appendChild(el("p", "error-detail", detail));
    const entries = fieldErrors && typeof fieldErrors === "object" ? Object.entries(fieldErrors) : [];
    if (entries.length) {
      const list = el("ul");
      for (const [field, messages] of entries) {
        const text = Array.isArray(messages) ? messages.join(" ") : typeof messages === "string" ? messages : JSON.stringify(messages);
        const item = el("li");
        item.appendChild(el("strong", null, (FIELD_NAMES[field] || field) + ": "));
        item.appendChild(document.createTextNode(text));
        list.appendChild(item);
      }
      box.appendChild(list);
    }
    box.hidden = false;
  }

  function showProblem(problem, context) {
    const status = problem.status ? " (" + problem.status + ")" : "";
    const title = (context ? context + ": " : "") + (problem.title || "Error") + status;
    showError(title, problem.detail || "", problem.errors);
    if (problem.status === 401 || problem.status === 403) {
      els.keyField.hidden = false;
      els.key.focus();
    }
  }

  function clearError() {
    els.error.hidden = true;
    els.error.replaceChildren();
  }

  // ---- drawing the answer ----

  function setBusy(busy) {
    state.busy = busy;
    els.submit.disabled = busy;
    els.result.setAttribute("aria-busy", busy ? "true" : "false");
    els.submit.textContent = busy ? "Drawing…" : "Draw the timeline";
  }

  function setExportsEnabled(enabled) {
    els.copy.disabled = !enabled;
    els.timelinejs.disabled = !enabled;
    els.ics.disabled = !enabled;
  }

  function clearResult(message) {
    state.answer = null;
    state.request = null;
    state.activeId = null;
    state.hoverId = null;
    state.links = new Map();
    els.events.replaceChildren();
    els.article.replaceChildren();
    els.empty.textContent = message || "The timeline appears here.";
    els.empty.hidden = false;
    els.summary.textContent = "No article yet.";
    setExportsEnabled(false);
    describeLanguage(null);
  }

  /** Split the article into text nodes and spans, one span per stretch covered by a sentence, trigger or timex. */
  function renderArticle(text, answer) {
    const toUnits = offsetMapper(text);
    const timexes = new Map((answer.timexes || []).map((t) => [t.tid, t]));
    const ranges = [];
    for (const event of answer.events || []) {
      const link = { sentence: [], trigger: [], timex: [] };
      state.links.set(event.id, link);
      const add = (kind, span) => {
        if (span && Number.isInteger(span.start) && Number.isInteger(span.end) && span.end > span.start) {
          ranges.push({ kind: kind, id: event.id, start: toUnits(span.start), end: toUnits(span.end) });
        }
      };
      add("sentence", event.sentence);
      add("trigger", event.trigger);
      add("timex", event.date && event.date.timex ? timexes.get(event.date.timex) : null);
    }
    const cuts = new Set([0, text.length]);
    for (const r of ranges) {
      cuts.add(Math.min(r.start, text.length));
      cuts.add(Math.min(r.end, text.length));
    }
    const points = Array.from(cuts).sort((a, b) => a - b);
    const fragment = document.createDocumentFragment();
    for (let i = 0; i + 1 < points.length; i++) {
      const a = points[i];
      const b = points[i + 1];
      const piece = text.slice(a, b);
      const covering = ranges.filter((r) => r.start <= a && r.end >= b);
      if (!covering.length) {
        fragment.appendChild(document.createTextNode(piece));
        continue;
      }
      const span = el("span", "seg", piece);
      const sentenceOf = [];
      for (const r of covering) {
        state.links.get(r.id)[r.kind].push(span);
        if (r.kind === "sentence" && !sentenceOf.includes(r.id)) sentenceOf.push(r.id);
      }
      if (sentenceOf.length) {
        span.classList.add("sentence");
        span.dataset.events = sentenceOf.join(" ");
      }
      fragment.appendChild(span);
    }
    els.article.replaceChildren(fragment);
  }

  function wordingOf(event) {
    const date = event.date || {};
    if (date.source === "publication") return "Dated by the publication date";
    const words = date.text ? "“" + date.text + "”" : "";
    if (date.source === "context") return (words ? words + " · " : "") + "date carried over from nearby text";
    return words;
  }

  function eventItem(event, timexes, published) {
    const status = STATUS_TEXT[event.status] ? event.status : "happened";
    const timex = event.date && event.date.timex ? timexes.get(event.date.timex) : null;
    const label = L.dateLabel(event.date || {}, { signal: timex ? timex.signal : null, published: published });

    const item = el("li", "event status-" + status + (label.vague ? " is-vague" : ""));
    item.dataset.id = event.id;
    const dot = el("span", "dot status-" + status);
    dot.setAttribute("aria-hidden", "true");
    item.appendChild(dot);

    const card = el("button", "card");
    card.type = "button";
    card.id = "card-" + event.id;
    card.setAttribute("aria-pressed", "false");
    card.setAttribute("aria-controls", "article");
    card.dataset.id = event.id;

    const top = el("span", "card-top");
    const when = el("time", "when", label.text);
    const machine = L.machineDate(event.date && event.date.value);
    if (machine) when.setAttribute("datetime", machine);
    top.appendChild(when);
    if (label.vague) top.appendChild(el("span", "vague-tag", "≈ vague"));
    top.appendChild(el("span", "status-label", STATUS_TEXT[status]));
    card.appendChild(top);
    card.appendChild(el("span", "headline", event.headline || (event.trigger && event.trigger.text) || ""));
    const wording = wordingOf(event);
    if (wording) card.appendChild(el("span", "wording", wording));

    item.appendChild(card);
    const link = state.links.get(event.id) || { sentence: [], trigger: [], timex: [] };
    link.card = card;
    link.item = item;
    state.links.set(event.id, link);
    return item;
  }

  function publicationMarker(published) {
    const item = el("li", "marker", "Published " + L.formatDay(published));
    item.setAttribute("aria-label", "Publication date: " + L.formatDay(published));
    return item;
  }

  function render(answer, text) {
    state.links = new Map();
    state.activeId = null;
    state.hoverId = null;
    renderArticle(text, answer);

    const timexes = new Map((answer.timexes || []).map((t) => [t.tid, t]));
    const fragment = document.createDocumentFragment();
    let markerPlaced = false;
    for (const event of answer.events || []) {
      if (!markerPlaced && L.sideOfPublication(event.date || {}, answer.published) > 0) {
        fragment.appendChild(publicationMarker(answer.published));
        markerPlaced = true;
      }
      fragment.appendChild(eventItem(event, timexes, answer.published));
    }
    if (!markerPlaced) fragment.appendChild(publicationMarker(answer.published));
    els.events.replaceChildren(fragment);

    const events = (answer.events || []).length;
    els.empty.hidden = events > 0;
    els.empty.textContent = events ? "" : "No dated events were found in this article.";
    els.summary.textContent = plural(events, "event", "events") + " · " +
      plural((answer.timexes || []).length, "date expression", "date expressions") +
      " · published " + L.formatDay(answer.published) +
      (answer.language ? " · read in " + languageName(answer.language) : "");
    setExportsEnabled(true);
  }

  // ---- linking events and sentences ----

  function mark(id, className, on) {
    const link = id ? state.links.get(id) : null;
    if (!link) return;
    for (const span of link.sentence) span.classList.toggle(className, on);
    if (className === "is-active") {
      for (const span of link.trigger) span.classList.toggle("is-trigger", on);
      for (const span of link.timex) span.classList.toggle("is-timex", on);
    }
  }

  function hover(id) {
    if (state.hoverId === id) return;
    mark(state.hoverId, "is-hover", false);
    state.hoverId = id;
    mark(id, "is-hover", true);
  }

  /** Scroll `pane` (and only it, never the page) so that `target` is in view. */
  function reveal(pane, target) {
    if (!target) return;
    const paneBox = pane.getBoundingClientRect();
    const box = target.getBoundingClientRect();
    if (box.top >= paneBox.top + 32 && box.bottom <= paneBox.bottom - 8) return;
    pane.scrollTop += box.top - paneBox.top - pane.clientHeight / 4;
  }

  function select(id, options) {
    const opts = options || {};
    if (state.activeId) {
      mark(state.activeId, "is-active", false);
      const previous = state.links.get(state.activeId);
      if (previous && previous.card) {
        previous.card.setAttribute("aria-pressed", "false");
        previous.item.classList.remove("is-active");
      }
    }
    state.activeId = id;
    const link = id ? state.links.get(id) : null;
    if (!link) return;
    mark(id, "is-active", true);
    link.card.setAttribute("aria-pressed", "true");
    link.item.classList.add("is-active");
    reveal(els.article.parentElement, link.sentence[0]);
    if (opts.revealCard) reveal(els.events.parentElement, link.card);
    if (opts.focusCard) link.card.focus({ preventScroll: true });
  }

  function cardOf(target) {
    return target && target.closest ? target.closest("button.card") : null;
  }

  function onEventsClick(event) {
    const card = cardOf(event.target);
    if (!card) return;
    select(state.activeId === card.dataset.id ? null : card.dataset.id);
  }

  function onEventsKey(event) {
    const card = cardOf(event.target);
    if (!card) return;
    const cards = Array.from(els.events.querySelectorAll("button.card"));
    const index = cards.indexOf(card);
    let next = null;
    if (event.key === "ArrowDown") next = cards[index + 1];
    else if (event.key === "ArrowUp") next = cards[index - 1];
    else if (event.key === "Home") next = cards[0];
    else if (event.key === "End") next = cards[cards.length - 1];
    else if (event.key === "Escape") {
      select(null);
      return;
    }
    if (next) {
      event.preventDefault();
      next.focus({ preventScroll: true });
      reveal(els.events.parentElement, next);
    }
  }

  function onArticleClick(event) {
    const span = event.target && event.target.closest ? event.target.closest(".sentence") : null;
    if (!span || !span.dataset.events) return;
    const ids = span.dataset.events.split(" ");
    const at = ids.indexOf(state.activeId);
    select(ids[(at + 1) % ids.length], { revealCard: true });
  }

  // ---- submitting ----

  async function submit(event) {
    event.preventDefault();
    if (state.busy) return;
    const body = { text: els.text.value };
    if (els.published.value) body.published = els.published.value;
    const id = els.id.value.trim();
    if (id) body.id = id;
    const title = els.title.value.trim();
    if (title) body.title = title;
    if (els.language.value) body.language = els.language.value;

    clearError();
    setBusy(true);
    setStatus("Drawing the timeline…");
    try {
      const response = await post(API, body);
      if (!response.ok) {
        const problem = await problemOf(response);
        clearResult("No timeline: see the error above.");
        showProblem(problem, "The article could not be read");
        setStatus("The service answered with an error.");
        return;
      }
      const answer = await response.json();
      state.request = body;
      state.answer = answer;
      render(answer, body.text);
      describeLanguage(answer, body);
      const n = (answer.events || []).length;
      setStatus(n ? "Timeline drawn: " + plural(n, "event", "events") + "." : "No dated events found.");
    } catch (error) {
      clearResult("No timeline: see the error above.");
      const problem = networkProblem(error);
      showError(problem.title, problem.detail);
      setStatus("");
    } finally {
      setBusy(false);
    }
  }

  // ---- exports ----

  async function copyJson() {
    if (!state.answer) return;
    const text = JSON.stringify(state.answer, null, 2);
    try {
      if (navigator.clipboard && window.isSecureContext) {
        await navigator.clipboard.writeText(text);
      } else {
        const scratch = el("textarea", "visually-hidden");
        scratch.value = text;
        document.body.appendChild(scratch);
        scratch.select();
        const copied = document.execCommand("copy");
        scratch.remove();
        if (!copied) throw new Error("the browser refused to copy");
      }
      setStatus("The JSON answer is on the clipboard.");
    } catch (error) {
      showError("Could not copy the JSON", "The browser did not allow it (" + (error && error.message ? error.message : error) + ").");
    }
  }

  function filenameOf(response, fallback) {
    const header = response.headers.get("Content-Disposition") || "";
    const star = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(header);
    if (star) {
      try {
        return decodeURIComponent(star[1]);
      } catch (ignored) {
        // use the plain name
      }
    }
    const plain = /filename\s*=\s*"?([^";]+)"?/i.exec(header);
    return plain ? plain[1] : fallback;
  }

  function save(blob, filename) {
    const url = URL.createObjectURL(blob);
    const link = el("a", "visually-hidden");
    link.href = url;
    link.download = filename;
    document.body.appendChild(link);
    link.click();
    link.remove();
    window.setTimeout(() => URL.revokeObjectURL(url), 10000);
  }

  async function download(format) {
    if (!state.request) return;
    const spec = EXPORTS[format];
    clearError();
    setStatus("Preparing the " + spec.name + " file…");
    try {
      const response = await post(API + "?format=" + encodeURIComponent(format), state.request);
      if (!response.ok) {
        showProblem(await problemOf(response), "The " + spec.name + " export failed");
        setStatus("");
        return;
      }
      const contentType = (response.headers.get("Content-Type") || "").toLowerCase();
      const bytes = await response.arrayBuffer(); // saved exactly as sent (iCalendar lines end in CRLF)
      const base = (state.request.id || "timeline").replace(/[^A-Za-z0-9._-]+/g, "-");
      const filename = filenameOf(response, base + spec.extension);
      save(new Blob([bytes], { type: contentType || "application/octet-stream" }), filename);
      setStatus("Downloaded " + filename + ".");
    } catch (error) {
      const problem = networkProblem(error);
      showError(problem.title, problem.detail);
      setStatus("");
    }
  }

  // ---- wiring ----

  function init() {
    defaultDate();
    const savedKey = window.sessionStorage ? window.sessionStorage.getItem(KEY_STORAGE) : null;
    if (savedKey) {
      els.key.value = savedKey;
      els.keyField.hidden = false;
    }
    clearResult();
    updateCount();

    els.form.addEventListener("submit", submit);
    els.text.addEventListener("input", updateCount);
    els.text.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        els.form.requestSubmit();
      }
    });
    els.published.addEventListener("input", describeDate);
    els.published.addEventListener("change", describeDate);
    els.key.addEventListener("change", () => {
      if (window.sessionStorage) window.sessionStorage.setItem(KEY_STORAGE, els.key.value.trim());
    });
    els.openFile.addEventListener("click", () => els.fileInput.click());
    els.fileInput.addEventListener("change", () => loadFile(els.fileInput.files && els.fileInput.files[0]));
    els.dropZone.addEventListener("dragover", onDragOver);
    els.dropZone.addEventListener("dragleave", () => els.dropZone.classList.remove("is-dragging"));
    els.dropZone.addEventListener("drop", onDrop);

    els.events.addEventListener("click", onEventsClick);
    els.events.addEventListener("keydown", onEventsKey);
    els.events.addEventListener("mouseover", (event) => {
      const card = cardOf(event.target);
      hover(card ? card.dataset.id : null);
    });
    els.events.addEventListener("mouseleave", () => hover(null));
    els.events.addEventListener("focusin", (event) => {
      const card = cardOf(event.target);
      hover(card ? card.dataset.id : null);
    });
    els.events.addEventListener("focusout", () => hover(null));
    els.article.addEventListener("click", onArticleClick);

    els.copy.addEventListener("click", copyJson);
    els.timelinejs.addEventListener("click", () => download("timelinejs"));
    els.ics.addEventListener("click", () => download("ics"));
    document.documentElement.classList.add("js-ready");
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
