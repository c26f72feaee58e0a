/* global Hls, location, document */
// The reference the wall is measured against: N <video> elements, one hls.js player
// each, on the same sub streams, with nothing else on the page. ?n=<tiles>&urls=<json>
(function () {
  const params = new URLSearchParams(location.search);
  const urls = JSON.parse(params.get('urls') || '[]');
  const n = urls.length;
  const side = Math.ceil(Math.sqrt(n));
  const grid = document.getElementById('grid');
  grid.style.gridTemplateColumns = `repeat(${side}, 1fr)`;
  grid.style.gridTemplateRows = `repeat(${side}, 1fr)`;
  for (const url of urls) {
    const video = document.createElement('video');
    video.muted = true;
    video.autoplay = true;
    video.playsInline = true;
    grid.appendChild(video);
    // The same player settings a wall tile uses for a live sub stream.
    const hls = new Hls({ lowLatencyMode: false, liveSyncDurationCount: 3, enableWorker: true, capLevelToPlayerSize: true });
    hls.loadSource(url);
    hls.attachMedia(video);
    hls.on(Hls.Events.MANIFEST_PARSED, () => void video.play().catch(() => {}));
  }
})();
