// Readability as one types: every textarea marked data-readability="ID" (the audience texts of the explanation form)
// has its score recomputed by POST /api/v1/readability?lang={the textarea's lang} a moment after typing stops, and the
// element ID (which the server filled when it drew the page) is rewritten with the same sentence, taken from its
// data-template, data-easy and data-not-easy. Without this script every submit and "Check readability" score on the server.
// A signed-in person's POST under /api carries the page's antiforgery token (the form's hidden field) in the
// RequestVerificationToken header, as every script of the site does (Infrastructure/Web/JsonApiProtection).
(function () {
  "use strict";
  var pageLang = document.documentElement.lang || "en";
  var format = new Intl.NumberFormat(pageLang, { maximumFractionDigits: 1 });
  document.querySelectorAll("textarea[data-readability]").forEach(function (area) {
    var output = document.getElementById(area.getAttribute("data-readability"));
    if (!output) return;
    var tokenField = (area.form && area.form.querySelector("input[name='__RequestVerificationToken']"))
      || document.querySelector("input[name='__RequestVerificationToken']");
    var headers = { "Content-Type": "application/json", Accept: "application/json" };
    if (tokenField) headers.RequestVerificationToken = tokenField.value;
    var timer = null, last = null, pending = null;
    function update() {
      var text = area.value;
      if (text === last) return;
      last = text;
      if (!/\p{L}/u.test(text)) { output.textContent = ""; return; }
      if (pending) pending.abort();
      pending = new AbortController();
      fetch("/api/v1/readability?lang=" + encodeURIComponent(area.lang || pageLang), {
        method: "POST",
        headers: headers,
        body: JSON.stringify({ text: text }),
        signal: pending.signal
      })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (result) {
          if (!result) return;
          output.textContent = output.getAttribute("data-template")
            .replace("{formula}", result.formula)
            .replace("{score}", format.format(result.score))
            .replace("{level}", output.getAttribute(result.easy ? "data-easy" : "data-not-easy"));
        })
        .catch(function () { /* the score is a convenience; the server scores on every submit */ });
    }
    area.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(update, 400);
    });
  });
})();
