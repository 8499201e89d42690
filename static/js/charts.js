// Draw each chart from the JSON the page carries (json_script), so no inline script is needed and a
// strict Content Security Policy holds. The same figures are in a table beside every chart.
(function () {
  if (!window.Plotly) return;
  document.querySelectorAll("[data-chart]").forEach(function (element) {
    var source = document.getElementById(element.dataset.chart);
    if (!source) return;
    var figure = JSON.parse(source.textContent);
    window.Plotly.newPlot(element, figure.data, figure.layout, { displaylogo: false, displayModeBar: false, responsive: true, staticPlot: false });
  });
})();
