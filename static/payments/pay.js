// Card payment: collect the card with Stripe.js (SetupIntent), let the server confirm the
// order's PaymentIntent, and run 3-D Secure when the bank asks for it. Works with real
// Stripe.js and with localstripe's stand-in.
(function () {
  "use strict";
  const form = document.getElementById("pay-form");
  if (!form || typeof Stripe === "undefined") return;
  const d = form.dataset;
  const stripe = Stripe(d.publishableKey);
  const card = stripe.elements().create("card");
  card.mount("#card-element");
  const button = document.getElementById("pay-button");
  const errorBox = document.getElementById("pay-error");
  const statusBox = document.getElementById("pay-status");
  const csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  let setupSecret = d.setupSecret;

  function showError(text) {
    errorBox.textContent = text;
    errorBox.hidden = false;
    statusBox.textContent = "";
    button.disabled = false;
  }

  async function post(url, fields) {
    const body = new URLSearchParams(fields || {});
    const response = await fetch(url, {
      method: "POST",
      headers: { "X-CSRFToken": csrf, "Content-Type": "application/x-www-form-urlencoded" },
      body: body,
      credentials: "same-origin",
    });
    return response.json();
  }

  async function freshSetup() {
    // A SetupIntent cannot be reused after a failed card: get a new one for the next try.
    try {
      const answer = await post(d.setupUrl);
      if (answer.client_secret) setupSecret = answer.client_secret;
    } catch (e) { /* the next submit reports the problem */ }
  }

  async function finish(answer) {
    if (answer.next_url) {
      window.location.assign(answer.next_url);
      return;
    }
    showError(answer.error || d.msgFailed);
    await freshSetup();
  }

  form.addEventListener("submit", async function (event) {
    event.preventDefault();
    if (button.disabled) return;
    button.disabled = true;
    errorBox.hidden = true;
    statusBox.textContent = d.msgWorking;
    try {
      const setup = await stripe.confirmCardSetup(setupSecret, { payment_method: { card: card } });
      if (setup.error || !setup.setupIntent) {
        // Stripe's own wording is English-only; we show ours in the page's language.
        showError(d.msgFailed);
        await freshSetup();
        return;
      }
      // Say what happens next, so a bank check that follows the card's does not look like
      // the first one was ignored.
      statusBox.textContent = d.msgPaying;
      let answer = await post(form.action, { payment_method: setup.setupIntent.payment_method });
      if (answer.status === "requires_action" && answer.client_secret) {
        statusBox.textContent = d.msgConfirm;
        const result = await stripe.confirmCardPayment(answer.client_secret);
        answer = await post(d.syncUrl);
        if (result.error && !answer.error && !answer.next_url) answer.error = d.msgAuth;
      }
      await finish(answer);
    } catch (e) {
      showError(d.msgNetwork);
      await freshSetup();
    }
  });
})();
