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

// Keyword in context: the lines come from the JSON block, and are written as text, never as HTML.
var kwic = JSON.parse(document.getElementById("kwic-data").textContent);
function showContext(term) {
  var entry = Object.hasOwn(kwic, term) ? kwic[term] : { total: 0, lines: [] };
  var list = document.getElementById("kwic-lines");
  list.replaceChildren();
  document.getElementById("kwic-title").textContent = term + " · " + entry.total + " 处 occurrence(s)";
  document.getElementById("kwic-hint").textContent = entry.lines.length < entry.total
    ? "The first " + entry.lines.length + " are shown; python -m pipeline kwic lists them all." : "";
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
  document.querySelectorAll("button.term.active").forEach(function (b) { b.classList.remove("active"); });
  document.querySelectorAll("button.term").forEach(function (b) { if (b.dataset.term === term) { b.classList.add("active"); } });
}
document.addEventListener("click", function (event) {
  var button = event.target.closest("button.term");
  if (button) {
    showContext(button.dataset.term);
    if (window.matchMedia("(max-width: 900px)").matches) { document.getElementById("kwic").scrollIntoView(); }
  }
});
