// Oscar writes a few links that change state (set a default address, cancel a stock
// alert, add to a wish list); the server accepts them by POST only (config/oscar_guards.py).
// A click on one is sent as a POST form carrying the CSRF token.
(function () {
  "use strict";
  var POST_ONLY = [
    /\/accounts\/addresses\/\d+\/default_for_(billing|shipping)\/$/,
    /\/accounts\/alerts\/cancel\/(key\/[^/]+|\d+)\/$/,
    /\/accounts\/wishlists\/([^/]+\/)?add\/\d+\/$/
  ];
  function csrfToken() {
    var field = document.querySelector("input[name='csrfmiddlewaretoken']");
    if (field) { return field.value; }
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }
  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a[href]") : null;
    if (!link) { return; }
    var url = new URL(link.getAttribute("href"), window.location.href);
    if (url.origin !== window.location.origin) { return; }
    if (!POST_ONLY.some(function (pattern) { return pattern.test(url.pathname); })) { return; }
    event.preventDefault();
    var form = document.createElement("form");
    form.method = "post";
    form.action = url.pathname + url.search;
    var token = document.createElement("input");
    token.type = "hidden";
    token.name = "csrfmiddlewaretoken";
    token.value = csrfToken();
    form.appendChild(token);
    document.body.appendChild(form);
    form.submit();
  });
})();
