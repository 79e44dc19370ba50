// Listing enhancements: the side column of filters open; keep shared URLs short.
(function () {
  var form = document.getElementById("facets");
  if (!form) return;
  // The filters are sent folded (phones); from 900 px the style sheet already shows them as a
  // column, so opening them here only tells assistive technology and older browsers.
  var details = form.querySelector("details.filters");
  if (details && window.matchMedia("(min-width: 900px)").matches) details.open = true;
  // Nothing applies itself on change (a choice is not a command, WCAG 3.2.2): the filters
  // have "Apply filters", the sort and page-size menus "Sort". On the way out, empty fields
  // are dropped so shared URLs stay short.
  form.addEventListener("submit", function () {
    Array.prototype.forEach.call(form.elements, function (el) {
      if (el.name && el.type !== "checkbox" && el.type !== "radio" && el.value === "") el.disabled = true;
    });
  });
  // Coming back through the history shows the form as it was left: usable again.
  window.addEventListener("pageshow", function () {
    Array.prototype.forEach.call(form.elements, function (el) { el.disabled = false; });
  });
})();
