// The "confirming your payment" page asks for the payment's stored status every half
// second and reloads as soon as it is no longer pending (the webhook has arrived), so
// the customer sees the order at once. The page's own refresh stays as the fallback.
(function () {
  "use strict";
  var box = document.getElementById("payment-status");
  var url = box && box.getAttribute("data-poll-url");
  if (!url) {
    return;
  }
  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (data) {
        if (data && data.status !== "pending") {
          window.location.reload();
        } else {
          window.setTimeout(poll, 500);
        }
      })
      .catch(function () {
        window.setTimeout(poll, 2000);
      });
  }
  window.setTimeout(poll, 500);
})();
