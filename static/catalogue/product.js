// Product page: show the chosen variant's price at once.
(function () {
  var price = document.getElementById("product-price");
  if (!price) return;
  document.querySelectorAll("input[name=variant][data-price]").forEach(function (input) {
    input.addEventListener("change", function () {
      if (input.checked) price.innerHTML = input.getAttribute("data-price");
    });
  });
})();
