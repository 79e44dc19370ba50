// Listing enhancements: apply a filter as soon as it changes; fold the filters on phones.
(function () {
  var form = document.getElementById("facets");
  if (!form) return;
  var details = form.querySelector("details.filters");
  if (details && window.matchMedia("(max-width: 719px)").matches) details.open = false;
  function submit() {
    // Drop empty fields so shared URLs stay short.
    Array.prototype.forEach.call(form.elements, function (el) {
      if (el.name && el.type !== "checkbox" && el.type !== "radio" && el.value === "") el.disabled = true;
    });
    if (form.requestSubmit) form.requestSubmit(); else form.submit();
  }
  form.addEventListener("change", function (event) {
    if (event.target.type === "number") return; // typed prices wait for Apply / Enter
    submit();
  });
  Array.prototype.forEach.call(document.querySelectorAll("select[form=facets]"), function (el) {
    el.addEventListener("change", submit);
  });
})();
