// The recurrence picker shows only the choices of the chosen repeat; without JavaScript every
// choice stays visible and the server ignores those of the other repeats.
(function () {
  function update(form) {
    var checked = form.querySelector('input[name="repeat"]:checked');
    var value = checked ? checked.value : "once";
    form.querySelectorAll("[data-repeat]").forEach(function (group) {
      group.hidden = group.getAttribute("data-repeat").split(" ").indexOf(value) === -1;
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector("form.event-form");
    if (!form) return;
    form.addEventListener("change", function (event) {
      if (event.target.name === "repeat") update(form);
    });
    update(form);
  });
})();
