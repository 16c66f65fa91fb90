/* Lore default theme: a click on an image linked to its full size
 * (a.lightbox, made for resized images) shows the original in a modal
 * <dialog>; Escape, the close button or a click outside closes it, and focus
 * goes back to the image. Ctrl/Cmd/Shift-click and middle-click still open
 * the file itself. Loaded only by pages that have such images. */
(function () {
  "use strict";
  var doc = document;
  var dialog = null;
  var opener = null;

  function build() {
    dialog = doc.createElement("dialog");
    dialog.className = "lightbox-dialog";
    dialog.setAttribute("aria-label", "Image");
    var close = doc.createElement("button");
    close.type = "button";
    close.className = "lightbox-close";
    close.setAttribute("aria-label", "Close");
    close.textContent = "\u00d7";
    close.addEventListener("click", function () { dialog.close(); });
    var img = doc.createElement("img");
    img.className = "lightbox-image";
    var caption = doc.createElement("p");
    caption.className = "lightbox-caption";
    dialog.appendChild(close);
    dialog.appendChild(img);
    dialog.appendChild(caption);
    // A click on the backdrop (the dialog itself, not its content) closes it.
    dialog.addEventListener("click", function (e) { if (e.target === dialog) dialog.close(); });
    dialog.addEventListener("close", function () {
      img.removeAttribute("src");
      if (opener) opener.focus();
    });
    doc.body.appendChild(dialog);
  }

  function open(link) {
    if (!dialog) build();
    var thumb = link.querySelector("img");
    var img = dialog.querySelector(".lightbox-image");
    var alt = thumb ? thumb.getAttribute("alt") || "" : "";
    img.src = link.href;
    img.alt = alt;
    dialog.setAttribute("aria-label", alt || "Image");
    dialog.querySelector(".lightbox-caption").textContent = alt;
    opener = link;
    dialog.showModal();
  }

  doc.addEventListener("click", function (e) {
    var link = e.target.closest && e.target.closest("a.lightbox");
    if (!link || e.button !== 0 || e.ctrlKey || e.metaKey || e.shiftKey || e.altKey) return;
    if (!window.HTMLDialogElement) return; // the link opens the file
    e.preventDefault();
    open(link);
  });
})();
