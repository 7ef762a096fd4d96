// A menu item that opens a dialog (the approval dialogs of the editor's footer) closes
// its menu first: Wagtail's workflow buttons stop the click before the menu sees it, and
// the open menu would sit over the dialog on a phone. Listening in the capture phase on
// the document runs before their own handlers.
(function () {
  "use strict";
  document.addEventListener(
    "click",
    function (event) {
      var item = event.target.closest(
        "[data-workflow-action-name], [data-workflow-action-modal-url], [data-a11y-dialog-show], [data-action*='w-dialog#show']"
      );
      if (!item) return;
      var menu = item.closest("[data-controller~='w-dropdown']");
      var toggle = menu && menu.querySelector("[data-w-dropdown-target~='toggle']");
      if (toggle && toggle._tippy) toggle._tippy.hide();
    },
    true
  );
})();
