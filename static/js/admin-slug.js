/* Vietnamese slugs in the admin (home/slugs.py explains why).
 * 1. Gives every w-slug field the Vietnamese formatters, so the title-to-slug sync, the
 *    slug field itself and the copy form fold "Đề kiểm tra – giữa kì" to
 *    "de-kiem-tra-giua-ki" as the editor types.
 * 2. When the title or slug is left, asks the server whether a sibling already has the
 *    slug and, if so, fills in the next free one (date appended) and says so. */
(function () {
  "use strict";
  var config = document.getElementById("truongso-slug-config");
  if (!config) return;
  var settings = JSON.parse(config.textContent);
  var formatters = JSON.stringify(settings.formatters);

  function prepare(root) {
    var inputs = (root.querySelectorAll ? root : document).querySelectorAll(
      '[data-controller~="w-slug"]'
    );
    for (var i = 0; i < inputs.length; i++) {
      if (inputs[i].getAttribute("data-w-slug-formatters-value") !== formatters) {
        inputs[i].setAttribute("data-w-slug-formatters-value", formatters);
      }
    }
  }

  function where(input) {
    var form = input.form;
    var params = {};
    var parent = form && form.querySelector('[name="new_parent_page"]');
    var match;
    if (parent && parent.value) {
      params.parent = parent.value;
    } else if ((match = location.pathname.match(/\/pages\/add\/[^/]+\/[^/]+\/(\d+)\//))) {
      params.parent = match[1];
    } else if ((match = location.pathname.match(/\/pages\/(\d+)\/(edit|copy)\//))) {
      params[match[2] === "copy" ? "copy_of" : "page"] = match[1];
    } else {
      return null;
    }
    var date = form && form.querySelector('[name="date"]');
    if (date && date.value) params.date = date.value;
    return params;
  }

  function hint(input, text) {
    var id = input.id + "-truongso-hint";
    var node = document.getElementById(id);
    if (!node) {
      node = document.createElement("p");
      node.id = id;
      node.className = "help truongso-slug-hint";
      node.setAttribute("role", "status");
      input.insertAdjacentElement("afterend", node);
    }
    node.textContent = text || "";
  }

  var timer = null;
  function later(input) {
    window.clearTimeout(timer);
    timer = window.setTimeout(function () { check(input); }, 300);
  }

  var pending = null;
  function check(input) {
    var params = where(input);
    if (!params || !input.value) return;
    params.slug = input.value;
    if (pending) pending.abort();
    pending = new AbortController();
    var url = settings.url + "?" + new URLSearchParams(params).toString();
    fetch(url, { credentials: "same-origin", signal: pending.signal })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (answer) {
        if (!answer || input.value !== params.slug) return; // typed on meanwhile
        if (answer.taken) {
          input.value = answer.slug;
          input.dataset.truongsoSuggested = answer.slug;
        }
        hint(input, answer.message);
      })
      .catch(function () {});
  }

  function slugInputOf(form) {
    return form && form.querySelector('input[data-controller~="w-slug"]');
  }

  document.addEventListener(
    "change",
    function (event) {
      var target = event.target;
      if (!target || !target.form) return;
      var slug = slugInputOf(target.form);
      if (!slug) return;
      if (target === slug || target.name === "title" || target.name === "new_title" ||
          target.name === "date" || target.name === "new_parent_page") {
        later(slug);
      }
    },
    true
  );

  // The title-to-slug sync is debounced: when it writes the slug after the title was
  // left, check again (never while the title is being typed, which would stop the sync).
  document.addEventListener("w-slug:applied", function (event) {
    var slug = event.target;
    var active = document.activeElement;
    if (active && active.form === slug.form && (active.name === "title" || active.name === "new_title")) return;
    later(slug);
  });

  prepare(document);
  new MutationObserver(function (records) {
    for (var i = 0; i < records.length; i++) {
      for (var j = 0; j < records[i].addedNodes.length; j++) {
        var node = records[i].addedNodes[j];
        if (node.nodeType === 1) prepare(node);
      }
    }
  }).observe(document.documentElement, { childList: true, subtree: true });
})();
