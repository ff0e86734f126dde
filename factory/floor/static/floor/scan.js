/* The scan station: a USB scanner types into the code field and presses Enter; the
   camera reads the ticket's QR code with jsQR (served from this site). Each scan is
   posted with its own client event id, so a retry after a lost answer is applied once.
   A refusal shows in red with a low double tone; a scan that worked, in green with a
   high tone. */
(function () {
  "use strict";
  var form = document.getElementById("scan-form");
  var texts = document.getElementById("scan-texts");
  var audio = null;

  function tone(kind) {
    try {
      audio = audio || new (window.AudioContext || window.webkitAudioContext)();
      var beeps = kind === "refused" ? [[220, 0], [180, 0.25]] : kind === "repeated" ? [[660, 0]] : [[990, 0]];
      beeps.forEach(function (beep) {
        var osc = audio.createOscillator();
        var gain = audio.createGain();
        osc.type = kind === "refused" ? "square" : "sine";
        osc.frequency.value = beep[0];
        gain.gain.value = 0.2;
        osc.connect(gain);
        gain.connect(audio.destination);
        var start = audio.currentTime + beep[1];
        osc.start(start);
        osc.stop(start + 0.2);
      });
    } catch (e) { /* no sound on this device: the colour still says it */ }
    if (kind === "refused" && navigator.vibrate) { navigator.vibrate([200, 100, 200]); }
  }

  // A refusal shown by the page itself (without this script's help) sounds too.
  if (document.querySelector("[data-refused]")) { tone("refused"); }
  if (!form) { return; }

  var input = form.querySelector("input[name=code]");
  var result = document.getElementById("scan-result");
  var busy = false;

  function newId() {
    if (window.crypto && window.crypto.randomUUID) { return window.crypto.randomUUID(); }
    return String(Date.now()) + "-" + String(Math.random()).slice(2);
  }

  function show(kind, message) {
    result.hidden = false;
    result.setAttribute("data-result", kind);
    result.textContent = message;
    tone(kind);
  }

  function send(code) {
    if (busy || !code) { return; }
    busy = true;
    var data = new FormData(form);
    data.set("code", code);
    data.set("client_event_id", newId());
    fetch(form.action, {
      method: "POST",
      body: data,
      headers: { "Accept": "application/json", "X-CSRFToken": data.get("csrfmiddlewaretoken") },
      credentials: "same-origin"
    }).then(function (response) {
      return response.json();
    }).then(function (answer) {
      show(answer.ok ? (answer.repeated ? "repeated" : "ok") : "refused", answer.message);
    }).catch(function () {
      show("refused", texts.getAttribute("data-network"));
    }).then(function () {
      busy = false;
      input.value = "";
      input.focus();
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    send(input.value.trim());
  });
  // Until this line has run, Enter posts the form the plain way (the page answers too).
  form.setAttribute("data-ready", "");

  // The camera.
  var button = document.getElementById("camera-start");
  var video = document.getElementById("camera-video");
  var canvas = document.getElementById("camera-canvas");
  var status = document.getElementById("camera-status");
  var stream = null;
  var last = { code: "", at: 0 };
  var startLabel = button ? button.textContent : "";

  function stop() {
    if (stream) { stream.getTracks().forEach(function (track) { track.stop(); }); }
    stream = null;
    video.hidden = true;
    button.textContent = startLabel;
    status.textContent = "";
  }

  function look() {
    if (!stream) { return; }
    if (video.readyState === video.HAVE_ENOUGH_DATA) {
      canvas.width = video.videoWidth;
      canvas.height = video.videoHeight;
      var context = canvas.getContext("2d");
      context.drawImage(video, 0, 0, canvas.width, canvas.height);
      var image = context.getImageData(0, 0, canvas.width, canvas.height);
      var found = window.jsQR && window.jsQR(image.data, image.width, image.height, { inversionAttempts: "dontInvert" });
      var now = Date.now();
      if (found && found.data && !(found.data === last.code && now - last.at < 3000)) {
        last = { code: found.data, at: now };
        send(found.data.trim());
      }
    }
    window.setTimeout(look, 200);
  }

  if (button) {
    button.addEventListener("click", function () {
      if (stream) { stop(); return; }
      if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
        status.textContent = texts.getAttribute("data-camera-denied");
        return;
      }
      navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false })
        .then(function (media) {
          stream = media;
          video.srcObject = media;
          video.hidden = false;
          video.play();
          button.textContent = button.getAttribute("data-label-stop");
          status.textContent = texts.getAttribute("data-camera-on");
          look();
        })
        .catch(function () { status.textContent = texts.getAttribute("data-camera-denied"); });
    });
  }
})();
