/* Gongkai: the little the pages need from JavaScript (everything works without it too).
   - the menu button opens the navigation drawer on phones (Material's CSS drawer, driven by
     the #__drawer checkbox); Escape or the close button shuts it;
   - a listing remembers whether the reader chose the list or the table view;
   - 长者模式 (larger text, larger targets, higher contrast) is switched by the header button and
     remembered across pages (base.html's head applies it before the first paint);
   - 打印 on articles prints the page (the print stylesheet leaves the chrome out);
   - opened from file://, directory links get their index.html (a server adds it by itself). */
(function () {
  "use strict";
  var drawer = document.getElementById("__drawer");
  var opener = document.querySelector("[data-gk-drawer]");
  var closer = document.querySelector("[data-gk-drawer-close]");
  function setDrawer(open) {
    if (!drawer || !opener) return;
    drawer.checked = open;
    opener.setAttribute("aria-expanded", open ? "true" : "false");
    if (open && closer) closer.focus();
    if (!open) opener.focus();
  }
  if (opener) opener.addEventListener("click", function () { setDrawer(!drawer.checked); });
  if (closer) closer.addEventListener("click", function () { setDrawer(false); });
  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape" && drawer && drawer.checked) setDrawer(false);
  });
  var overlay = document.querySelector(".md-overlay");
  if (overlay) overlay.addEventListener("click", function () {
    if (opener) opener.setAttribute("aria-expanded", "false");
  });

  var KEY = "gongkai-view";
  var radios = document.querySelectorAll('input[name="gk-view"]');
  try {
    var saved = window.localStorage.getItem(KEY);
    radios.forEach(function (r) {
      if (r.value === saved) r.checked = true;
      r.addEventListener("change", function () { window.localStorage.setItem(KEY, r.value); });
    });
  } catch (err) { /* storage blocked: the default view stays */ }

  var LARGE = "gongkai-large";
  var root = document.documentElement;
  document.querySelectorAll("[data-gk-large]").forEach(function (button) {
    button.setAttribute("aria-pressed", root.classList.contains("gk-large") ? "true" : "false");
    button.addEventListener("click", function () {
      var on = root.classList.toggle("gk-large");
      button.setAttribute("aria-pressed", on ? "true" : "false");
      try { window.localStorage.setItem(LARGE, on ? "1" : "0"); } catch (err) { /* this page only */ }
    });
  });
  document.querySelectorAll("[data-gk-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });

  if (window.location.protocol === "file:") {
    document.querySelectorAll("a[href]").forEach(function (a) {
      var href = a.getAttribute("href");
      if (!/^[a-z]+:|^#|^\/\//i.test(href) && /\/(#.*)?$|^\.\.?$/.test(href)) {
        a.setAttribute("href", href.replace(/\/?(#.*)?$/, function (m, hash) { return "/index.html" + (hash || ""); }));
      }
    });
  }
})();
