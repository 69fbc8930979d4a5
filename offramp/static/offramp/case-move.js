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
  // A link to the folded form ("Move the case" at the top, a refused move's "see why") opens it.
  function openTarget() {
    var target = window.location.hash ? document.getElementById(window.location.hash.slice(1)) : null;
    var fold = target && target.closest("details");
    if (fold) { fold.open = true; }
  }
  window.addEventListener("hashchange", openTarget);
  document.querySelectorAll('a[href^="#"]').forEach(function (link) {
    link.addEventListener("click", function () { window.setTimeout(openTarget, 0); });
  });
  openTarget();
})();
