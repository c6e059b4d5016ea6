"use strict";
// Sortable tables: click a heading; numbers sort by data-value, text by the cell's text.
document.querySelectorAll("table.sortable").forEach(function (table) {
  table.querySelectorAll("thead th").forEach(function (th, column) {
    th.addEventListener("click", function () {
      var ascending = th.getAttribute("aria-sort") !== "ascending";
      var numeric = th.dataset.type === "number";
      var body = table.tBodies[0];
      var rows = Array.prototype.slice.call(body.rows);
      rows.sort(function (a, b) {
        var x = a.cells[column], y = b.cells[column];
        var result;
        if (numeric) {
          var u = x.dataset.value === "" ? NaN : Number(x.dataset.value);
          var v = y.dataset.value === "" ? NaN : Number(y.dataset.value);
          if (isNaN(u) || isNaN(v)) { return isNaN(u) - isNaN(v); }  // empty cells last either way
          result = u - v;
        } else {
          result = x.textContent.localeCompare(y.textContent, "zh-CN");
        }
        return ascending ? result : -result;
      });
      rows.forEach(function (row) { body.appendChild(row); });
      table.querySelectorAll("thead th").forEach(function (other) { other.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    });
  });
});

// Keyword in context (a report's page; the corpus page has no panel): counts are the tables' counts (the
// term's tokens); the lines come from the JSON block and are written as text, never as HTML.
var panel = document.getElementById("kwic");
if (panel) {
  var kwic = JSON.parse(document.getElementById("kwic-data").textContent);
  var words = JSON.parse(document.getElementById("page-words").textContent);
  var narrow = window.matchMedia("(max-width: 1099px)");
  var opener = null;  // the term that opened the panel: focus goes back to it on close

  var showContext = function (term, chapter) {
    var known = Object.prototype.hasOwnProperty.call(kwic, term);
    var entry = known ? kwic[term] : { total: 0, chapters: {}, other: 0, lines: [] };
    document.getElementById("kwic-title").textContent = term;
    var count = entry.total + " " + words.occurrences;
    if (chapter !== undefined && chapter !== "") {
      count += " · " + words.in_chapter + " " + (entry.chapters[chapter] || 0);
    }
    document.getElementById("kwic-count").textContent = count;
    var hints = [];
    if (entry.lines.length < entry.total) { hints.push(words.shown.replace("{n}", entry.lines.length)); }
    if (entry.other > 0) { hints.push(words.other.replace("{n}", entry.other)); }
    document.getElementById("kwic-hint").textContent = hints.join(" ");
    var list = document.getElementById("kwic-lines");
    list.replaceChildren();
    entry.lines.forEach(function (line) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = "#p-" + line[0];
      link.textContent = line[0];
      var hit = document.createElement("mark");
      hit.textContent = line[2];
      item.append(link, document.createTextNode(line[1]), hit, document.createTextNode(line[3]));
      list.appendChild(item);
    });
    panel.hidden = false;
    document.body.classList.add("kwic-open");
    panel.scrollTop = 0;
    document.querySelectorAll("button.term.active").forEach(function (b) { b.classList.remove("active"); });
    document.querySelectorAll("button.term").forEach(function (b) { if (b.dataset.term === term) { b.classList.add("active"); } });
  };

  var closeContext = function () {
    if (panel.hidden) { return; }
    panel.hidden = true;
    document.body.classList.remove("kwic-open");
    if (opener) { opener.focus({ preventScroll: true }); }
  };

  document.addEventListener("click", function (event) {
    var button = event.target.closest("button.term");
    if (button) {
      opener = button;
      showContext(button.dataset.term, button.dataset.chapter);
      // the panel takes the bottom of a narrow screen: bring the clicked term (and its table's header) above it
      if (narrow.matches) { button.scrollIntoView({ block: "start" }); window.scrollBy(0, -120); }
      else { button.scrollIntoView({ block: "nearest" }); }
      document.getElementById("kwic-title").focus({ preventScroll: true });
    }
  });
  document.getElementById("kwic-close").addEventListener("click", closeContext);
  document.addEventListener("keydown", function (event) { if (event.key === "Escape") { closeContext(); } });
}
