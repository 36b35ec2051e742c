/*
 * saleor-conversational web chat widget.
 *
 * <script src="https://<saleor>/plugins/global/saleor.conversational/webchat/widget.js"
 *         data-channel="default-channel" async></script>
 *
 * Optional: data-checkout-token="<checkout token>" ties the chat to the storefront
 * checkout so the shopper gets their order updates here; window.SaleorChat.linkCheckout(token)
 * does the same later. When the shopper is logged in on the storefront,
 * window.SaleorChat.identify(accessToken) (the token from Saleor's tokenCreate) links the chat
 * to their customer account, and window.SaleorChat.logout() when the shopper logs out of the
 * storefront ends the chat session, so the next person on this browser starts a new one.
 * "Start over" in the chat (or window.SaleorChat.reset()) does the same and opens a new chat.
 * The session token is kept in localStorage per sales channel until it expires or ends.
 */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script) return;
  var channel = script.getAttribute("data-channel") || "default-channel";
  var base = script.src.replace(/webchat\/widget\.js.*$/, "webchat/" + encodeURIComponent(channel) + "/");
  var storageKey = "saleor-conversational:" + channel;
  var session = null;
  var polling = false;
  var pollWait = 20;

  function post(path, body) {
    var headers = { "Content-Type": "application/json" };
    if (session) headers.Authorization = "Bearer " + session;
    return fetch(base + path, { method: "POST", headers: headers, body: JSON.stringify(body || {}) })
      .then(function (r) {
        return r.json().then(function (data) {
          if (r.ok) return data;
          var error = new Error(data.error || r.statusText);
          error.status = r.status;
          error.retryAfter = parseInt(r.headers.get("Retry-After"), 10) || 0;
          throw error;
        });
      });
  }

  function ensureSession() {
    session = session || localStorage.getItem(storageKey);
    if (session) return Promise.resolve(session);
    return post("session/").then(function (data) {
      session = data.session;
      pollWait = data.pollWait || 20;
      localStorage.setItem(storageKey, session);
      return session;
    });
  }

  function forgetSession() {
    session = null;
    localStorage.removeItem(storageKey);
    list.textContent = "";
  }

  // A call with the session; an expired or ended session is replaced by a new one once.
  function call(path, body) {
    return ensureSession().then(function () {
      var used = session;
      return post(path, body).catch(function (e) {
        if (e.status !== 401) throw e;
        if (session === used) forgetSession();
        return ensureSession().then(function () { return post(path, body); });
      });
    });
  }

  function endSession(reason) {
    session = session || localStorage.getItem(storageKey);
    var ending = session ? post("session/end/", { reason: reason }).catch(function () {}) : Promise.resolve();
    return ending.then(forgetSession);
  }

  var root = document.createElement("div");
  root.setAttribute("style", "position:fixed;bottom:16px;right:16px;z-index:2147483000;font:14px system-ui,sans-serif");
  root.innerHTML =
    '<button type="button" aria-expanded="false" style="border-radius:24px;padding:10px 16px;border:0;background:#111;color:#fff;cursor:pointer">Chat with us</button>' +
    '<div role="dialog" aria-label="Chat" hidden style="width:320px;height:420px;background:#fff;color:#111;border:1px solid #ddd;border-radius:12px;box-shadow:0 8px 24px rgba(0,0,0,.15);display:flex;flex-direction:column;margin-bottom:8px">' +
    '<div style="display:flex;justify-content:flex-end;border-bottom:1px solid #eee"><button type="button" data-action="reset" style="border:0;background:none;padding:6px 12px;cursor:pointer;font-size:12px;color:#555">Start over</button></div>' +
    '<ol aria-live="polite" style="flex:1;overflow:auto;list-style:none;margin:0;padding:12px"></ol>' +
    '<form style="display:flex;border-top:1px solid #eee"><input aria-label="Message" maxlength="4096" style="flex:1;border:0;padding:10px" placeholder="Type a message"><button style="border:0;background:none;padding:0 12px;cursor:pointer">Send</button></form>' +
    "</div>";
  var toggle = root.querySelector("button");
  var panel = root.querySelector("[role=dialog]");
  var list = root.querySelector("ol");
  var form = root.querySelector("form");
  var startOver = root.querySelector("[data-action=reset]");
  var input = root.querySelector("input");
  panel.hidden = true;
  root.insertBefore(panel, toggle);

  function bubble(direction, node) {
    var li = document.createElement("li");
    li.setAttribute("style", "margin:6px 0;display:flex;justify-content:" + (direction === "in" ? "flex-end" : "flex-start"));
    node.setAttribute("style", "max-width:80%;white-space:pre-wrap;padding:8px 10px;border-radius:10px;background:" + (direction === "in" ? "#e8f0fe" : "#f2f2f2"));
    li.appendChild(node);
    list.appendChild(li);
    list.scrollTop = list.scrollHeight;
  }

  function render(message) {
    var box = document.createElement("div");
    var text = document.createElement("div");
    text.textContent = message.text || "";
    box.appendChild(text);
    var content = message.content || {};
    var choices = (content.buttons || []).concat(
      (content.sections || []).reduce(function (rows, s) { return rows.concat(s.rows || []); }, [])
    );
    choices.forEach(function (choice) {
      var b = document.createElement("button");
      b.type = "button";
      b.textContent = choice.title;
      b.setAttribute("style", "display:block;margin-top:6px;border:1px solid #111;background:#fff;border-radius:8px;padding:4px 8px;cursor:pointer");
      b.onclick = function () { send(choice.title, choice.id); };
      box.appendChild(b);
    });
    if (content.kind === "link" && /^https?:/.test(content.url)) {
      var a = document.createElement("a");
      a.href = content.url; a.target = "_blank"; a.rel = "noopener"; a.textContent = content.label;
      a.setAttribute("style", "display:block;margin-top:6px");
      box.appendChild(a);
    }
    (content.products || []).forEach(function (p) {
      var line = document.createElement("a");
      if (/^https?:/.test(p.url)) line.href = p.url;
      line.target = "_blank"; line.rel = "noopener";
      line.textContent = p.title + " – " + p.price;
      line.setAttribute("style", "display:block;margin-top:6px");
      box.appendChild(line);
    });
    bubble(message.direction, box);
  }

  function poll(history, wait) {
    var body = history ? { history: true } : wait ? { wait: wait } : {};
    var asked = session;
    return call("poll/", body).then(function (data) {
      if (session === asked) data.messages.forEach(render);
    });
  }

  // Long polling: the server answers as soon as a reply is ready, or after pollWait s
  // (429: too many polls waiting, e.g. in other tabs; try again when it says).
  function listen() {
    if (polling) return;
    polling = true;
    (function loop() {
      if (panel.hidden || !session) { polling = false; return; }
      poll(false, pollWait).then(loop, function (e) {
        setTimeout(loop, e && e.status === 429 && e.retryAfter ? e.retryAfter * 1000 : 3000);
      });
    })();
  }

  function reset() {
    return endSession("reset").then(ensureSession).then(function () { if (!panel.hidden) listen(); });
  }

  function send(text, replyId) {
    var id = Date.now().toString(36) + Math.random().toString(36).slice(2, 10);
    var mine = document.createElement("div");
    mine.textContent = text;
    bubble("in", mine);
    return call("messages/", { id: id, text: text, reply_id: replyId || "" })
      .then(listen)
      .catch(function (e) { var err = document.createElement("div"); err.textContent = "Not sent: " + e.message; bubble("out", err); });
  }

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var text = input.value.trim();
    if (!text) return;
    input.value = "";
    send(text);
  });

  startOver.addEventListener("click", function () { reset().catch(function () {}); });

  toggle.addEventListener("click", function () {
    panel.hidden = !panel.hidden;
    panel.style.display = panel.hidden ? "none" : "flex";
    toggle.setAttribute("aria-expanded", String(!panel.hidden));
    if (!panel.hidden) poll(true).then(listen).catch(function () {});
  });
  panel.style.display = "none";

  window.SaleorChat = {
    linkCheckout: function (token) {
      return call("checkout/", { checkoutToken: token });
    },
    // 409: this browser's chat belongs to another customer; it starts over for this one.
    identify: function (accessToken) {
      return call("identify/", { customerToken: accessToken }).catch(function (e) {
        if (e.status !== 409) throw e;
        return reset().then(function () { return call("identify/", { customerToken: accessToken }); });
      });
    },
    logout: function () { return endSession("logout"); },
    reset: reset,
    send: send,
  };
  var checkoutToken = script.getAttribute("data-checkout-token");
  if (checkoutToken) window.SaleorChat.linkCheckout(checkoutToken).catch(function () {});
  document.body.appendChild(root);
})();
