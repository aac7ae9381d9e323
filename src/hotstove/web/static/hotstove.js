/* hotstove: draw the charts the server computed, load slow parts of a page after it shows. */
(function () {
  "use strict";

  function drawCharts(root) {
    var boxes = root.querySelectorAll("[data-chart]");
    boxes.forEach(function (box) {
      if (box.dataset.chartReady) { return; }
      var spec = document.getElementById(box.dataset.chart);
      if (!spec) { return; }
      if (!window.Plotly) {
        box.dataset.chartReady = "error";
        box.textContent = "The chart library did not load; the table has the same numbers.";
        return;
      }
      var fig = JSON.parse(spec.textContent);
      var config = { responsive: true, displayModeBar: false };
      window.Plotly.newPlot(box, fig.data, fig.layout, config).then(function () {
        box.dataset.chartReady = "1";
      });
    });
  }

  function loadFragments(root) {
    root.querySelectorAll("[data-fragment]").forEach(function (box) {
      var url = box.dataset.fragment;
      box.removeAttribute("data-fragment");
      fetch(url, { headers: { "Accept": "text/html" } })
        .then(function (resp) {
          box.dataset.state = resp.ok ? "ready" : "error";
          return resp.text();
        })
        .then(function (html) { box.innerHTML = html; drawCharts(box); })
        .catch(function () {
          box.dataset.state = "error";
          box.textContent = "Could not load this part of the page; reload to try again.";
        });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    drawCharts(document);
    loadFragments(document);
  });
})();
