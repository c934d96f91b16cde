(function () {
  "use strict";
  var table = document.getElementById("register-table");
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var text = document.getElementById("filter-text");
  var bodySelect = document.getElementById("filter-body");
  var kraSelect = document.getElementById("filter-kra");
  var shown = document.getElementById("shown-count");

  function apply() {
    var words = text.value.trim().toLowerCase();
    var wantedBody = bodySelect.value;
    var wantedKra = kraSelect.value;
    var count = 0;
    rows.forEach(function (row) {
      var visible = (!wantedBody || row.getAttribute("data-body") === wantedBody) &&
        (!wantedKra || row.getAttribute("data-kras").split(" ").indexOf(wantedKra) >= 0) &&
        (!words || row.textContent.toLowerCase().indexOf(words) >= 0);
      row.hidden = !visible;
      if (visible) { count += 1; }
    });
    shown.textContent = "Showing " + count + " of " + rows.length + " activities.";
    shown.setAttribute("data-shown", String(count));
  }

  function choose(select, value) {
    var known = Array.prototype.some.call(select.options, function (option) { return option.value === value; });
    select.value = known ? value : "";
  }

  function fromHash() {
    var hash = window.location.hash.slice(1);
    if (hash.indexOf("=") < 0) { return; }
    var params = new URLSearchParams(hash);
    choose(bodySelect, params.get("body") || "");
    choose(kraSelect, params.get("kra") || "");
    text.value = params.get("q") || "";
    apply();
    document.getElementById("activities").scrollIntoView();
  }

  function toHash() {
    var params = new URLSearchParams();
    if (bodySelect.value) { params.set("body", bodySelect.value); }
    if (kraSelect.value) { params.set("kra", kraSelect.value); }
    if (text.value.trim()) { params.set("q", text.value.trim()); }
    var hash = params.toString();
    window.history.replaceState(null, "", hash ? "#" + hash : window.location.pathname);
    apply();
  }

  function sortKey(row, column) {
    var cell = row.cells[column];
    var key = cell.getAttribute("data-sort");
    return key !== null ? key : cell.textContent.trim().toLowerCase();
  }

  function sortBy(header, column) {
    var ascending = header.getAttribute("aria-sort") !== "ascending";
    var numeric = header.hasAttribute("data-numeric");
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (cell) { cell.removeAttribute("aria-sort"); });
    header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    rows.sort(function (a, b) {
      var x = sortKey(a, column), y = sortKey(b, column);
      var order = numeric ? Number(x) - Number(y) : x.localeCompare(y);
      return ascending ? order : -order;
    });
    rows.forEach(function (row) { body.appendChild(row); });
  }

  Array.prototype.forEach.call(table.tHead.rows[0].cells, function (header, column) {
    var button = header.querySelector("button");
    button.addEventListener("click", function () { sortBy(header, column); });
  });
  text.addEventListener("input", toHash);
  bodySelect.addEventListener("change", toHash);
  kraSelect.addEventListener("change", toHash);
  window.addEventListener("hashchange", fromHash);
  apply();
  fromHash();
}());
