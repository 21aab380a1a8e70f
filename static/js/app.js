// Keyboard and screen-reader users stay where they were when htmx swaps a panel in place.
// (No inline scripts anywhere: the Content-Security-Policy only allows files like this one.)
(function () {
  "use strict";

  document.addEventListener("htmx:afterSettle", function (event) {
    var id = event.detail.target && event.detail.target.id;
    var panel = id ? document.getElementById(id) : null;
    if (!panel || panel.contains(document.activeElement)) {
      return; // htmx already focused an [autofocus] field inside it
    }
    var target =
      panel.querySelector("[aria-invalid='true']") ||
      panel.querySelector(".errorlist, .conflict") ||
      panel.querySelector("h2, h3");
    if (!target) {
      return;
    }
    if (!target.matches("input, select, textarea, button, a[href]")) {
      target.setAttribute("tabindex", "-1");
    }
    target.focus();
  });

  // Escape leaves an inline edit form, like its "Cancel" link.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") {
      return;
    }
    var form = document.activeElement && document.activeElement.closest(".inline-edit");
    var cancel = form && form.querySelector("a[hx-get]");
    if (cancel) {
      event.preventDefault();
      cancel.click();
    }
  });

  // The phone's menu button opens and closes the menu in place (without JavaScript it is a
  // link to the menu, which CSS shows as the link's target).
  var menuButton = document.querySelector(".menu-button");
  var header = document.querySelector(".site-header");
  if (menuButton && header) {
    menuButton.setAttribute("role", "button");
    menuButton.setAttribute("aria-expanded", "false");
    menuButton.addEventListener("click", function (event) {
      event.preventDefault();
      var open = header.classList.toggle("site-header--open");
      menuButton.setAttribute("aria-expanded", open ? "true" : "false");
      if (open) {
        var first = header.querySelector(".main-nav a");
        if (first) {
          first.focus();
        }
      }
    });
    menuButton.addEventListener("keydown", function (event) {
      if (event.key === " ") {
        event.preventDefault();
        menuButton.click(); // a button opens with the space bar too
      }
    });
  }
})();
