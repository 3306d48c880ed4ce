// The sidebar: posts the draft to the timeline service from the browser (CORS) and lists its events.
// The page's query string says where the service is and which key to send: ?api=http://host:port&key=...
"use strict";

const params = new URLSearchParams(window.location.search);
const api = params.get("api");
const key = params.get("key");

async function showTimeline() {
  const draft = document.getElementById("draft");
  const status = document.getElementById("status");
  const list = document.getElementById("events");
  list.replaceChildren();
  status.dataset.state = "busy";
  const headers = {
    "Content-Type": "application/json",
    // Sent by the page and echoed by the service: the CMS can tie its own logs to the service's.
    "X-Request-ID": "cms-" + draft.dataset.id,
  };
  if (key) headers.Authorization = "Bearer " + key;
  let response;
  try {
    response = await fetch(api + "/v1/timeline", {
      method: "POST",
      headers,
      body: JSON.stringify({
        id: draft.dataset.id,
        text: document.getElementById("text").textContent,
        published: draft.dataset.published,
      }),
    });
  } catch (error) {
    // What a browser says when it refuses a cross-origin answer: nothing but a TypeError.
    status.textContent = "The browser refused the call: " + error.message;
    status.dataset.state = "refused";
    return;
  }
  document.getElementById("request-id").textContent = response.headers.get("X-Request-ID") || "";
  const body = await response.json();
  if (!response.ok) {
    // An RFC 9457 problem: readable cross-origin because the service sends CORS headers on errors too.
    status.textContent = `${body.title} (${body.status}): ${body.detail}`;
    status.dataset.state = "problem";
    return;
  }
  for (const event of body.events) {
    const item = document.createElement("li");
    item.dataset.id = event.id;
    item.dataset.date = event.date.value;
    item.textContent = event.headline;
    list.append(item);
  }
  status.textContent = `${body.events.length} events`;
  status.dataset.state = "done";
}

document.getElementById("run").addEventListener("click", showTimeline);
