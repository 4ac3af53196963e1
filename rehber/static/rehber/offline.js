/* Save guides for reading without a connection. Pages work without this file;
   it only adds the "Save for offline reading" button and the saved list. */
(function () {
  "use strict";
  if (!("serviceWorker" in navigator) || !("caches" in window)) {
    return;
  }
  var CACHE = "rehber-saved-v1";
  var GUIDE_PAGE = /^\/[a-z]{2,3}\/guides\/[^/]+\/$/;

  navigator.serviceWorker.register("/sw.js", { scope: "/" });

  function language() {
    return document.documentElement.lang || "en";
  }

  function pageAssets() {
    var urls = [location.pathname, "/" + language() + "/guides/saved/"];
    document.querySelectorAll("link[rel=stylesheet], script[src]").forEach(function (node) {
      urls.push(new URL(node.href || node.src, location.href).pathname);
    });
    return urls;
  }

  var box = document.querySelector("[data-save-offline]");
  if (box) {
    var button = box.querySelector("button");
    var markSaved = function () {
      button.textContent = button.dataset.labelSaved;
      button.disabled = true;
    };
    box.hidden = false;
    caches.open(CACHE).then(function (cache) {
      return cache.match(location.pathname, { ignoreVary: true });
    }).then(function (hit) {
      if (hit) {
        markSaved();
      }
    });
    button.addEventListener("click", function () {
      caches.open(CACHE).then(function (cache) {
        return cache.addAll(pageAssets());
      }).then(markSaved, function () {
        button.textContent = button.dataset.labelFailed;
      });
    });
  }

  var list = document.querySelector("[data-saved-list]");
  if (list) {
    caches.open(CACHE).then(function (cache) {
      return cache.keys().then(function (requests) {
        var pages = requests.filter(function (request) {
          var path = new URL(request.url).pathname;
          return GUIDE_PAGE.test(path) && !/\/guides\/saved\/$/.test(path);
        });
        return Promise.all(pages.map(function (request) {
          return cache.match(request).then(function (response) {
            return response.text();
          }).then(function (html) {
            var doc = new DOMParser().parseFromString(html, "text/html");
            var heading = doc.querySelector("h1");
            return { url: new URL(request.url).pathname, title: heading ? heading.textContent : request.url };
          });
        }));
      });
    }).then(function (saved) {
      if (!saved.length) {
        var empty = document.createElement("li");
        empty.textContent = list.dataset.empty;
        list.appendChild(empty);
      }
      saved.forEach(function (page) {
        var item = document.createElement("li");
        var link = document.createElement("a");
        link.href = page.url;
        link.textContent = page.title;
        item.appendChild(link);
        list.appendChild(item);
      });
    });
  }
})();
