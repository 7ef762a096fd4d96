/* Wagtail's multiple upload draws a preview with blueimp load-image, which turns the photo
 * by its EXIF orientation; today's browsers have already turned it when decoding, so phone
 * photos previewed on their side. Let the browser alone orient the preview. */
window.addEventListener("load", function () {
  "use strict";
  var $ = window.jQuery;
  if (!$ || !$.fn.fileupload || !$("#fileupload").length) return;
  $("#fileupload").fileupload("option", { previewOrientation: false, previewThumbnail: false });
});
