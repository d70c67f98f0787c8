// Counts down the seconds left for a question. Only a hint: the server decides what is late.
(function () {
  function start(root) {
    var timer = root.querySelector(".quiz-timer[data-seconds]");
    if (!timer || timer.dataset.started) return;
    timer.dataset.started = "1";
    var left = parseInt(timer.dataset.seconds, 10);
    var shown = timer.querySelector("strong");
    var tick = setInterval(function () {
      left = Math.max(0, left - 1);
      if (shown) shown.textContent = left;
      if (left === 0 || !document.body.contains(timer)) clearInterval(tick);
    }, 1000);
  }
  document.addEventListener("DOMContentLoaded", function () { start(document); });
  document.addEventListener("htmx:afterSettle", function () { start(document); });
})();
