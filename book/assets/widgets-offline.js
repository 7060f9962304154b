// The widget manager (vendored in _static/html-manager) computes where its fonts live from its
// require.js module name; point that name at _static so nothing is fetched from the page folder
// or a CDN. Loaded after require.js and before embed-amd.js (see _config.yml: nb_ipywidgets_js).
(function () {
  var base = document.currentScript.src.replace(/[^/]*$/, "");
  window.require.config({ paths: { "@jupyter-widgets/html-manager/dist": base + "html-manager" } });
})();
