// The door scanner: reads QR codes from the camera in the page (vendored jsQR, nothing from a CDN) and hands each new
// code to the Blazor page, which checks it in on the server. A code is handed on again only after it has left the
// frame, so a ticket held in front of the camera is one scan (green), not a stream of repeats (red).

let running = null;

function loadDecoder() {
  if (window.jsQR) return Promise.resolve(window.jsQR);
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = '/lib/jsqr/jsQR.js';
    script.onload = () => resolve(window.jsQR);
    script.onerror = () => reject(new Error('The QR decoder could not be loaded.'));
    document.head.appendChild(script);
  });
}

export async function start(video, page) {
  stop();
  const decode = await loadDecoder();
  if (!navigator.mediaDevices?.getUserMedia) throw new Error('This browser gives the page no camera.');
  const stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false });
  video.srcObject = stream;
  video.setAttribute('playsinline', '');
  await video.play();
  const canvas = document.createElement('canvas');
  const context = canvas.getContext('2d', { willReadFrequently: true });
  const state = { stream, stopped: false, last: '', seenAt: 0 };
  running = state;
  const tick = async () => {
    if (state.stopped) return;
    if (video.readyState >= video.HAVE_CURRENT_DATA && video.videoWidth > 0) {
      canvas.width = video.videoWidth;
      canvas.height = video.videoHeight;
      context.drawImage(video, 0, 0, canvas.width, canvas.height);
      const image = context.getImageData(0, 0, canvas.width, canvas.height);
      const found = decode(image.data, image.width, image.height, { inversionAttempts: 'dontInvert' });
      const now = Date.now();
      if (found?.data) {
        state.seenAt = now;
        if (found.data !== state.last) {
          state.last = found.data;
          try { await page.invokeMethodAsync('Scanned', found.data); } catch { /* the page went away */ }
        }
      } else if (now - state.seenAt > 1500) {
        state.last = ''; // the code left the frame: showing it again is a new scan
      }
    }
    setTimeout(tick, 150);
  };
  tick();
}

export function stop() {
  if (!running) return;
  running.stopped = true;
  running.stream.getTracks().forEach(t => t.stop());
  running = null;
}

// A short tone: high for admitted, low for refused, so the door hears the answer without looking.
export function beep(admitted) {
  try {
    const audio = new (window.AudioContext || window.webkitAudioContext)();
    const tone = audio.createOscillator();
    const gain = audio.createGain();
    tone.frequency.value = admitted ? 880 : 220;
    gain.gain.value = 0.15;
    tone.connect(gain).connect(audio.destination);
    tone.start();
    tone.stop(audio.currentTime + (admitted ? 0.15 : 0.4));
    tone.onended = () => audio.close();
  } catch { /* no audio: the colour still says it */ }
}
