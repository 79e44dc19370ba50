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
