/* Sklaida: a video player loads only when the reader asks for it.
   The `video` shortcode writes a plain link to the video's page; this script, when
   JavaScript runs, turns a click on that link into the player in place. Before the
   click nothing is requested from the video site. */
(function () {
  "use strict";
  if (window.sklaidaVideoEmbed) return;
  window.sklaidaVideoEmbed = true;
  var players = /^https:\/\/(www\.youtube-nocookie\.com\/embed\/|player\.vimeo\.com\/video\/)/;
  document.addEventListener("click", function (event) {
    if (event.defaultPrevented || event.button !== 0 ||
        event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
    var link = event.target.closest && event.target.closest("a[data-video-src]");
    if (!link || !players.test(link.getAttribute("data-video-src"))) return;
    event.preventDefault();
    var frame = document.createElement("iframe");
    frame.src = link.getAttribute("data-video-src");
    frame.title = link.getAttribute("data-video-title") || "";
    frame.className = "video-player";
    frame.setAttribute("allow", "autoplay; encrypted-media; picture-in-picture; fullscreen");
    frame.setAttribute("allowfullscreen", "");
    frame.setAttribute("referrerpolicy", "strict-origin-when-cross-origin");
    link.parentNode.replaceChild(frame, link);
    frame.focus();
  });
})();
