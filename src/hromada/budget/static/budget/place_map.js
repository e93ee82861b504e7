/* The application's place step: click the map to fill the latitude and longitude fields.
   Without Leaflet or the tiles the map stays hidden and the typed address is enough. */
(function () {
  "use strict";
  var container = document.getElementById("place-map");
  var latitude = document.getElementById("id_latitude");
  var longitude = document.getElementById("id_longitude");
  if (!container || !latitude || !longitude || !window.L) {
    return;
  }
  container.hidden = false;
  var start = [50.5189, 26.2475]; // Zdolbuniv
  var lat = parseFloat(latitude.value.replace(",", "."));
  var lon = parseFloat(longitude.value.replace(",", "."));
  var map = window.L.map(container).setView(isNaN(lat) ? start : [lat, lon], 14);
  window.L.tileLayer("https://tile.openstreetmap.org/{z}/{x}/{y}.png", {
    maxZoom: 19,
    attribution: '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>',
  }).addTo(map);
  var marker = isNaN(lat) ? null : window.L.marker([lat, lon]).addTo(map);
  map.on("click", function (event) {
    latitude.value = event.latlng.lat.toFixed(6);
    longitude.value = event.latlng.lng.toFixed(6);
    if (marker) {
      marker.setLatLng(event.latlng);
    } else {
      marker = window.L.marker(event.latlng).addTo(map);
    }
  });
})();
