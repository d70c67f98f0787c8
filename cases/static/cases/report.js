// "Use my location" on the report form: the phone's position goes into the hidden latitude and
// longitude fields (a static file: the Content-Security-Policy allows no inline scripts). Without
// JavaScript or location the block stays hidden and the place or address is asked for instead.
(function () {
  const box = document.querySelector("[data-locate]");
  if (!box || !("geolocation" in navigator)) return;
  const button = box.querySelector("button");
  const status = box.querySelector("[data-locate-status]");
  const latitude = document.getElementById("id_latitude");
  const longitude = document.getElementById("id_longitude");
  box.hidden = false;
  if (latitude.value && longitude.value) status.textContent = box.dataset.done;
  button.addEventListener("click", () => {
    status.textContent = box.dataset.busy;
    button.disabled = true;
    navigator.geolocation.getCurrentPosition(
      (position) => {
        latitude.value = position.coords.latitude.toFixed(6);
        longitude.value = position.coords.longitude.toFixed(6);
        status.textContent = box.dataset.done;
        button.disabled = false;
      },
      () => {
        status.textContent = box.dataset.failed;
        button.disabled = false;
      },
      { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 },
    );
  });
})();
