// "Làm mờ khuôn mặt": drag on the photo (mouse or finger) to add a rectangle to blur.
// Rectangles go to the hidden "drawn" field in the picture's own pixels; without
// JavaScript the form still takes ticked faces and typed rectangles.
(function () {
  "use strict";
  var box = document.getElementById("blur-canvas");
  var field = document.querySelector("#blur-form input[name=drawn]");
  if (!box || !field) return;
  var image = box.querySelector("img");
  var scale = parseFloat(box.dataset.scale) || 1;
  var drawn = [];
  var start = null;
  var current = null;

  function point(event) {
    var rect = image.getBoundingClientRect();
    var ratio = image.naturalWidth / rect.width; // displayed -> preview pixels
    return {
      x: Math.max(0, Math.min(rect.width, event.clientX - rect.left)),
      y: Math.max(0, Math.min(rect.height, event.clientY - rect.top)),
      ratio: ratio,
      width: rect.width,
      height: rect.height,
    };
  }

  box.addEventListener("pointerdown", function (event) {
    if (event.target.closest(".face-box")) return;
    start = point(event);
    current = document.createElement("span");
    current.className = "drawn-box";
    current.style.cssText = "position:absolute;border:2px dashed #06c;background:rgba(0,102,204,.2)";
    box.appendChild(current);
    box.setPointerCapture(event.pointerId);
    event.preventDefault();
  });
  box.addEventListener("pointermove", function (event) {
    if (!start) return;
    var p = point(event);
    current.style.left = (Math.min(p.x, start.x) * 100) / p.width + "%";
    current.style.top = (Math.min(p.y, start.y) * 100) / p.height + "%";
    current.style.width = (Math.abs(p.x - start.x) * 100) / p.width + "%";
    current.style.height = (Math.abs(p.y - start.y) * 100) / p.height + "%";
  });
  box.addEventListener("pointerup", function (event) {
    if (!start) return;
    var p = point(event);
    var toPicture = p.ratio / scale;
    var region = [
      Math.min(p.x, start.x) * toPicture,
      Math.min(p.y, start.y) * toPicture,
      Math.abs(p.x - start.x) * toPicture,
      Math.abs(p.y - start.y) * toPicture,
    ].map(Math.round);
    if (region[2] > 4 && region[3] > 4) {
      drawn.push(region);
      field.value = JSON.stringify(drawn);
    } else {
      current.remove();
    }
    start = null;
    current = null;
  });
})();
