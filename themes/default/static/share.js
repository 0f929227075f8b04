// The share block's copy button (templates/partials/share.html): shown only when the
// browser can copy; copies the page's address and says so in the block's status line.
// Loaded only on pages with a share block; it makes no request.
(function () {
  "use strict";
  if (!navigator.clipboard || !window.isSecureContext) return;
  document.querySelectorAll(".share-copy-button").forEach(function (button) {
    var status = button.parentNode.querySelector(".share-status");
    button.hidden = false;
    button.addEventListener("click", function () {
      var say = function (text) { if (status) status.textContent = text; };
      say("");
      navigator.clipboard.writeText(button.dataset.copy).then(
        function () { say(button.dataset.copied); },
        function () { say(button.dataset.failed); }
      );
    });
  });
})();
