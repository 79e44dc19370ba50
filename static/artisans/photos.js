// While renditions are being made, look again every few seconds (the page works without it).
(function () {
  var list = document.querySelector(".photo-list[data-pending]");
  if (!list) return;
  var tries = 0;
  var timer = setInterval(function () {
    tries += 1;
    if (tries > 20) { clearInterval(timer); return; }
    fetch(window.location.href, { credentials: "same-origin" })
      .then(function (r) { return r.text(); })
      .then(function (html) {
        var doc = new DOMParser().parseFromString(html, "text/html");
        var fresh = doc.querySelector(".photo-list");
        if (fresh && !fresh.hasAttribute("data-pending")) {
          list.replaceWith(fresh);
          clearInterval(timer);
        }
      })
      .catch(function () { clearInterval(timer); });
  }, 3000);
})();

// Drag a photo (by its picture) to another place; the new order is saved at once. Without this
// script, or from the keyboard, the Earlier and Later buttons do the same.
(function () {
  var dragged = null;
  var before = "";
  var hint = document.querySelector(".drag-hint");
  if (hint) hint.hidden = false;

  function ids(list) {
    return Array.prototype.map.call(list.querySelectorAll(".photo-item"), function (li) {
      return li.getAttribute("data-id");
    });
  }

  function announce(text) {
    var status = document.getElementById("photo-order-status");
    if (status) status.textContent = text;
  }

  function refresh(list, message) {
    // The page's own markup (ranks, Earlier/Later buttons) for the order now stored.
    fetch(window.location.href, { credentials: "same-origin" })
      .then(function (r) { return r.text(); })
      .then(function (html) {
        var doc = new DOMParser().parseFromString(html, "text/html");
        var fresh = doc.querySelector(".photo-list");
        if (fresh) list.replaceWith(fresh);
        announce(message);
      })
      .catch(function () { announce(message); });
  }

  function save(list) {
    var order = ids(list).join(",");
    if (order === before) return;
    var token = document.querySelector("input[name=csrfmiddlewaretoken]");
    var body = new URLSearchParams({ order: order });
    list.setAttribute("aria-busy", "true");
    fetch(list.getAttribute("data-order-url"), {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRFToken": token ? token.value : "", "X-Requested-With": "fetch" },
      body: body
    }).then(function (r) {
      refresh(list, list.getAttribute(r.ok ? "data-saved" : "data-failed"));
    }).catch(function () {
      refresh(list, list.getAttribute("data-failed"));
    });
  }

  document.addEventListener("dragstart", function (e) {
    var handle = e.target.closest && e.target.closest(".photo-list[data-order-url] .thumb");
    if (!handle) return;
    dragged = handle.closest(".photo-item");
    before = ids(dragged.parentNode).join(",");
    dragged.classList.add("dragging");
    e.dataTransfer.effectAllowed = "move";
    e.dataTransfer.setData("text/plain", dragged.getAttribute("data-id"));
  });

  document.addEventListener("dragover", function (e) {
    if (!dragged) return;
    var over = e.target.closest && e.target.closest(".photo-item");
    if (!over || over.parentNode !== dragged.parentNode) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = "move";
    if (over === dragged) return;
    var box = over.getBoundingClientRect();
    var after = e.clientY - box.top > box.height / 2;
    over.parentNode.insertBefore(dragged, after ? over.nextSibling : over);
  });

  document.addEventListener("drop", function (e) {
    if (dragged) e.preventDefault();
  });

  document.addEventListener("dragend", function () {
    if (!dragged) return;
    var item = dragged;
    dragged = null;
    item.classList.remove("dragging");
    save(item.parentNode);
  });
})();
