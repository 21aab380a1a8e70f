// A countdown per agenda item: Start / Pause; the time turns red when it is up. Without
// JavaScript the planned minutes are still shown.
(function () {
  "use strict";

  function format(seconds) {
    var sign = seconds < 0 ? "-" : "";
    var s = Math.abs(seconds);
    var minutes = Math.floor(s / 60);
    var rest = s % 60;
    return sign + minutes + ":" + (rest < 10 ? "0" : "") + rest;
  }

  document.querySelectorAll("[data-timer-minutes]").forEach(function (timer) {
    var display = timer.querySelector(".timer__time");
    var button = timer.querySelector(".timer__toggle");
    var left = parseInt(timer.getAttribute("data-timer-minutes"), 10) * 60;
    var running = null;
    var startLabel = button.firstChild.nodeValue;
    button.hidden = false;
    button.addEventListener("click", function () {
      if (running) {
        clearInterval(running);
        running = null;
        button.firstChild.nodeValue = startLabel;
        return;
      }
      button.firstChild.nodeValue = timer.getAttribute("data-pause") || "Pauze";
      running = setInterval(function () {
        left -= 1;
        display.textContent = format(left);
        timer.classList.toggle("timer--over", left < 0);
      }, 1000);
    });
  });
})();
