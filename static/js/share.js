/* Share actions of a news page: the phone's own share sheet (Web Share API: Zalo,
 * Messenger...) where there is one, and copying the link. Without JavaScript only the
 * Facebook link shows. */
(function () {
  "use strict";
  document.querySelectorAll("[data-share]").forEach(function (box) {
    var url = box.getAttribute("data-url");
    var title = box.getAttribute("data-title");
    var status = box.querySelector(".share-status");
    var native = box.querySelector("[data-share-native]");
    var copy = box.querySelector("[data-share-copy]");
    if (navigator.share && native) {
      native.hidden = false;
      native.addEventListener("click", function () {
        navigator.share({ title: title, url: url }).catch(function () {});
      });
    }
    if (navigator.clipboard && copy) {
      copy.hidden = false;
      copy.addEventListener("click", function () {
        navigator.clipboard.writeText(url).then(function () {
          status.textContent = "Đã sao chép liên kết.";
        }, function () {
          status.textContent = "Không sao chép được; hãy chép địa chỉ trên thanh trình duyệt.";
        });
      });
    }
  });
})();
