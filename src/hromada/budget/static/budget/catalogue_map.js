/* The project map: Leaflet with OpenStreetMap tiles in every [data-map-section] of the
   page (budget/public/_map.html). Progressive enhancement: the list of projects (or the
   project's address) carries the same information, so whatever fails — Leaflet, the
   GeoJSON request, the tiles — the page only says so and stays usable.
   No inline HTML from data: popups are built from text nodes. */
(function () {
  "use strict";

  var TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png";
  var ATTRIBUTION =
    '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>';

  function showMessage(section, text, mapIsGone) {
    var message = section.querySelector("[data-map-message]");
    if (mapIsGone) {
      section.querySelector(".project-map").hidden = true;
    }
    message.textContent = text;
    message.hidden = false;
    section.hidden = false;
  }

  function markerIcon(container) {
    return window.L.icon({
      iconUrl: container.dataset.markerIcon,
      iconRetinaUrl: container.dataset.markerIcon2x,
      shadowUrl: container.dataset.markerShadow,
      iconSize: [25, 41],
      iconAnchor: [12, 41],
      popupAnchor: [1, -34],
      shadowSize: [41, 41]
    });
  }

  function popupContent(container, point) {
    var box = document.createElement("div");
    var name = document.createElement("strong");
    name.textContent = point.name;
    box.appendChild(name);
    if (point.state) {
      var state = document.createElement("p");
      state.textContent = point.state;
      box.appendChild(state);
    }
    if (point.url) {
      var paragraph = document.createElement("p");
      var link = document.createElement("a");
      link.href = point.url;
      link.textContent = container.dataset.openLabel;
      paragraph.appendChild(link);
      box.appendChild(paragraph);
    }
    return box;
  }

  function draw(section, container, points) {
    var L = window.L;
    // Shown before the map is created: Leaflet measures its container.
    section.hidden = false;
    var map = L.map(container, { scrollWheelZoom: false });
    var tilesFailed = false;
    L.tileLayer(TILES, {
      maxZoom: 19,
      attribution: ATTRIBUTION,
      // The site sends no Referer to other origins; OpenStreetMap's tile policy needs one.
      referrerPolicy: "strict-origin-when-cross-origin"
    })
      .on("tileerror", function () {
        if (!tilesFailed) {
          tilesFailed = true;
          showMessage(section, container.dataset.tilesFailed, false);
        }
      })
      .addTo(map);
    var icon = markerIcon(container);
    var corners = [];
    points.forEach(function (point) {
      L.marker([point.lat, point.lon], {
        icon: icon,
        title: point.name,
        alt: point.name,
        keyboard: true
      })
        .bindPopup(popupContent(container, point))
        .addTo(map);
      corners.push([point.lat, point.lon]);
    });
    if (corners.length === 1) {
      map.setView(corners[0], 16);
    } else {
      map.fitBounds(corners, { padding: [24, 24], maxZoom: 16 });
    }
  }

  function pointsFrom(collection) {
    return collection.features.map(function (feature) {
      var properties = feature.properties;
      return {
        lat: feature.geometry.coordinates[1],
        lon: feature.geometry.coordinates[0],
        name: (properties.number ? "№ " + properties.number + " " : "") + properties.title,
        state: properties.state,
        url: properties.url
      };
    });
  }

  function start(section) {
    var container = section.querySelector(".project-map");
    var failed = function () {
      showMessage(section, container.dataset.mapFailed, true);
    };
    if (typeof window.L === "undefined") {
      failed();
      return;
    }
    if (container.dataset.geojson) {
      fetch(container.dataset.geojson, {
        credentials: "same-origin",
        headers: { Accept: "application/geo+json" }
      })
        .then(function (response) {
          if (!response.ok) {
            throw new Error("map data: HTTP " + response.status);
          }
          return response.json();
        })
        .then(function (collection) {
          var points = pointsFrom(collection);
          // No project has a place on the map: no map at all.
          if (points.length) {
            draw(section, container, points);
          }
        })
        .catch(failed);
      return;
    }
    try {
      draw(section, container, [
        {
          lat: parseFloat(container.dataset.lat),
          lon: parseFloat(container.dataset.lon),
          name: container.dataset.markerTitle,
          state: "",
          url: ""
        }
      ]);
    } catch (error) {
      failed();
    }
  }

  document.querySelectorAll("[data-map-section]").forEach(start);
})();
