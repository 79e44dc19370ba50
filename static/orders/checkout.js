// Checkout: the totals follow the country and the currency as soon as they change. The summary
// is fetched again with a safe GET (?country=&currency=) and swapped in place; the form keeps
// what the buyer typed. Without JavaScript the "Update shipping and totals" button does it.
(function () {
  "use strict";
  var form = document.querySelector("form.checkout-layout");
  var summary = document.getElementById("checkout-summary");
  if (!form || !summary || !window.fetch || !window.DOMParser) return;
  var country = form.querySelector("[name=country]");
  var currency = form.querySelector("[name=currency]");
  var button = form.querySelector(".review-button");
  if (button) button.hidden = true;
  var pending = 0;
  function refresh() {
    var ask = ++pending;
    var url = window.location.pathname + "?country=" + encodeURIComponent(country.value) +
      "&currency=" + encodeURIComponent(currency.value);
    summary.setAttribute("aria-busy", "true");
    fetch(url, { credentials: "same-origin", headers: { Accept: "text/html" } })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (!html || ask !== pending) return;
        var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("checkout-summary");
        if (fresh) summary.innerHTML = fresh.innerHTML;
      })
      .catch(function () { if (button) button.hidden = false; })
      .then(function () { if (ask === pending) summary.removeAttribute("aria-busy"); });
  }
  [country, currency].forEach(function (field) {
    if (field) field.addEventListener("change", refresh);
  });
})();
