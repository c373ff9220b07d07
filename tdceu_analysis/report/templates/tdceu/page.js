/* tdceu dashboards: render the vega-lite charts of the page, keep pickers in step, and make
   the tables usable (sort, search, download; see "Usable tables" below).
   Each chart's SVG is named by its takeaway (the spec's description; with a picker, the
   picked scope's title), and a "numbers" disclosure under it shows the chart's rows as a
   table (the picked scope's), for screen readers and for anyone who wants the values. */
(function () {
  "use strict";
  var blocks = Array.prototype.slice.call(document.querySelectorAll("script.tdceu-spec"));
  var views = [];
  window.tdceuViews = views;

  function pickersOf(spec) {
    return (spec.params || [])
      .filter(function (p) { return p.bind && p.name.indexOf("pick_") === 0; })
      .map(function (p) { return p.name; });
  }

  function showFollowers(name, value) {
    (followers[name] || []).forEach(function (tell) { tell(value); });
    var selector = '[data-tdceu-picker="' + name + '"]';
    document.querySelectorAll(selector).forEach(function (el) {
      el.hidden = !(value === el.getAttribute("data-tdceu-scope") ||
                    value === el.getAttribute("data-tdceu-also"));
    });
  }

  function sentence(text) {
    text = String(text || "").trim();
    return text && !/[.!?]$/.test(text) ? text + "." : text;
  }

  function describe(entry) {
    var meta = (entry.spec.usermeta || {}).tdceu || {};
    var svg = entry.target.querySelector("svg");
    if (!svg) { return; }
    var text = entry.spec.description || "";
    if (meta.picker) {
      var titles = entry.view.signal(meta.picker + "_titles") || {};
      var value = entry.view.signal(meta.picker);
      text = sentence(titles[value] || value) + (meta.subtitle ? " " + meta.subtitle : "");
    }
    svg.setAttribute("aria-label", text);
  }

  function rowsOf(entry) {
    var spec = entry.spec;
    var names = Object.keys(spec.datasets || {});
    var rows = names.length ? spec.datasets[names[0]] : ((spec.data || {}).values || []);
    var meta = (spec.usermeta || {}).tdceu || {};
    if (meta.picker) {
      var value = entry.view.signal(meta.picker);
      rows = rows.filter(function (row) { return !("scope" in row) || row.scope === value; });
    }
    return rows;
  }

  /* columns a chart needs to draw (sort order, stacking, bar labels, a bin's end) are
     not numbers a reader asked for; "Row" is the region or district of each bar */
  var HELPERS = ["scope", "order", "stack", "label", "rank", "Hours_end"];
  var HEADINGS = { Row: "Region or district" };
  var MIDNIGHT = /^(\d{4}-\d{2}-\d{2})T00:00:00(\.0+)?Z?$/;

  function shown(value) {
    if (value === null || value === undefined) { return ""; }
    if (typeof value === "string" && MIDNIGHT.test(value)) {  /* a date, not a time */
      return value.replace(MIDNIGHT, "$1");
    }
    if (typeof value === "number") {
      return Number.isInteger(value) ? String(value) : String(Math.round(value * 100) / 100);
    }
    if (typeof value === "object") { return JSON.stringify(value); }
    return String(value);
  }

  function fillTable(entry) {
    var box = entry.numbers;
    if (!box || !box.open) { return; }
    var rows = rowsOf(entry);
    var holder = box.querySelector(".tdceu-numbers-table");
    holder.textContent = "";
    if (!rows.length) { holder.textContent = "No rows."; return; }
    var columns = Object.keys(rows[0]).filter(function (c) {
      return HELPERS.indexOf(c) < 0 && c.charAt(0) !== "_";
    });
    var table = document.createElement("table");
    table.className = "tdceu-table";
    var caption = document.createElement("caption");
    caption.textContent = "Numbers of the chart: " + (entry.target.querySelector("svg") || {
      getAttribute: function () { return ""; } }).getAttribute("aria-label");
    table.appendChild(caption);
    var head = table.createTHead().insertRow();
    columns.forEach(function (c) {
      var th = document.createElement("th");
      th.scope = "col";
      th.textContent = HEADINGS[c] || c;
      head.appendChild(th);
    });
    var body = table.createTBody();
    rows.forEach(function (row) {
      var tr = body.insertRow();
      columns.forEach(function (c) { tr.insertCell().textContent = shown(row[c]); });
    });
    holder.appendChild(table);
  }

  function addNumbers(entry) {
    var box = document.createElement("details");
    box.className = "tdceu-numbers tdceu-no-print";
    var summary = document.createElement("summary");
    summary.textContent = "The chart's numbers as a table";
    var holder = document.createElement("div");
    holder.className = "tdceu-numbers-table tdceu-table-wrap";
    holder.tabIndex = 0;
    holder.setAttribute("role", "region");
    holder.setAttribute("aria-label", "the chart's numbers");
    box.appendChild(summary);
    box.appendChild(holder);
    entry.target.parentNode.insertBefore(box, entry.target.nextSibling);
    box.addEventListener("toggle", function () { fillTable(entry); });
    entry.numbers = box;
  }

  function follow(entry) {
    entry.pickers.forEach(function (name) {
      entry.view.addSignalListener(name, function (_, value) {
        describe(entry);
        fillTable(entry);
        views.forEach(function (other) {
          if (other !== entry && other.pickers.indexOf(name) >= 0 &&
              other.view.signal(name) !== value) {
            other.view.signal(name, value).runAsync();
          }
        });
        showFollowers(name, value);
      });
    });
  }


  /* ---------------------------------------------------------------------------------
     Usable tables: a box with data-tdceu-table (figures/html.py html_table) becomes a
     DataTable (the library the live notebooks' tables use, itables' bundle, inline as a
     module script that sets window.tdceuDataTable): search, sort by any heading, a "show
     everyone" switch when the box has one, and "Download CSV" / "Download XLSX" (Buttons,
     Excel through its JSZip) of the rows shown, in the order shown. A downloaded text
     cell a spreadsheet would run as a formula gets a leading apostrophe, as the reports'
     files do (io/write.py). Without a script (paper, an email preview) the table is the
     printed HTML: rows off by the picker carry [hidden], those waiting for the switch
     [data-tdceu-off]; here both become DataTables filters. The look (columns, widths,
     classes, words) comes from the box's data-tdceu-options, the same options the live
     notebooks' itables tables get (figures/html.py table_options).
     --------------------------------------------------------------------------------- */
  var FORMULA = /^[=+\-@\t\r]/;
  var followers = {};  /* picker name -> functions called with its new value */

  function safeText(data) {
    return typeof data === "string" && FORMULA.test(data) ? "'" + data : data;
  }

  /* a cell as the reader sees it (a badge's words, not its markup), formula-safe */
  function cellText(data, row, column, node) {
    return safeText(node ? node.textContent.trim() : data);
  }

  function usableTable(box) {
    var DataTable = window.tdceuDataTable;
    var table = box.querySelector("table.tdceu-table");
    if (!DataTable || !table || !table.tBodies.length) { return; }
    var options = JSON.parse(box.getAttribute("data-tdceu-options") || "{}");
    var follow = box.getAttribute("data-tdceu-follow");
    var state = { value: box.getAttribute("data-tdceu-value"),
                  also: box.getAttribute("data-tdceu-also"), everyone: false };
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    box.tdceuRows = rows;  /* every row, also those DataTables keeps out of the page */
    rows.forEach(function (tr) {  /* the filters below decide from here on */
      tr.hidden = false;
      tr.removeAttribute("data-tdceu-off");
      tr.removeAttribute("data-tdceu-picker");
    });
    var switchBox = null;
    if (box.hasAttribute("data-tdceu-switch")) {
      var label = document.createElement("label");
      label.className = "tdceu-table-switch";
      switchBox = document.createElement("input");
      switchBox.type = "checkbox";
      label.appendChild(switchBox);
      label.appendChild(document.createTextNode(" " + box.getAttribute("data-tdceu-switch")));
    }
    DataTable.ext.search.push(function (settings, data, index) {
      if (settings.nTable !== table) { return true; }
      var tr = settings.aoData[index].nTr;
      if (follow && !(state.value === state.also ||
                      tr.getAttribute("data-tdceu-scope") === state.value)) { return false; }
      return state.everyone || !tr.hasAttribute("data-tdceu-rest");
    });
    function fileName() {
      var name = (box.getAttribute("data-tdceu-table") || "table")
        .replace("{scope}", state.value || "");
      return name.replace(/[^A-Za-z0-9._-]+/g, "-").replace(/-+/g, "-")
        .replace(/^-|-$/g, "") || "table";
    }
    var exportOptions = { modifier: { search: "applied", order: "applied" },
                          format: { body: cellText, header: safeText } };
    var layout = { topStart: switchBox ? ["buttons", function () { return label; }] : "buttons",
                   topEnd: "search", bottomStart: "info", bottomEnd: null };
    var wrap = box.querySelector(".tdceu-table-wrap");
    var api = new DataTable(table, Object.assign({
      buttons: [
        { extend: "csvHtml5", text: "Download CSV", filename: fileName, title: null,
          bom: true, footer: false, exportOptions: exportOptions },
        { extend: "excelHtml5", text: "Download XLSX", filename: fileName, title: null,
          footer: false, exportOptions: exportOptions }
      ],
      layout: layout,
      autoWidth: false
    }, options));
    /* DataTables wraps the table in its tools: the tools go above the scrolling box,
       which keeps the keyboard focus and the table's name (WCAG 2.1.1) */
    var container = table.closest(".dt-container");
    if (wrap && container && wrap.contains(container)) {
      wrap.parentNode.insertBefore(container, wrap);
      table.parentNode.insertBefore(wrap, table);
      wrap.appendChild(table);
    }
    if (switchBox) {
      switchBox.addEventListener("change", function () {
        state.everyone = switchBox.checked;
        api.draw();
      });
    }
    if (follow) {
      (followers[follow] = followers[follow] || []).push(function (value) {
        state.value = value;
        api.draw();
      });
    }
    box.setAttribute("data-tdceu-ready", "");
  }

  function usableTables() {
    document.querySelectorAll("[data-tdceu-table]").forEach(usableTable);
  }

  /* a plain select (page 05's scenario: select[data-tdceu-select] naming a picker) shows
     the blocks of its pick, as a chart's picker does; every block is in the page */
  function plainSelects() {
    document.querySelectorAll("select[data-tdceu-select]").forEach(function (select) {
      var name = select.getAttribute("data-tdceu-select");
      select.addEventListener("change", function () { showFollowers(name, select.value); });
      showFollowers(name, select.value);  /* a browser may restore another pick on reload */
    });
  }

  function ready() {
    usableTables();
    plainSelects();
  }

  /* DataTables runs as a module script, after this one: the tables wait for it */
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }

  var pending = blocks.map(function (block) {
    var spec = JSON.parse(block.textContent);
    var target = document.getElementById(block.getAttribute("data-target"));
    return vegaEmbed(target, spec, { actions: false, renderer: "svg" }).then(function (result) {
      var entry = { view: result.view, pickers: pickersOf(spec), id: target.id, spec: spec,
                    target: target };
      views.push(entry);
      describe(entry);
      addNumbers(entry);
      return entry;
    });
  });

  Promise.all(pending).then(function (entries) {
    entries.forEach(follow);
    document.body.setAttribute("data-tdceu-ready", String(entries.length));
  }).catch(function (error) {
    document.body.setAttribute("data-tdceu-failed", String(error));
    console.error("tdceu: a chart could not be drawn:", error);
  });
})();
