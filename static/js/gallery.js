/* Full-screen photo viewer for galleries: tap a photo, swipe (or arrow keys) for the next,
 * Esc or the close button to leave. Without JavaScript each photo is a plain link to the
 * large image. No dependencies; <dialog> gives focus handling and Esc. */
(function () {
  "use strict";
  var galleries = document.querySelectorAll("[data-gallery]");
  if (!galleries.length || typeof HTMLDialogElement !== "function") return;

  function button(cls, label, text) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = cls;
    b.setAttribute("aria-label", label);
    b.textContent = text;
    return b;
  }

  var dialog = document.createElement("dialog");
  dialog.className = "lightbox";
  dialog.setAttribute("aria-label", "Xem ảnh toàn màn hình");
  var img = document.createElement("img");
  img.alt = "";
  img.draggable = false; // a drag would start the browser's own image drag, not a swipe
  var caption = document.createElement("p");
  caption.className = "lightbox-caption";
  caption.setAttribute("aria-live", "polite");
  var close = button("lightbox-close", "Đóng", "×");
  var prev = button("lightbox-prev", "Ảnh trước", "‹");
  var next = button("lightbox-next", "Ảnh sau", "›");
  dialog.append(img, caption, prev, next, close);
  document.body.appendChild(dialog);

  var links = [];
  var current = 0;

  function show(index) {
    current = (index + links.length) % links.length;
    var link = links[current];
    var thumb = link.querySelector("img");
    img.src = link.getAttribute("data-full");
    img.alt = thumb ? thumb.alt : "";
    caption.textContent = (current + 1) + "/" + links.length +
      (link.getAttribute("data-caption") ? " · " + link.getAttribute("data-caption") : "");
  }

  galleries.forEach(function (gallery) {
    var own = Array.prototype.slice.call(gallery.querySelectorAll("a[data-full]"));
    own.forEach(function (link, i) {
      link.addEventListener("click", function (event) {
        event.preventDefault();
        links = own;
        show(i);
        dialog.showModal();
        close.focus();
      });
    });
  });

  close.addEventListener("click", function () { dialog.close(); });
  prev.addEventListener("click", function () { show(current - 1); });
  next.addEventListener("click", function () { show(current + 1); });
  dialog.addEventListener("keydown", function (event) {
    if (event.key === "ArrowRight") show(current + 1);
    if (event.key === "ArrowLeft") show(current - 1);
  });

  // Pointer events cover fingers too; the image leaves horizontal moves to us (CSS touch-action).
  var startX = null;
  dialog.addEventListener("pointerdown", function (event) { startX = event.clientX; });
  dialog.addEventListener("pointerup", function (event) {
    if (startX === null) return;
    var dx = event.clientX - startX;
    startX = null;
    if (Math.abs(dx) > 40) show(current + (dx < 0 ? 1 : -1));
  });
})();
