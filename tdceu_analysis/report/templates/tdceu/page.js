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

  function shown(value) {
    if (value === null || value === undefined) { return ""; }
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
      return c !== "scope" && c.charAt(0) !== "_";
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
      th.textContent = c;
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
     Usable tables: a box with data-tdceu-table (figures/html.py html_table) gets a
     search box, sortable column headings, a "show everyone" switch when it has one, and
     "Download CSV" / "Download XLSX" of the rows shown, in the order shown. A downloaded
     text cell a spreadsheet would run as a formula gets a leading apostrophe, as the
     reports' files do (io/write.py). The XLSX is written here (a stored zip of five XML
     parts): nothing is fetched and no library is needed. Rows hidden by a picker carry
     [hidden]; rows off by the search or the switch carry [data-tdceu-off].
     --------------------------------------------------------------------------------- */
  var FORMULA = /^[=+\-@\t\r]/;

  function safeText(text) { return FORMULA.test(text) ? "'" + text : text; }

  function headingsOf(table) {
    return Array.prototype.map.call(table.tHead.rows[0].cells, function (th) {
      return { text: th.getAttribute("data-tdceu-heading") || th.textContent.trim(),
               number: th.classList.contains("num") };
    });
  }

  function cellValue(td, number) {
    var text = td.textContent.trim();
    if (number && text !== "" && !isNaN(Number(text))) { return Number(text); }
    return text;
  }

  function shownRows(table) {
    return Array.prototype.filter.call(table.tBodies[0].rows, function (tr) {
      return !tr.hidden && !tr.hasAttribute("data-tdceu-off");
    });
  }

  function tableData(table) {
    var heads = headingsOf(table);
    var rows = shownRows(table).map(function (tr) {
      return heads.map(function (head, i) {
        var value = cellValue(tr.cells[i], head.number);
        return typeof value === "string" ? safeText(value) : value;
      });
    });
    return { heads: heads.map(function (h) { return safeText(h.text); }), rows: rows };
  }

  function csvOf(data) {
    function field(value) {
      var text = String(value);
      return /[",\r\n]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
    }
    return [data.heads].concat(data.rows).map(function (row) {
      return row.map(field).join(",");
    }).join("\r\n") + "\r\n";
  }

  var CRC_TABLE = (function () {
    var table = [];
    for (var n = 0; n < 256; n++) {
      var c = n;
      for (var k = 0; k < 8; k++) { c = c & 1 ? 0xEDB88320 ^ (c >>> 1) : c >>> 1; }
      table.push(c >>> 0);
    }
    return table;
  })();

  function crc32(bytes) {
    var c = 0xFFFFFFFF;
    for (var i = 0; i < bytes.length; i++) { c = CRC_TABLE[(c ^ bytes[i]) & 0xFF] ^ (c >>> 8); }
    return (c ^ 0xFFFFFFFF) >>> 0;
  }

  function zipStored(files) {  /* [{name, text}] -> a zip (no compression) as bytes */
    var encoder = new TextEncoder();
    var parts = [], central = [], offset = 0;
    function header(size) { return new DataView(new ArrayBuffer(size)); }
    files.forEach(function (file) {
      var name = encoder.encode(file.name), data = encoder.encode(file.text);
      var crc = crc32(data);
      var local = header(30);
      local.setUint32(0, 0x04034b50, true); local.setUint16(4, 20, true);
      local.setUint16(8, 0, true); local.setUint32(14, crc, true);
      local.setUint32(18, data.length, true); local.setUint32(22, data.length, true);
      local.setUint16(26, name.length, true);
      var entry = header(46);
      entry.setUint32(0, 0x02014b50, true); entry.setUint16(4, 20, true);
      entry.setUint16(6, 20, true); entry.setUint32(16, crc, true);
      entry.setUint32(20, data.length, true); entry.setUint32(24, data.length, true);
      entry.setUint16(28, name.length, true); entry.setUint32(42, offset, true);
      parts.push(local, name, data);
      central.push(entry, name);
      offset += 30 + name.length + data.length;
    });
    var size = central.reduce(function (sum, part) { return sum + part.byteLength; }, 0);
    var end = header(22);
    end.setUint32(0, 0x06054b50, true); end.setUint16(8, files.length, true);
    end.setUint16(10, files.length, true); end.setUint32(12, size, true);
    end.setUint32(16, offset, true);
    return parts.concat(central, [end]);
  }

  function xml(text) {
    return String(text).replace(/[&<>"]/g, function (ch) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[ch];
    }).replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, "");
  }

  function columnName(index) {
    var name = "";
    for (index += 1; index > 0; index = Math.floor((index - 1) / 26)) {
      name = String.fromCharCode(65 + ((index - 1) % 26)) + name;
    }
    return name;
  }

  function xlsxOf(data, sheet) {
    var rows = [data.heads].concat(data.rows).map(function (row, r) {
      return '<row r="' + (r + 1) + '">' + row.map(function (value, c) {
        var ref = columnName(c) + (r + 1);
        return typeof value === "number"
          ? '<c r="' + ref + '"><v>' + value + "</v></c>"
          : '<c r="' + ref + '" t="inlineStr"><is><t xml:space="preserve">' + xml(value) +
            "</t></is></c>";
      }).join("") + "</row>";
    }).join("");
    var ns = "http://schemas.openxmlformats.org/";
    var rel = ns + "officeDocument/2006/relationships";
    return zipStored([
      { name: "[Content_Types].xml", text: '<?xml version="1.0" encoding="UTF-8"?>' +
        '<Types xmlns="' + ns + 'package/2006/content-types">' +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
        '<Default Extension="xml" ContentType="application/xml"/>' +
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
        "</Types>" },
      { name: "_rels/.rels", text: '<?xml version="1.0" encoding="UTF-8"?>' +
        '<Relationships xmlns="' + ns + 'package/2006/relationships">' +
        '<Relationship Id="rId1" Type="' + rel + '/officeDocument" Target="xl/workbook.xml"/>' +
        "</Relationships>" },
      { name: "xl/workbook.xml", text: '<?xml version="1.0" encoding="UTF-8"?>' +
        '<workbook xmlns="' + ns + 'spreadsheetml/2006/main" xmlns:r="' + rel + '">' +
        '<sheets><sheet name="' + xml(sheet) + '" sheetId="1" r:id="rId1"/></sheets></workbook>' },
      { name: "xl/_rels/workbook.xml.rels", text: '<?xml version="1.0" encoding="UTF-8"?>' +
        '<Relationships xmlns="' + ns + 'package/2006/relationships">' +
        '<Relationship Id="rId1" Type="' + rel + '/worksheet" Target="worksheets/sheet1.xml"/>' +
        "</Relationships>" },
      { name: "xl/worksheets/sheet1.xml", text: '<?xml version="1.0" encoding="UTF-8"?>' +
        '<worksheet xmlns="' + ns + 'spreadsheetml/2006/main"><sheetData>' + rows +
        "</sheetData></worksheet>" }
    ]);
  }

  function download(parts, type, filename) {
    var link = document.createElement("a");
    link.href = URL.createObjectURL(new Blob(parts, { type: type }));
    link.download = filename;
    document.body.appendChild(link);
    link.click();
    setTimeout(function () { URL.revokeObjectURL(link.href); link.remove(); }, 1000);
  }

  function fileName(box, table) {
    var name = box.getAttribute("data-tdceu-table") || "table";
    var first = shownRows(table)[0];
    var scope = first ? first.getAttribute("data-tdceu-scope") || "" : "";
    return name.replace("{scope}", scope).replace(/[^A-Za-z0-9._-]+/g, "-")
      .replace(/-+/g, "-").replace(/^-|-$/g, "") || "table";
  }

  function usableTable(box, number) {
    var table = box.querySelector("table.tdceu-table");
    if (!table || !table.tHead || !table.tBodies.length) { return; }
    var heads = Array.prototype.slice.call(table.tHead.rows[0].cells);
    var body = table.tBodies[0];
    var all = Array.prototype.slice.call(body.rows);
    all.forEach(function (tr, i) { tr.setAttribute("data-tdceu-order", String(i)); });

    var tools = document.createElement("div");
    tools.className = "tdceu-table-tools tdceu-no-print";
    var searchId = "tdceu-search-" + number;
    var label = document.createElement("label");
    label.htmlFor = searchId;
    label.textContent = "Search ";
    var search = document.createElement("input");
    search.type = "search";
    search.id = searchId;
    search.className = "tdceu-table-search";
    label.appendChild(search);
    tools.appendChild(label);
    var everyone = null;
    if (box.hasAttribute("data-tdceu-switch")) {
      var switchLabel = document.createElement("label");
      everyone = document.createElement("input");
      everyone.type = "checkbox";
      everyone.className = "tdceu-table-switch";
      switchLabel.appendChild(everyone);
      switchLabel.appendChild(document.createTextNode(" " + box.getAttribute("data-tdceu-switch")));
      tools.appendChild(switchLabel);
    }
    [["Download CSV", "csv"], ["Download XLSX", "xlsx"]].forEach(function (pair) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "tdceu-download";
      button.textContent = pair[0];
      button.addEventListener("click", function () {
        var data = tableData(table), name = fileName(box, table);
        if (pair[1] === "csv") {
          download(["\ufeff" + csvOf(data)], "text/csv;charset=utf-8", name + ".csv");
        } else {
          download(xlsxOf(data, name.slice(0, 31)),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", name + ".xlsx");
        }
      });
      tools.appendChild(button);
    });
    var status = document.createElement("p");
    status.className = "tdceu-table-status";
    status.setAttribute("aria-live", "polite");
    box.insertBefore(tools, box.querySelector(".tdceu-table-wrap"));
    box.appendChild(status);

    function filter() {
      var query = search.value.trim().toLowerCase();
      var rest = everyone ? everyone.checked : true;
      all.forEach(function (tr) {
        var off = (tr.hasAttribute("data-tdceu-rest") && !rest) ||
          (query !== "" && tr.textContent.toLowerCase().indexOf(query) < 0);
        if (off) { tr.setAttribute("data-tdceu-off", ""); } else { tr.removeAttribute("data-tdceu-off"); }
      });
      count();
    }

    function count() {
      var inScope = all.filter(function (tr) { return !tr.hidden; }).length;
      var shown = shownRows(table).length;
      status.textContent = shown
        ? "Showing " + shown + " of " + inScope + " rows."
        : inScope
          ? "No rows match: clear the search" + (everyone ? " or show everyone" : "") + "."
          : "No rows for this choice.";
    }

    heads.forEach(function (th, column) {
      var text = th.textContent.trim();
      th.setAttribute("data-tdceu-heading", text);
      th.setAttribute("aria-sort", "none");
      th.textContent = "";
      var button = document.createElement("button");
      button.type = "button";
      button.className = "tdceu-sort";
      button.textContent = text;
      th.appendChild(button);
      var number = th.classList.contains("num");
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        heads.forEach(function (other) { other.setAttribute("aria-sort", "none"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var keyed = all.map(function (tr) {
          return { tr: tr, value: cellValue(tr.cells[column], number),
                   order: Number(tr.getAttribute("data-tdceu-order")) };
        });
        keyed.sort(function (a, b) {
          var empty = (a.value === "") - (b.value === "");
          if (empty) { return empty; }  /* empty cells last, either way */
          var diff = typeof a.value === "number" && typeof b.value === "number"
            ? a.value - b.value
            : String(a.value).localeCompare(String(b.value), undefined, { numeric: true });
          return (ascending ? diff : -diff) || a.order - b.order;
        });
        keyed.forEach(function (k) { body.appendChild(k.tr); });
      });
    });
    search.addEventListener("input", filter);
    if (everyone) { everyone.addEventListener("change", filter); }
    /* a picker shows and hides rows ([hidden]): keep the count in step */
    new MutationObserver(count).observe(body, { attributes: true, subtree: true,
                                                attributeFilter: ["hidden"] });
    count();
  }

  document.querySelectorAll("[data-tdceu-table]").forEach(usableTable);

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
