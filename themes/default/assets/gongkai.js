/* Gongkai: the little the pages need from JavaScript (everything works without it too).
   - the menu button opens the navigation drawer on phones (Material's CSS drawer, driven by
     the #__drawer checkbox); Escape or the close button shuts it;
   - a listing remembers whether the reader chose the list or the table view;
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

  if (window.location.protocol === "file:") {
    document.querySelectorAll("a[href]").forEach(function (a) {
      var href = a.getAttribute("href");
      if (!/^[a-z]+:|^#|^\/\//i.test(href) && /\/(#.*)?$|^\.\.?$/.test(href)) {
        a.setAttribute("href", href.replace(/\/?(#.*)?$/, function (m, hash) { return "/index.html" + (hash || ""); }));
      }
    });
  }
})();
