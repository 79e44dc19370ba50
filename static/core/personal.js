// Personal parts of a page a shared cache served (marketplace/caching/personal.py).
// Such a page carries no CSRF token: fetch this visitor's own from /_personal/, fill every
// form's token field, then tell other scripts (favourites, recently viewed…) through the
// `souk:personal` event, whose detail is the whole answer. Pages from the application itself
// already hold their token, and nothing is fetched unless an element asks ([data-personal]).
(function () {
  "use strict";
  var empty = 'input[name="csrfmiddlewaretoken"]';
  function missing() {
    return Array.prototype.filter.call(document.querySelectorAll(empty), function (input) {
      return !input.value;
    });
  }
  function fill() {
    // Also asked by a page showing a personal part ([data-personal]: hearts, follows…).
    var fields = missing();
    if (!fields.length && !document.querySelector("[data-personal]")) return;
    fetch("/_personal/", { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data) return;
        missing().forEach(function (input) { input.value = data.csrf_token; });
        document.dispatchEvent(new CustomEvent("souk:personal", { detail: data }));
      })
      .catch(function () { /* no script help: the form's confirmation page takes over */ });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", fill);
  } else {
    fill();
  }
})();
