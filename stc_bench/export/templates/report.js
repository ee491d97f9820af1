/* stc-bench browser report: one view at a time beside the chapter, the unit marked in
   its transcript, and the trail's filters. Every link is a plain #anchor, so without
   this script the whole report still reads top to bottom and every link still works. */
(function () {
  "use strict";
  var root = document.documentElement;
  root.classList.add("js");
  var views = Array.prototype.slice.call(document.querySelectorAll("main > .view"));
  var shownView = null;
  var lit = [];

  function each(list, fn) { Array.prototype.forEach.call(list, fn); }

  function showView(view, target) {
    shownView = view;
    views.forEach(function (v) { v.hidden = v !== view; });
    if (view.hasAttribute("data-single")) {
      // one card at a time (a transcript, a quote): the others are never laid out
      var card = target.closest(".card");
      each(view.querySelectorAll(":scope > .card"), function (c) { c.hidden = c !== card; });
      var index = view.querySelector(":scope > .index");
      if (index) { index.hidden = !!card; }
    }
    each(document.querySelectorAll(".top nav a"), function (a) {
      if (a.getAttribute("href") === "#" + view.id) { a.setAttribute("aria-current", "page"); }
      else { a.removeAttribute("aria-current"); }
    });
  }

  function highlight(target) {
    lit.forEach(function (el) { el.classList.remove("current", "asked"); });
    lit = [];
    // a quote, subgroup, condensate or code group: its place in the chapter beside it
    var twin = /^(q|s|c|g)-(\d+)$/.exec(target.id);
    var place = twin && document.getElementById(
      { q: "cq-", s: "ch-s-", c: "ch-s-", g: "ch-g-" }[twin[1]] + twin[2]);
    if (place) {
      if (twin[1] === "q") { place.classList.add("current"); lit.push(place); }
      place.scrollIntoView({ block: twin[1] === "q" ? "nearest" : "start" });
      return null;
    }
    var match = /^u-(\d+)$/.exec(target.id);
    var doc = match && target.closest(".doc");
    if (!doc) { return null; }
    each(doc.querySelectorAll('mark[data-u~="' + match[1] + '"]'), function (m) {
      m.classList.add("current");
      lit.push(m);
    });
    // the interviewer's question before the unit
    var turn = target.closest(".turn");
    for (var p = turn && turn.previousElementSibling; p; p = p.previousElementSibling) {
      if (p.classList.contains("iv")) { p.classList.add("asked"); lit.push(p); break; }
    }
    return lit[0] || target;
  }

  function go() {
    var id = decodeURIComponent(location.hash.slice(1));
    var target = (id && document.getElementById(id)) || null;
    var view = target ? target.closest("main > .view") : null;
    root.classList.toggle("at-chapter", !!target && !view);
    var about = document.getElementById("about");
    if (view) { showView(view, target); }
    else if (!target || !shownView) { showView(about, about); }  // no hash: the first screen
    if (!target) { highlight(about); return; }
    var mark = highlight(target);
    var focus = mark || target;
    focus.scrollIntoView({ block: mark ? "center" : "start" });
    if (!focus.hasAttribute("tabindex") && !/^(A|BUTTON|INPUT|SELECT|SUMMARY)$/.test(focus.tagName)) {
      focus.setAttribute("tabindex", "-1");
    }
    focus.focus({ preventScroll: true });
  }

  window.addEventListener("hashchange", go);
  each(document.querySelectorAll("[data-back]"), function (b) {
    b.addEventListener("click", function () { history.back(); });
  });

  var form = document.getElementById("trail-filter");
  if (form) {
    var rows = Array.prototype.slice.call(document.querySelectorAll("#events tbody tr"));
    var out = form.querySelector("output");
    var apply = function () {
      var step = form.elements.step.value, actor = form.elements.actor.value;
      var from = form.elements.from.value, to = form.elements.to.value;
      var since = form.elements.since ? form.elements.since.checked : false;
      var shown = 0;
      rows.forEach(function (r) {
        var d = r.dataset;
        var ok = (!step || d.step === step) && (!actor || d.actor === actor) &&
                 (!from || d.date >= from) && (!to || d.date <= to) && (!since || d.since === "1");
        r.hidden = !ok;
        if (ok) { shown += 1; }
      });
      out.textContent = out.getAttribute("data-template")
        .replace("{shown}", String(shown)).replace("{total}", String(rows.length));
    };
    form.addEventListener("input", apply);
    form.addEventListener("change", apply);
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    apply();
  }
  go();
}());
