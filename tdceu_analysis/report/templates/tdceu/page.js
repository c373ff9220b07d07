/* tdceu dashboards: render the vega-lite charts of the page and keep pickers in step. */
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

  function follow(entry) {
    entry.pickers.forEach(function (name) {
      entry.view.addSignalListener(name, function (_, value) {
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

  var pending = blocks.map(function (block) {
    var spec = JSON.parse(block.textContent);
    var target = document.getElementById(block.getAttribute("data-target"));
    return vegaEmbed(target, spec, { actions: false, renderer: "svg" }).then(function (result) {
      var entry = { view: result.view, pickers: pickersOf(spec), id: target.id };
      views.push(entry);
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
