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
 * to their customer account. The session token is kept in localStorage per sales channel.
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
          if (!r.ok) throw new Error(data.error || r.statusText);
          return data;
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

  var root = document.createElement("div");
  root.setAttribute("style", "position:fixed;bottom:16px;right:16px;z-index:2147483000;font:14px system-ui,sans-serif");
  root.innerHTML =
    '<button type="button" aria-expanded="false" style="border-radius:24px;padding:10px 16px;border:0;background:#111;color:#fff;cursor:pointer">Chat with us</button>' +
    '<div role="dialog" aria-label="Chat" hidden style="width:320px;height:420px;background:#fff;color:#111;border:1px solid #ddd;border-radius:12px;box-shadow:0 8px 24px rgba(0,0,0,.15);display:flex;flex-direction:column;margin-bottom:8px">' +
    '<ol aria-live="polite" style="flex:1;overflow:auto;list-style:none;margin:0;padding:12px"></ol>' +
    '<form style="display:flex;border-top:1px solid #eee"><input aria-label="Message" maxlength="4096" style="flex:1;border:0;padding:10px" placeholder="Type a message"><button style="border:0;background:none;padding:0 12px;cursor:pointer">Send</button></form>' +
    "</div>";
  var toggle = root.querySelector("button");
  var panel = root.querySelector("[role=dialog]");
  var list = root.querySelector("ol");
  var form = root.querySelector("form");
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
    return post("poll/", body).then(function (data) {
      data.messages.forEach(render);
    });
  }

  // Long polling: the server answers as soon as a reply is ready, or after pollWait s.
  function listen() {
    if (polling) return;
    polling = true;
    (function loop() {
      if (panel.hidden) { polling = false; return; }
      poll(false, pollWait).then(loop, function () { setTimeout(loop, 3000); });
    })();
  }

  function send(text, replyId) {
    var id = Date.now().toString(36) + Math.random().toString(36).slice(2, 10);
    var mine = document.createElement("div");
    mine.textContent = text;
    bubble("in", mine);
    return ensureSession()
      .then(function () { return post("messages/", { id: id, text: text, reply_id: replyId || "" }); })
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

  toggle.addEventListener("click", function () {
    panel.hidden = !panel.hidden;
    panel.style.display = panel.hidden ? "none" : "flex";
    toggle.setAttribute("aria-expanded", String(!panel.hidden));
    if (!panel.hidden) ensureSession().then(function () { return poll(true); }).then(listen).catch(function () {});
  });
  panel.style.display = "none";

  window.SaleorChat = {
    linkCheckout: function (token) {
      return ensureSession().then(function () { return post("checkout/", { checkoutToken: token }); });
    },
    identify: function (accessToken) {
      return ensureSession().then(function () { return post("identify/", { customerToken: accessToken }); });
    },
    send: send,
  };
  var checkoutToken = script.getAttribute("data-checkout-token");
  if (checkoutToken) window.SaleorChat.linkCheckout(checkoutToken).catch(function () {});
  document.body.appendChild(root);
})();
