/* The workbench map (Leaflet, vendored): boundaries, buildings and open cases of one place from
 * its GeoJSON endpoint; a click on a grid or compound opens its workbench. Without a tile layer
 * the shapes draw on a plain background. In drawing mode (Leaflet-Geoman, vendored) a drawn
 * shape is posted to the place's save address and the map reloads.
 * Text from the database goes in as text nodes only, never as HTML. */
(function () {
  "use strict";
  var element = document.getElementById("workbench-map");
  if (!element || !window.L) {
    return;
  }
  var tiles = JSON.parse(document.getElementById("map-tiles").textContent);
  var words = JSON.parse(document.getElementById("map-words").textContent);
  var status = document.getElementById("map-status");
  // In drawing mode a click places a corner; it must not open the place under it.
  var drawingPage = Boolean(document.getElementById("map-drawable"));

  var map = L.map(element, { zoomSnap: 0.25 });
  map.setView([23.02, 113.12], 13);
  if (tiles.url) {
    var options = { maxZoom: tiles.max_zoom || 18, attribution: tiles.attribution || "" };
    if (tiles.subdomains) {
      options.subdomains = tiles.subdomains;
    }
    L.tileLayer(tiles.url, options).addTo(map);
    if (tiles.labels_url) {
      L.tileLayer(tiles.labels_url, options).addTo(map);
    }
  }

  function text(value, tag) {
    var node = document.createElement(tag || "span");
    node.textContent = value;
    return node;
  }

  function link(href, label) {
    var anchor = text(label, "a");
    anchor.href = href;
    return anchor;
  }

  function go(url) {
    return function () {
      window.location.assign(url);
    };
  }

  var layers = L.featureGroup().addTo(map);

  function boundary(feature) {
    if (feature.properties.layer !== "boundary") {
      return {}; // points keep the look pin() gave them
    }
    var current = feature.properties.current;
    return {
      color: current ? "#0b4f8a" : "#1d2a36",
      weight: current ? 3 : 2,
      fillColor: feature.properties.kind === "grid" ? "#5dade2" : "#a9cce3",
      fillOpacity: current ? 0.04 : 0.15,
      className: "map-" + feature.properties.kind + (current ? " map-current" : ""),
    };
  }

  function pin(feature, latlng) {
    var p = feature.properties;
    if (p.layer === "building") {
      return L.circleMarker(latlng, {
        radius: 5, color: "#1d2a36", weight: 2, fillColor: "#ffffff", fillOpacity: 1, className: "map-building",
      });
    }
    return L.circleMarker(latlng, {
      radius: 8,
      color: p.overdue ? "#000000" : "#ffffff",
      weight: p.overdue ? 3 : 1.5,
      fillColor: p.colour,
      fillOpacity: 0.95,
      className: "map-case map-case-" + p.state,
    });
  }

  function casePopup(p) {
    var box = document.createElement("div");
    box.appendChild(text(p.category, "strong"));
    box.appendChild(text(p.label + (p.overdue ? " · " + words.overdue : ""), "div"));
    box.appendChild(text(words.reported + " " + p.reported, "div"));
    box.appendChild(link(p.url, words.openCase));
    return box;
  }

  function each(feature, layer) {
    var p = feature.properties;
    if (p.layer === "case") {
      layer.bindPopup(casePopup(p));
      return;
    }
    layer.bindTooltip(text(p.name), { sticky: true });
    if (p.url && !p.current && !drawingPage) {
      layer.on("click", go(p.url));
    }
  }

  function show(data) {
    layers.clearLayers();
    var order = { boundary: 0, building: 1, case: 2 };
    var features = data.features.slice().sort(function (a, b) {
      return order[a.properties.layer] - order[b.properties.layer];
    });
    L.geoJSON({ type: "FeatureCollection", features: features }, {
      style: boundary,
      pointToLayer: pin,
      onEachFeature: each,
    }).eachLayer(function (layer) {
      layers.addLayer(layer);
    });
    var meta = data.meta;
    var line = meta.cases_open + " " + words.cases + ", " + meta.cases_shown + " " + words.shown;
    if (!features.some(function (f) { return f.properties.layer === "boundary"; })) {
      line = words.noShapes + " " + line;
    }
    status.textContent = line;
    var bounds = layers.getBounds();
    if (bounds.isValid()) {
      map.fitBounds(bounds, { padding: [16, 16], maxZoom: 18 });
    }
    element.setAttribute("data-loaded", String(features.length));
  }

  function load() {
    return fetch(element.dataset.src, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.json(); })
      .then(show);
  }
  load();

  // --- drawing mode ------------------------------------------------------------------------
  var drawable = document.getElementById("map-drawable");
  if (!drawable || !map.pm) {
    return;
  }
  var places = JSON.parse(drawable.textContent);
  var select = document.getElementById("draw-place");
  var drawStatus = document.getElementById("draw-status");
  var token = document.querySelector("input[name=csrfmiddlewaretoken]").value;
  if ((document.documentElement.lang || "").indexOf("zh") === 0) {
    map.pm.setLang("zh");
  }

  function chosen() {
    var pk = Number(select.value);
    return places.filter(function (place) { return place.pk === pk; })[0];
  }

  function post(url, body) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRFToken": token, "Content-Type": "application/json" },
      body: body ? JSON.stringify(body) : "",
    }).then(function (response) {
      return response.json().then(function (data) {
        if (!response.ok) {
          throw new Error(data.detail || response.status);
        }
        return data;
      });
    });
  }

  function done(message) {
    return function () {
      return load().then(function () {
        drawStatus.textContent = message;
      });
    };
  }

  function failed(error) {
    drawStatus.textContent = words.failed + " " + error.message;
  }

  document.getElementById("draw-start").addEventListener("click", function () {
    var place = chosen();
    map.pm.disableDraw();
    map.pm.enableDraw(place.draws === "point" ? "CircleMarker" : "Polygon", { snappable: true });
    drawStatus.textContent = words.drawing;
  });

  document.getElementById("draw-clear").addEventListener("click", function () {
    post(chosen().clear).then(done(words.removed)).catch(failed);
  });

  map.on("pm:create", function (event) {
    var geometry = event.layer.toGeoJSON().geometry;
    event.layer.remove();
    post(chosen().save, geometry).then(done(words.saved)).catch(failed);
  });
})();
