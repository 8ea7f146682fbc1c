// Theme type-ahead: inputs marked data-typeahead="concepts" hold GEMET concept labels separated by ";".
// While a person types, the last label is completed from /api/v1/concepts in the page's language, through the
// input's <datalist>; each suggestion is the whole value with its last part completed, so picking one keeps the
// themes already typed. Without this script the field still works: the server resolves typed labels.
(function () {
  "use strict";
  var lang = document.documentElement.lang || "en";
  document.querySelectorAll('input[data-typeahead="concepts"]').forEach(function (input) {
    var list = document.getElementById(input.getAttribute("list"));
    if (!list) return;
    var timer = null, last = "";
    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(function () {
        var value = input.value, cut = value.lastIndexOf(";");
        var head = cut < 0 ? "" : value.slice(0, cut + 1) + " ";
        var term = value.slice(cut + 1).trim();
        if (term.length < 2 || term === last) return;
        last = term;
        fetch("/api/v1/concepts?lang=" + encodeURIComponent(lang) + "&q=" + encodeURIComponent(term), { headers: { Accept: "application/json" } })
          .then(function (r) { return r.ok ? r.json() : []; })
          .then(function (items) {
            list.textContent = "";
            items.forEach(function (item) {
              var option = document.createElement("option");
              option.value = head.trimStart() + item.label;
              list.appendChild(option);
            });
          })
          .catch(function () { /* suggestions are a convenience; typing still works */ });
      }, 200);
    });
  });
})();
