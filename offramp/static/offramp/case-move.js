// "Move the case": show only what the chosen move needs (a reason, a reason for closing, the resolution
// criteria). Without JavaScript every field shows and the server says what is missing.
(function () {
  "use strict";
  document.querySelectorAll("form[data-case-move]").forEach(function (form) {
    var radios = form.querySelectorAll("input[name=to_status]");
    function update() {
      var chosen = form.querySelector("input[name=to_status]:checked");
      var needs = chosen ? (chosen.getAttribute("data-needs") || "").split(" ") : null;
      form.querySelectorAll("[data-move-part]").forEach(function (part) {
        // Nothing chosen yet: show nothing extra. A part with an error always shows.
        var wanted = needs !== null && needs.indexOf(part.getAttribute("data-move-part")) !== -1;
        part.hidden = !wanted && !part.classList.contains("field-error");
      });
    }
    radios.forEach(function (radio) { radio.addEventListener("change", update); });
    update();
  });
})();
