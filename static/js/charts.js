// Draw each chart from the JSON the page carries (json_script), so no inline script is needed and a
// strict Content Security Policy holds. The same figures are in a table beside every chart.
(function () {
  if (!window.Plotly) return;
  document.querySelectorAll("[data-chart]").forEach(function (element) {
    var source = document.getElementById(element.dataset.chart);
    if (!source) return;
    var figure = JSON.parse(source.textContent);
    window.Plotly.newPlot(element, figure.data, figure.layout, { displaylogo: false, displayModeBar: false, responsive: true, staticPlot: false });
    // The chart as an image to take away: buttons shown only where the chart has been drawn.
    document.querySelectorAll('[data-download-chart="' + element.dataset.chart + '"]').forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        window.Plotly.downloadImage(element, { format: button.dataset.format, filename: button.dataset.filename, width: 1000, height: 500 });
      });
    });
  });
})();
