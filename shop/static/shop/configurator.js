// Live drawing and price for the garment configurator. The page works without this
// script (the form posts to the server); with it, each change asks the server for the
// drawing, the price and any errors, and shows them without reloading.
(function () {
  "use strict";
  var form = document.getElementById("configurator");
  if (!form) { return; }
  var previewUrl = form.getAttribute("data-preview-url");
  var panel = document.getElementById("garment-preview");
  var timer = null;
  var pending = null;

  function showErrors(errors) {
    var boxes = form.querySelectorAll(".field-error");
    Array.prototype.forEach.call(boxes, function (box) {
      var name = box.id.replace(/^error-/, "");
      var input = form.querySelector("[name='" + name + "']");
      var messages = errors[name] || [];
      box.textContent = messages.join(" ");
      if (input) { input.classList.toggle("is-invalid", messages.length > 0); }
    });
  }

  function refresh() {
    var data = new FormData(form);
    data.delete("action");
    if (pending) { pending.abort(); }
    pending = new AbortController();
    fetch(previewUrl, {
      method: "POST",
      body: data,
      headers: { "X-Requested-With": "fetch" },
      credentials: "same-origin",
      signal: pending.signal
    }).then(function (response) {
      if (!response.ok) { throw new Error(response.status); }
      return response.json();
    }).then(function (payload) {
      panel.innerHTML = payload.preview;
      showErrors(payload.errors || {});
      form.setAttribute("data-preview-state", "fresh");
    }).catch(function (err) {
      if (err.name !== "AbortError") { form.setAttribute("data-preview-state", "failed"); }
    });
  }

  function schedule(delay) {
    form.setAttribute("data-preview-state", "pending");
    window.clearTimeout(timer);
    timer = window.setTimeout(refresh, delay);
  }

  // An option that depends on another (the monogram's thread colour) is disabled while
  // that other option is set to a choice that switches it off ("No monogram").
  function applyDependencies() {
    var groups = form.querySelectorAll("fieldset[data-depends-on]");
    Array.prototype.forEach.call(groups, function (group) {
      var parent = form.querySelector(
        "input[name='" + group.getAttribute("data-depends-on") + "']:checked");
      var off = (group.getAttribute("data-off-values") || "").split(" ");
      var disabled = !parent || off.indexOf(parent.value) !== -1;
      group.disabled = disabled;
      var hint = group.querySelector(".dependent-hint");
      if (hint) { hint.hidden = !disabled; }
    });
  }

  form.addEventListener("change", function () { applyDependencies(); schedule(50); });
  form.addEventListener("input", function (event) {
    if (event.target.type === "text") { schedule(300); }
  });

  var profileSelect = form.querySelector("select[name='profile']");
  var profileData = document.getElementById("profile-values");
  if (profileSelect && profileData) {
    var profiles = JSON.parse(profileData.textContent);
    var loadButton = document.getElementById("load-profile");
    if (loadButton) { loadButton.hidden = true; }
    profileSelect.addEventListener("change", function () {
      var profile = profiles[profileSelect.value];
      if (!profile) { return; }
      Object.keys(profile.values).forEach(function (code) {
        var input = form.querySelector("[name='m_" + code + "']");
        if (input) { input.value = profile.values[code]; }
      });
      var sex = form.querySelector("input[name='sex'][value='" + profile.sex + "']");
      if (sex) { sex.checked = true; }
      schedule(0);
    });
  }
})();
