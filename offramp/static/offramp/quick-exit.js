// The public pages' "Leave this site quickly": the link works on its own; with JavaScript the page
// is also replaced in the history, so the Back button does not return to it.
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[data-quick-exit]");
    if (!link || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) {
      return;
    }
    event.preventDefault();
    window.location.replace(link.href);
  });
})();
