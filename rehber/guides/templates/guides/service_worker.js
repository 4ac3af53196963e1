/* Rehber offline worker. Pages a reader saved are kept in the cache
   "rehber-saved-v1" (see offline.js); when the network fails they are served
   from there. Whenever a saved page loads online, its copy is refreshed. */
"use strict";
var CACHE = "rehber-saved-v1";

self.addEventListener("install", function () {
  self.skipWaiting();
});

self.addEventListener("activate", function (event) {
  event.waitUntil(self.clients.claim());
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET" || new URL(request.url).origin !== self.location.origin) {
    return;
  }
  event.respondWith(
    fetch(request).then(function (response) {
      if (response.ok) {
        var copy = response.clone();
        caches.open(CACHE).then(function (cache) {
          return cache.match(request, { ignoreVary: true }).then(function (saved) {
            return saved ? cache.put(request, copy) : null;
          });
        });
      }
      return response;
    }).catch(function () {
      return caches.open(CACHE).then(function (cache) {
        return cache.match(request, { ignoreVary: true, ignoreSearch: true });
      }).then(function (saved) {
        return saved || Response.error();
      });
    })
  );
});
