/* A redirect page (an old URL of a moved note): go on to the note at once,
 * keeping the #fragment, and to its index.html when opened from disk
 * (file:// shows a folder listing for "dir/"). Without JavaScript the page's
 * <meta http-equiv="refresh"> does the same, less the fragment. */
(function () {
  "use strict";
  var script = document.currentScript;
  var to = script && script.getAttribute("data-to");
  if (!to) return;
  var path = to.replace(/[?#].*$/, "");
  var rest = to.slice(path.length);
  if (location.protocol === "file:" && (path === "" || /\/$/.test(path))) path += "index.html";
  if (location.hash && rest.indexOf("#") < 0) rest += location.hash;
  location.replace(path + rest);
})();
