/* "Use my location" on the services page. The page works without this file.
   The position fills two hidden fields of the filter form and is sent once,
   to sort by distance, rounded to about a kilometre; it is not stored anywhere. */
(function () {
  "use strict";
  var button = document.querySelector("[data-nearby]");
  if (!button || !("geolocation" in navigator)) {
    return;
  }
  var form = button.form;
  var note = document.querySelector("[data-nearby-note]");
  button.hidden = false;
  if (note) {
    note.hidden = false;
  }
  button.addEventListener("click", function () {
    button.disabled = true;
    navigator.geolocation.getCurrentPosition(
      function (position) {
        form.elements.lat.value = position.coords.latitude.toFixed(2);
        form.elements.lon.value = position.coords.longitude.toFixed(2);
        form.submit();
      },
      function () {
        button.disabled = false;
      },
      { enableHighAccuracy: false, timeout: 15000, maximumAge: 600000 }
    );
  });
})();
