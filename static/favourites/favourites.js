// Hearts, follow buttons, back-in-stock buttons and recently viewed pieces
// (marketplace/favourites). Pages and cards are shared by every visitor, so they always show
// the heart off: this script turns on what this visitor loves from /_personal/ (the
// `souk:personal` event), and sends the forms without leaving the page. Without JavaScript
// the same forms post and come back. Recently viewed pieces are kept in this browser only
// (sessionStorage: gone with the browsing session, never sent to anyone but Souk, as ids).
(function () {
  "use strict";
  var RECENT_KEY = "souk:recent";
  var RECENT_MAX = 8;
  var state = { products: [], shops: [], alerts: [] };
  var lang = document.documentElement.lang || "fr";

  function has(list, value) {
    return list.indexOf(parseInt(value, 10)) !== -1;
  }

  function setHeart(button, on) {
    var form = button.form;
    button.setAttribute("aria-pressed", on ? "true" : "false");
    button.textContent = on ? "♥" : "♡";
    form.action = "/" + lang + "/favourites/" + (on ? "remove/" : "add/");
  }

  function setFollow(button, on) {
    if (!button.dataset.offText) button.dataset.offText = button.textContent;
    button.setAttribute("aria-pressed", on ? "true" : "false");
    button.textContent = on ? "✓ " + button.dataset.on : button.dataset.offText;
    button.form.action = "/" + lang + "/favourites/" + (on ? "unfollow/" : "follow/");
  }

  function setAlert(button, on) {
    if (on) {
      button.disabled = true;
      button.textContent = "✓ " + button.dataset.on;
    }
  }

  function apply(root) {
    root = root || document;
    root.querySelectorAll("form.heart button[name=product]").forEach(function (b) {
      setHeart(b, has(state.products, b.value));
    });
    root.querySelectorAll("[data-follow]").forEach(function (b) {
      setFollow(b, has(state.shops, b.value));
    });
    root.querySelectorAll("[data-alert]").forEach(function (b) {
      setAlert(b, has(state.alerts, b.value));
    });
  }

  function remember(list, value, on) {
    value = parseInt(value, 10);
    var i = list.indexOf(value);
    if (on && i === -1) list.push(value);
    if (!on && i !== -1) list.splice(i, 1);
  }

  function send(form, button, done) {
    var body = new FormData(form);
    body.append(button.name, button.value);
    return fetch(form.action, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    }).then(function (response) {
      if (response.status === 401 || response.status === 403) {
        form.submit(); // log in first, or confirm: the page way takes over
        return;
      }
      return response.json().then(function (data) {
        if (response.ok) done(data);
      });
    }).catch(function () { form.submit(); });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    var button = event.submitter || form.querySelector("button");
    if (!button || !window.fetch || !window.FormData) return;
    var token = form.querySelector('input[name="csrfmiddlewaretoken"]');
    if (token && !token.value) return; // no token yet: the no-script way (confirm page)
    if (form.classList.contains("heart")) {
      event.preventDefault();
      send(form, button, function (data) {
        remember(state.products, button.value, data.on);
        document.querySelectorAll('form.heart button[value="' + button.value + '"]').forEach(
          function (b) { setHeart(b, data.on); }
        );
      });
    } else if (form.classList.contains("follow-form")) {
      event.preventDefault();
      send(form, button, function (data) {
        remember(state.shops, button.value, data.on);
        setFollow(button, data.on);
      });
    } else if (form.classList.contains("back-in-stock")) {
      event.preventDefault();
      send(form, button, function (data) {
        remember(state.alerts, button.value, data.on);
        setAlert(button, data.on);
      });
    }
  });

  document.addEventListener("souk:personal", function (event) {
    var mine = event.detail && event.detail.favourites;
    if (!mine) return;
    state = { products: mine.products || [], shops: mine.shops || [], alerts: mine.alerts || [] };
    apply(document);
  });

  // Recently viewed: the product page notes its piece; the home page shows the list.
  function recent() {
    try {
      var list = JSON.parse(window.sessionStorage.getItem(RECENT_KEY) || "[]");
      return Array.isArray(list) ? list.filter(function (n) { return n > 0; }) : [];
    } catch (e) { return []; }
  }

  function init() {
    var page = document.querySelector("[data-recent]");
    if (page) {
      var id = parseInt(page.getAttribute("data-recent"), 10);
      var list = recent().filter(function (n) { return n !== id; });
      list.unshift(id);
      try {
        window.sessionStorage.setItem(RECENT_KEY, JSON.stringify(list.slice(0, RECENT_MAX)));
      } catch (e) { /* storage off: nothing is kept */ }
    }
    var section = document.querySelector("[data-recent-url]");
    var ids = recent();
    if (section && ids.length) {
      fetch(section.getAttribute("data-recent-url") + "?ids=" + ids.join(","), {
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (data) {
          if (!data || !data.html) return;
          var grid = section.querySelector(".product-grid");
          grid.innerHTML = data.html; // our own escaped card markup, same origin
          section.hidden = false;
          apply(section);
        })
        .catch(function () {});
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
