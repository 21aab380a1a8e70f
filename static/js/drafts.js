// Typed text survives a session that ran out, a lost connection or a closed tab: a form
// with free text keeps a draft in this browser until it is saved, and puts it back when
// the same person opens the same form again. Logging out forgets every draft, so nothing
// stays behind on a shared staff-room computer; a draft is forgotten after a day anyway.
(function () {
  "use strict";

  var PREFIX = "plg-draft:";
  var PENDING = "plg-draft-pending";
  var MAX_AGE = 24 * 3600 * 1000;
  var SKIP = /(^|-)(csrfmiddlewaretoken|submission_key|seen_version)$/;
  var VERSION = /(^|-)seen_version$/;
  var KINDS = ["text", "url", "number", "date", "time", "email", "checkbox", "radio"];

  var store;
  try {
    store = window.localStorage;
    store.getItem(PREFIX);
  } catch (error) {
    return; // storage switched off: forms work as before
  }

  function forget(all) {
    for (var i = store.length - 1; i >= 0; i--) {
      var key = store.key(i);
      if (!key || key.indexOf(PREFIX) !== 0) {
        continue;
      }
      var draft = null;
      try {
        draft = JSON.parse(store.getItem(key));
      } catch (error) {
        draft = null;
      }
      if (all || !draft || Date.now() - draft.at > MAX_AGE) {
        store.removeItem(key);
      }
    }
  }

  function isLogout(form) {
    var action = form.getAttribute("action") || "";
    return /\/accounts\/logout\/?$/.test(new URL(action, location.href).pathname);
  }

  document.addEventListener(
    "submit",
    function (event) {
      if (event.target.tagName === "FORM" && isLogout(event.target)) {
        forget(true);
      }
    },
    true
  );
  forget(false);

  var user = document.body.getAttribute("data-drafts");
  if (!user) {
    // Signed out (the login page after a session ran out): the form posted last was not
    // saved, and its draft waits for its owner.
    sessionStorage.removeItem(PENDING);
    return;
  }

  function fields(form) {
    return Array.prototype.filter.call(form.elements, function (field) {
      if (!field.name || field.disabled || SKIP.test(field.name)) {
        return false;
      }
      if (field.tagName === "TEXTAREA" || field.tagName === "SELECT") {
        return true;
      }
      return field.tagName === "INPUT" && KINDS.indexOf((field.type || "").toLowerCase()) >= 0;
    });
  }

  function keeps(form) {
    return (
      form.tagName === "FORM" &&
      (form.getAttribute("method") || "").toLowerCase() === "post" &&
      !form.hasAttribute("data-no-draft") &&
      !isLogout(form) &&
      form.querySelector("textarea") !== null
    );
  }

  function keyOf(form) {
    var action = form.getAttribute("hx-post") || form.getAttribute("action") || location.pathname;
    return PREFIX + user + ":" + location.pathname + ":" + new URL(action, location.href).pathname;
  }

  // The form's values now (`initial` false) or as the page brought them (`initial` true).
  function values(form, initial) {
    var result = {};
    fields(form).forEach(function (field) {
      if (field.type === "checkbox" || field.type === "radio") {
        result[field.name] = result[field.name] || [];
        if (initial ? field.defaultChecked : field.checked) {
          result[field.name].push(field.value);
        }
      } else if (field.tagName === "SELECT") {
        result[field.name] = Array.prototype.filter
          .call(field.options, function (option) {
            return initial ? option.defaultSelected : option.selected;
          })
          .map(function (option) {
            return option.value;
          });
      } else {
        result[field.name] = initial ? field.defaultValue : field.value;
      }
    });
    return result;
  }

  function same(a, b) {
    return JSON.stringify(a) === JSON.stringify(b);
  }

  function put(form, saved) {
    fields(form).forEach(function (field) {
      if (!(field.name in saved)) {
        return;
      }
      var value = saved[field.name];
      if (field.type === "checkbox" || field.type === "radio") {
        field.checked = value.indexOf(field.value) >= 0;
      } else if (field.tagName === "SELECT") {
        Array.prototype.forEach.call(field.options, function (option) {
          option.selected = value.indexOf(option.value) >= 0;
        });
      } else {
        field.value = value;
      }
    });
  }

  // The version an edit form was opened at (core.versioning): a draft keeps it, so a
  // draft put back after someone else saved is told as a conflict, never saved over them.
  function versionField(form) {
    return Array.prototype.filter.call(form.elements, function (field) {
      return VERSION.test(field.name || "");
    })[0];
  }

  function save(form) {
    if (!form.isConnected) {
      return; // swapped out by htmx after it was saved
    }
    var now = values(form, false);
    if (same(now, values(form, true))) {
      store.removeItem(keyOf(form)); // back to what the page brought: nothing to keep
      return;
    }
    var version = versionField(form);
    var draft = { at: Date.now(), values: now, version: version ? version.value : null };
    try {
      store.setItem(keyOf(form), JSON.stringify(draft));
    } catch (error) {
      // storage full: the form still works
    }
  }

  function notice(form) {
    var template = document.getElementById("draft-notice");
    if (!template || form.querySelector(".draft-notice")) {
      return;
    }
    var note = template.content.firstElementChild.cloneNode(true);
    note.querySelector("button").addEventListener("click", function () {
      store.removeItem(keyOf(form));
      put(form, values(form, true));
      note.remove();
    });
    form.insertBefore(note, form.firstChild);
  }

  function restore(root) {
    var forms = root.tagName === "FORM" ? [root] : root.querySelectorAll("form");
    Array.prototype.forEach.call(forms, function (form) {
      if (!keeps(form)) {
        return;
      }
      var draft = null;
      try {
        draft = JSON.parse(store.getItem(keyOf(form)));
      } catch (error) {
        draft = null;
      }
      if (draft && !same(draft.values, values(form, false))) {
        put(form, draft.values);
        var version = versionField(form);
        if (version && draft.version) {
          version.value = draft.version;
        }
        notice(form);
      }
    });
  }

  // A form posted without htmx was saved unless the next page shows it again with errors
  // (a session that ran out shows the login page instead, above).
  function settlePending() {
    var pending = sessionStorage.getItem(PENDING);
    sessionStorage.removeItem(PENDING);
    if (!pending) {
      return;
    }
    var form = Array.prototype.filter.call(document.forms, function (candidate) {
      return keeps(candidate) && keyOf(candidate) === pending;
    })[0];
    var failed =
      form && form.querySelector(".errorlist, [aria-invalid='true']") !== null;
    if (!failed && !document.querySelector(".conflict")) {
      store.removeItem(pending);
    }
  }

  var timers = {};
  function later(form) {
    var key = keyOf(form);
    clearTimeout(timers[key]);
    timers[key] = setTimeout(function () {
      save(form);
    }, 300);
  }

  ["input", "change"].forEach(function (kind) {
    document.addEventListener(kind, function (event) {
      var form = event.target.form;
      if (form && keeps(form)) {
        later(form);
      }
    });
  });

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (keeps(form)) {
      clearTimeout(timers[keyOf(form)]); // a save still waiting must not come after this
      save(form);
      if (!form.hasAttribute("hx-post")) {
        sessionStorage.setItem(PENDING, keyOf(form));
      }
    }
  });

  // htmx forms: saved when the server said yes (forgotten before the fresh form is swapped
  // in, so it is not filled again); a session that ran out answers with HX-Redirect to the
  // login page, and the draft waits for the person to come back.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var form = event.detail.requestConfig && event.detail.requestConfig.elt;
    var xhr = event.detail.xhr;
    if (!form || !keeps(form) || !xhr || xhr.status < 200 || xhr.status >= 300) {
      return;
    }
    if (!xhr.getResponseHeader("HX-Redirect")) {
      clearTimeout(timers[keyOf(form)]);
      store.removeItem(keyOf(form));
    }
  });

  document.addEventListener("htmx:load", function (event) {
    restore(event.detail.elt);
  });

  settlePending();
  restore(document);
})();
