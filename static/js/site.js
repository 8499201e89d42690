// The GOV.UK error pattern: when a page opens with a problem to put right, move focus to its summary,
// so a keyboard or screen reader user hears it first and can follow its links to each field.
document.addEventListener("DOMContentLoaded", function () {
  var summary = document.querySelector(".error-summary");
  if (summary) {
    if (!summary.hasAttribute("tabindex")) summary.setAttribute("tabindex", "-1");
    summary.focus();
  }
});
