// Maps drawn over the NUTS boundaries of the reference data, with no tile server: Leaflet (vendored) renders
// the GeoJSON the API serves. Every map is an enhancement: the same information is on the page as text.
(function () {
  'use strict';

  var boundaryStyle = { color: '#4a574a', weight: 1, fillColor: '#e8f3e8', fillOpacity: 1 };
  var highlightStyle = { color: '#1b5e20', weight: 2, fillColor: '#a5d6a7', fillOpacity: 0.9 };
  var markerStyle = { radius: 6, color: '#ffffff', weight: 2, fillColor: '#1b5e20', fillOpacity: 1 };

  function createMap(element, isStatic) {
    var options = { attributionControl: false, zoomSnap: 0.25, minZoom: 2, maxZoom: 10, zoomControl: false };
    if (isStatic) {
      options.keyboard = false; options.dragging = false; options.scrollWheelZoom = false; options.doubleClickZoom = false;
      options.boxZoom = false; options.touchZoom = false;
    }
    var map = L.map(element, options);
    if (!isStatic) {
      L.control.zoom({ zoomInTitle: element.dataset.zoomIn || '+', zoomOutTitle: element.dataset.zoomOut || '-' }).addTo(map);
    }
    return map;
  }

  function getJson(url) {
    return fetch(url, { headers: { Accept: 'application/geo+json, application/json' } }).then(function (r) {
      if (!r.ok) throw new Error(url + ': ' + r.status);
      return r.json();
    });
  }

  function popupFor(feature, base) {
    var box = document.createElement('div');
    var link = document.createElement('a');
    link.href = base + feature.properties.slug;
    link.textContent = feature.properties.name;
    box.appendChild(link);
    return box;
  }

  function networkMap(element) {
    var map = createMap(element, false);
    map.setView([52, 12], 3.5);
    // Leaflet names its popup's close button in English: name it in the page's language.
    map.on('popupopen', function (e) {
      var close = e.popup.getElement() && e.popup.getElement().querySelector('.leaflet-popup-close-button');
      if (close && element.dataset.closePopup) { close.setAttribute('aria-label', element.dataset.closePopup); close.title = element.dataset.closePopup; }
    });
    getJson(element.dataset.regions).then(function (regions) {
      L.geoJSON(regions, { style: boundaryStyle, interactive: false }).addTo(map);
      return getJson(element.dataset.partners);
    }).then(function (partners) {
      var layer = L.geoJSON(partners, {
        pointToLayer: function (feature, latlng) { return L.circleMarker(latlng, markerStyle); },
        onEachFeature: function (feature, marker) { marker.bindPopup(popupFor(feature, element.dataset.partnerBase)); }
      }).addTo(map);
      if (layer.getLayers().length > 0) map.fitBounds(layer.getBounds(), { padding: [20, 20] });
    }).catch(function () { element.classList.add('map-failed'); });
  }

  function regionMap(element) {
    var map = createMap(element, true);
    getJson(element.dataset.region).then(function (region) {
      var country = element.dataset.country;
      var shape = L.geoJSON(region, { style: highlightStyle, interactive: false });
      var done = function () {
        shape.addTo(map);
        map.fitBounds(shape.getBounds(), { padding: [10, 10] });
        if (element.dataset.lat && element.dataset.lon) {
          L.circleMarker([parseFloat(element.dataset.lat), parseFloat(element.dataset.lon)], markerStyle).addTo(map);
        }
      };
      if (!country) return done();
      return getJson(country).then(function (outline) {
        L.geoJSON(outline, { style: boundaryStyle, interactive: false }).addTo(map);
        done();
      });
    }).catch(function () { element.classList.add('map-failed'); });
  }

  // A place outside NUTS: the country outlines around one point (a partner's own, or its subdivision's representative point).
  function pointMap(element) {
    var map = createMap(element, true);
    var point = [parseFloat(element.dataset.lat), parseFloat(element.dataset.lon)];
    map.setView(point, 6);
    getJson(element.dataset.countries).then(function (outlines) {
      L.geoJSON(outlines, { style: boundaryStyle, interactive: false }).addTo(map);
      L.circleMarker(point, markerStyle).addTo(map);
    }).catch(function () { element.classList.add('map-failed'); });
  }

  document.querySelectorAll('[data-map]').forEach(function (element) {
    element.classList.add('map-ready');
    if (element.dataset.map === 'network') networkMap(element);
    else if (element.dataset.map === 'region') regionMap(element);
    else if (element.dataset.map === 'point') pointMap(element);
  });
})();
