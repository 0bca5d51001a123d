/* sdsante's site without a network (loaded by pkgdown/templates/head.html before
   pkgdown.js).  pkgdown 2.0.7 loads four helper libraries from CDNs; the site must
   work from a USB stick, so this file gives pkgdown.js what it calls on them:
   - Toc.init(): the "Sur cette page" table of contents (bootstrap-toc's job);
   - $.fn.headroom(): a no-op, the navbar simply stays fixed;
   - ClipboardJS: the copy buttons of code blocks, through navigator.clipboard;
   - Mark and $.fn.autocomplete: stand-ins when the search scripts did not load
     (page opened from a folder, or no network); the search box is then hidden,
     since it could not work. */
(function($) {
  "use strict";

  if (!$.fn.headroom) {
    $.fn.headroom = function() { return this; };
  }

  /* Table of contents: the page's h2 (and the h3 under them) as nested links. */
  if (!window.Toc) {
    var headingId = function(el, used) {
      var id = el.id || (el.parentElement && el.parentElement.id) || "";
      if (!id) {
        id = "toc-" + ($(el).text().trim().toLowerCase()
          .replace(/[^a-z0-9\u00c0-\u017f]+/g, "-").replace(/^-|-$/g, "") || "section");
        while (used[id]) id += "-";
        el.id = id;
      }
      used[id] = true;
      return id;
    };
    var newList = function() { return $('<ul class="nav nav-pills flex-column"></ul>'); };
    window.Toc = {
      init: function(opts) {
        var $nav = opts.$nav;
        if (!$nav || !$nav.length) return;
        var $headings = opts.$scope.filter(function() {
          return this.getAttribute("data-toc-skip") === null &&
            !$(this).closest("#toc, .dont-index, .page-header").length;
        });
        if (!$headings.length) return;
        var top = Math.min.apply(null, $headings.map(function() {
          return parseInt(this.tagName.substring(1), 10);
        }).get());
        var used = {}, $root = newList(), $last = null;
        $headings.each(function() {
          var level = parseInt(this.tagName.substring(1), 10);
          if (level > top + 1) return;
          var text = this.getAttribute("data-toc-text") || $(this).text().trim();
          var $item = $("<li></li>").append(
            $('<a class="nav-link"></a>').attr("href", "#" + headingId(this, used)).text(text));
          if (level === top || !$last) {
            $root.append($item);
            $last = $item;
          } else {
            var $sub = $last.children("ul");
            if (!$sub.length) $sub = newList().appendTo($last);
            $sub.append($item);
          }
        });
        $nav.append($root);
      }
    };
  }

  /* Copy buttons. */
  if (!window.ClipboardJS) {
    var ClipboardJS = function(selector, options) {
      var handlers = {};
      document.addEventListener("click", function(event) {
        var trigger = event.target.closest(selector);
        if (!trigger) return;
        var done = function(name) {
          if (handlers[name]) handlers[name]({ trigger: trigger, clearSelection: function() {} });
        };
        navigator.clipboard.writeText(options.text(trigger))
          .then(function() { done("success"); }, function() { done("error"); });
      });
      this.on = function(name, handler) { handlers[name] = handler; return this; };
    };
    ClipboardJS.isSupported = function() {
      return !!(navigator.clipboard && navigator.clipboard.writeText);
    };
    window.ClipboardJS = ClipboardJS;
  }

  /* Search: only with the three scripts from the network. */
  if (!window.Fuse || !window.Mark || !$.fn.autocomplete) {
    window.Mark = window.Mark || function() { this.mark = function() {}; };
    $.fn.autocomplete = $.fn.autocomplete || function() { return this; };
    $(function() {
      $("#search-input").closest("form").addClass("d-none");
    });
  }

  /* pkgdown.js titles the copy buttons in English. */
  $(function() {
    window.setTimeout(function() {
      $(".btn-copy-ex").attr({ title: "Copier le code", "aria-label": "Copier le code" });
    }, 0);
  });
})(window.jQuery);
