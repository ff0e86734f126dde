// Card payment. Stripe.js collects the card (its details never reach our server) and
// gives us a payment method id; the server confirms the PaymentIntent with it. A card
// that needs 3-D Secure is then authenticated in Stripe.js. The order itself is made
// when Stripe tells the server the payment succeeded; the next page waits for that.
(function () {
  "use strict";
  var form = document.getElementById("payment-form");
  if (!form || typeof Stripe === "undefined") { return; }
  var stripe = Stripe(form.getAttribute("data-stripe-key"));
  var card = stripe.elements().create("card");
  card.mount("#card-element");
  var button = document.getElementById("pay-button");
  var errors = document.getElementById("card-errors");
  var label = button.textContent;
  var csrf = form.querySelector("input[name='csrfmiddlewaretoken']").value;

  function fail(message) {
    errors.textContent = message;
    button.disabled = false;
    button.textContent = label;
    form.setAttribute("data-payment-state", "declined");
  }

  function done() {
    form.setAttribute("data-payment-state", "confirmed");
    window.location.assign(form.getAttribute("data-complete-url"));
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    button.disabled = true;
    button.textContent = button.getAttribute("data-paying-text");
    errors.textContent = "";
    stripe.createToken(card).then(function (result) {
      if (result.error) { throw new Error(result.error.message); }
      var body = new URLSearchParams();
      body.set("payment_method", result.token.card.id);
      return fetch(form.getAttribute("data-confirm-url"), {
        method: "POST",
        body: body,
        credentials: "same-origin",
        headers: { "X-CSRFToken": csrf }
      }).then(function (response) {
        var type = response.headers.get("Content-Type") || "";
        if (type.indexOf("application/json") === -1) { throw { lost: true }; }
        return response.json();
      }, function () {
        // The answer was lost (the connection dropped, a server restarted): only the
        // payment page, which asks Stripe, can say whether the card was charged.
        throw { lost: true };
      });
    }).then(function (payload) {
      if (payload.error) { throw new Error(payload.error); }
      if (payload.status === "requires_action") {
        return stripe.confirmCardPayment(payload.client_secret).then(function (result) {
          if (result.error) { throw new Error(result.error.message); }
          done();
        });
      }
      done();
    }).catch(function (err) {
      if (err && err.lost) { done(); return; }
      fail(err.message);
    });
  });
})();
