// While an upload is being checked or imported, ask for its state every two seconds and reload the
// page when it changes. Without JavaScript the page offers a Refresh link instead.
(function () {
  var panel = document.getElementById("upload-state");
  if (!panel || !panel.dataset.statusUrl) return;
  var started = Date.now();
  function poll() {
    fetch(panel.dataset.statusUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (status) {
        if (status.state !== panel.dataset.state) {
          window.location.reload();
        } else if (Date.now() - started < 30 * 60 * 1000) {
          window.setTimeout(poll, 2000);
        }
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 1000);
})();
