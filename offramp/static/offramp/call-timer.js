// A running call timer for the contact screen. Plain script (no inline code), so it runs under the CSP.
(function () {
  "use strict";
  var timer = document.querySelector("[data-call-timer]");
  if (!timer) { return; }
  var started = Date.now();
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  setInterval(function () {
    var seconds = Math.floor((Date.now() - started) / 1000);
    timer.textContent = pad(Math.floor(seconds / 60)) + ":" + pad(seconds % 60);
  }, 1000);
})();
