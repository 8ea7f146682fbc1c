// Search-box type-ahead: while a person types in an input with data-suggest, the titles of the best matches (in
// the page's language where the item has one) fill its <datalist>. Without this script the search box still works.
(function () {
  "use strict";
  var lang = document.documentElement.lang || "en";
  document.querySelectorAll("input[data-suggest]").forEach(function (input) {
    var list = document.getElementById(input.getAttribute("list"));
    if (!list) return;
    var timer = null, last = "";
    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(function () {
        var term = input.value.trim();
        if (term.length < 2 || term === last) return;
        last = term;
        fetch(input.dataset.suggest + "?lang=" + encodeURIComponent(lang) + "&q=" + encodeURIComponent(term), { headers: { Accept: "application/json" } })
          .then(function (r) { return r.ok ? r.json() : []; })
          .then(function (items) {
            list.textContent = "";
            items.forEach(function (item) {
              var option = document.createElement("option");
              option.value = item.title;
              list.appendChild(option);
            });
          })
          .catch(function () { /* suggestions are a convenience */ });
      }, 200);
    });
  });
})();
