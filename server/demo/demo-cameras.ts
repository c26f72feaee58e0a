import fs from 'node:fs/promises';
import path from 'node:path';
import type { CameraInput } from '../../src-shared/model/camera.js';
import { buildEncoderArgs, liveStartNumber, MAIN_VARIANT, playlistName, SUB_VARIANT, type StreamVariant, type TextOverlay } from '../streams/encoder-args.js';
import { EncoderSupervisor } from '../streams/encoder-supervisor.js';
import { findFontFile, probeFfmpeg } from '../streams/ffmpeg-tools.js';
import { DEFAULT_LIVE_LIST_SIZE, liveWindow, loopIndexOf, renderLiveWindowPlaylist } from '../streams/live-window-playlist.js';
import { ReplayLoopEncoder, type ReplayLoop } from '../streams/replay-loops.js';
import { PLAYLIST_CONTENT_TYPE, startStreamServer, type StreamRoute, type StreamServer } from '../streams/stream-server.js';
import { testPictureFor } from '../streams/test-pictures.js';
import { DEMO_CAMERA_CATALOG, type DemoCameraEntry } from './demo-camera-catalog.js';

/**
 * Real HLS for the demo cameras, served over several local origins:
 *
 * - `live`: one supervised ffmpeg per camera renders a distinct test picture with
 *   the camera's name and a running clock, as a sub stream (640×360, grid tiles)
 *   and optionally a main stream (1280×720, focused tile) from the same process.
 * - `replay`: each camera's loop is encoded once (cached under the data folder)
 *   and served as a live window computed from the clock, so nothing encodes
 *   while it runs (CI, benchmarks).
 *
 * Without a usable ffmpeg nothing throws: the cameras are still returned, with
 * URLs that answer 404, so the wall and the health checker show them offline.
 */
export type DemoCameraMode = 'live' | 'replay';

export interface DemoCamerasOptions {
  /** Segments go to `<dataDir>/streams/<cameraId>/`, replay loops to `<dataDir>/replay-cache/`. */
  dataDir: string;
  /** How many catalogue cameras (from `cam-01`); default 9, at most the catalogue's size. */
  count?: number;
  mode: DemoCameraMode;
  /** Default `ffmpeg` (found on PATH). */
  ffmpegPath?: string;
  /** Listening ports of the stream server (origins); default max(4, ⌈count / 3⌉). */
  streamPorts?: number;
  /** Also encode a 1280×720 main stream; default true. Without it mainUrl is the sub stream. */
  mainStream?: boolean;
  /** Listening address of the stream server; default 127.0.0.1. */
  host?: string;
  /** Host name in the camera URLs when workstations reach this machine by another name (a LAN wall); default `host`. */
  publicHost?: string;
  /** HLS segment length; default 2 s. */
  segmentSeconds?: number;
  /** Replay loop length; default 12 s (rounded to whole segments). */
  loopSeconds?: number;
  /**
   * Font for the burnt-in name and clock; default: the first that exists of
   * FONT_CANDIDATES (DejaVu, Liberation, Noto). null: no text.
   */
  fontFile?: string | null;
  /** Where supervisor events go (an encoder that died, a failed encode); default nowhere. */
  log?: (message: string) => void;
}

export interface DemoCameras {
  /** False when the streams cannot play (no ffmpeg, an encode failed); `reason` says why in one sentence. */
  available: boolean;
  reason: string | null;
  /** Things that work but less well than they could (no font: no name or clock burnt in). */
  warnings: string[];
  /** Registry entries, URLs pointing at the stream server, spread over its origins. */
  cameras: CameraInput[];
  origins: string[];
  /** Takes the camera offline now: its playlist answers 404 at once (live: its encoder stops). */
  kill(cameraId: string): void;
  /** Brings a killed (or failed) camera back. */
  restart(cameraId: string): Promise<void>;
  running(cameraId: string): boolean;
  /** Stops every encoder and the stream server. */
  close(): Promise<void>;
}

export const DEFAULT_DEMO_CAMERA_COUNT = 9;
const FPS = 25;

interface CameraSlot {
  entry: DemoCameraEntry;
  index: number;
  supervisor: EncoderSupervisor | null;
  /** A kill in progress; restart() waits for it. */
  stopping: Promise<void> | null;
  loop: ReplayLoop | null;
}

/** Drawtext expands `%{…}` and `\x`; a camera name is shown as written. */
function drawtextLiteral(text: string): string {
  return text.replace(/[\\%]/g, (c) => `\\${c}`);
}

export async function startDemoCameras(options: DemoCamerasOptions): Promise<DemoCameras> {
  const dataDir = path.resolve(options.dataDir);
  const streamsDir = path.join(dataDir, 'streams');
  const mode = options.mode;
  const segmentSeconds = options.segmentSeconds ?? 2;
  const mainStream = options.mainStream ?? true;
  const variants: StreamVariant[] = mainStream ? [MAIN_VARIANT, SUB_VARIANT] : [SUB_VARIANT];
  const log = options.log ?? (() => undefined);
  const warnings: string[] = [];

  const wanted = Math.max(0, Math.floor(options.count ?? DEFAULT_DEMO_CAMERA_COUNT));
  if (wanted > DEMO_CAMERA_CATALOG.length) {
    warnings.push(`Only ${DEMO_CAMERA_CATALOG.length} demo cameras exist; ${wanted} were asked for.`);
  }
  const slots = new Map<string, CameraSlot>();
  DEMO_CAMERA_CATALOG.slice(0, wanted).forEach((entry, index) => {
    slots.set(entry.id, { entry, index, supervisor: null, stopping: null, loop: null });
  });
  /**
   * Replay: the media sequence counts from the Unix epoch (it never goes back, even
   * across restarts) but discontinuities from now, which keeps hls.js fast (see liveWindow).
   */
  const servingSinceMs = Date.now();
  /** Cameras taken offline with kill(): every request for them answers 404 at once. */
  const offline = new Set<string>();

  await fs.mkdir(streamsDir, { recursive: true });
  // Playlists left by an earlier run that died would otherwise be served as if the cameras were live.
  await Promise.all([...slots.keys()].map((id) => fs.rm(path.join(streamsDir, id), { recursive: true, force: true })));

  const resolve = (relPath: string): StreamRoute | undefined => {
    const [cameraId, file, ...rest] = relPath.split('/');
    const slot = cameraId === undefined ? undefined : slots.get(cameraId);
    if (!slot || file === undefined || rest.length > 0) return { kind: 'not-found' };
    if (offline.has(slot.entry.id)) return { kind: 'not-found' };
    if (mode === 'live') return undefined; // the encoder's own files
    return replayRoute(slot, file);
  };

  const replayRoute = (slot: CameraSlot, file: string): StreamRoute => {
    const loop = slot.loop;
    if (!loop) return { kind: 'not-found' };
    const match = /^(main|sub)(?:\.m3u8|-(\d{1,15})\.ts)$/.exec(file);
    const segments = match ? loop.variants.get(match[1]!) : undefined;
    if (!match || !segments) return { kind: 'not-found' };
    const phase = slot.index % segments.length;
    if (match[2] === undefined) {
      const window = liveWindow({
        durationsS: segments.map((s) => s.durationS),
        nowMs: Date.now(),
        listSize: DEFAULT_LIVE_LIST_SIZE,
        phase,
        discontinuityOriginMs: servingSinceMs,
      });
      return { kind: 'text', body: renderLiveWindowPlaylist(window, (k) => `${match[1]}-${k}.ts`), contentType: PLAYLIST_CONTENT_TYPE };
    }
    const segment = segments[loopIndexOf(Number(match[2]), segments.length, phase)]!;
    return { kind: 'file', filePath: path.join(loop.dir, segment.uri) };
  };

  const server: StreamServer = await startStreamServer({
    rootDir: streamsDir,
    // hls.js may hold two requests per player (playlist reload + segment) and Chromium opens
    // six connections per origin: at most three cameras per origin, so no tile waits for a socket.
    ports: options.streamPorts ?? Math.max(4, Math.ceil(wanted / 3)),
    host: options.host,
    publicHost: options.publicHost,
    resolve,
  });

  const cameras: CameraInput[] = [...slots.values()].map(({ entry, index }) => {
    const base = `${server.originFor(index)}/${encodeURIComponent(entry.id)}`;
    return {
      id: entry.id,
      name: entry.name,
      kind: entry.kind,
      location: { lat: entry.lat, lon: entry.lon, district: entry.district, address: entry.address },
      groups: [...entry.groups],
      area: entry.area,
      mainUrl: `${base}/${playlistName(mainStream ? 'main' : 'sub')}`,
      subUrl: `${base}/${playlistName('sub')}`,
      snapshotUrl: null,
      enabled: true,
    };
  });

  let available = true;
  let reason: string | null = null;
  let replayEncoder: ReplayLoopEncoder | null = null;
  try {
    const ffmpegPath = options.ffmpegPath ?? 'ffmpeg';
    const probe = await probeFfmpeg(ffmpegPath);
    let fontFile: string | null = null;
    if (probe.ok && options.fontFile !== null) {
      fontFile = options.fontFile === undefined ? findFontFile() : findFontFile([options.fontFile]);
      if (!probe.hasDrawtext) {
        warnings.push(`ffmpeg at "${ffmpegPath}" has no drawtext filter, so the demo pictures carry no camera name or clock.`);
        fontFile = null;
      } else if (fontFile === null) {
        warnings.push(
          options.fontFile === undefined
            ? 'No font file was found (looked for DejaVu, Liberation and Noto Sans), so the demo pictures carry no camera name or clock.'
            : `The font file "${options.fontFile}" does not exist, so the demo pictures carry no camera name or clock.`,
        );
      }
    }
    const overlayFor = (entry: DemoCameraEntry, clock: string): { overlay: TextOverlay | null; files: Record<string, string> } =>
      fontFile === null
        ? { overlay: null, files: {} }
        : {
            overlay: { fontFile, titleFile: 'title.txt', clockFile: 'clock.txt' },
            files: { 'title.txt': drawtextLiteral(entry.name), 'clock.txt': `${drawtextLiteral(entry.id)}   ${clock}` },
          };

    if (mode === 'live') {
      if (!probe.ok) {
        available = false;
        reason = probe.reason;
      } else {
        const overlaysDir = path.join(dataDir, 'overlays');
        for (const slot of slots.values()) {
          const id = slot.entry.id;
          const outDir = path.join(streamsDir, id);
          const workDir = path.join(overlaysDir, id);
          const { overlay, files } = overlayFor(slot.entry, '%{localtime}');
          const picture = testPictureFor(slot.index, probe.filters);
          slot.supervisor = new EncoderSupervisor({
            name: id,
            command: probe.path,
            cwd: workDir,
            args: () =>
              buildEncoderArgs({
                picture,
                variants,
                fps: FPS,
                segmentSeconds,
                outDir,
                overlay,
                // Numbering and timestamps from the clock: a restarted encoder continues above its
                // predecessor on the same timeline, so players never see the media sequence go back.
                output: { kind: 'live', startNumber: liveStartNumber(Date.now(), segmentSeconds), listSize: DEFAULT_LIVE_LIST_SIZE },
              }),
            prepare: async () => {
              await fs.mkdir(outDir, { recursive: true });
              await fs.mkdir(workDir, { recursive: true });
              for (const [name, content] of Object.entries(files)) await fs.writeFile(path.join(workDir, name), content, 'utf8');
            },
            // Gone means gone: no stale playlist may keep a dead camera looking alive.
            cleanup: () => fs.rm(outDir, { recursive: true, force: true }),
            isStalled: async (runningForMs) => {
              const limitMs = Math.max(15_000, 6 * segmentSeconds * 1000);
              try {
                const stat = await fs.stat(path.join(outDir, playlistName('sub')));
                return Date.now() - stat.mtimeMs > limitMs;
              } catch {
                return runningForMs > limitMs + 5000;
              }
            },
            log,
          });
        }
        await Promise.all([...slots.values()].map((slot) => slot.supervisor!.start()));
      }
    } else {
      replayEncoder = new ReplayLoopEncoder(probe.ok ? probe.path : null, path.join(dataDir, 'replay-cache'));
      await fs.mkdir(path.join(dataDir, 'replay-cache'), { recursive: true });
      await replayEncoder.removeStaleWork();
      const loopSegments = Math.max(1, Math.round((options.loopSeconds ?? 12) / segmentSeconds));
      const failures: string[] = [];
      const queue = [...slots.values()];
      // Two encodes at a time: the first run on a 2-core machine should not starve everything else.
      const workers = Array.from({ length: 2 }, async () => {
        for (let slot = queue.shift(); slot; slot = queue.shift()) {
          const picture = testPictureFor(slot.index, probe.ok ? probe.filters : undefined);
          const { overlay, files } = overlayFor(slot.entry, 'PHÁT LẠI %{pts:hms}');
          try {
            slot.loop = await replayEncoder!.ensure({
              name: slot.entry.id,
              variantNames: variants.map((v) => v.name),
              files,
              buildArgs: (outDir) =>
                buildEncoderArgs({ picture, variants, fps: FPS, segmentSeconds, outDir, overlay, output: { kind: 'loop', seconds: loopSegments * segmentSeconds } }),
            });
          } catch (error) {
            failures.push(`${slot.entry.id}: ${(error as Error).message}`);
            log(`replay loop of ${slot.entry.id} not available: ${(error as Error).message}`);
          }
        }
      });
      await Promise.all(workers);
      if (failures.length > 0) {
        available = false;
        reason = probe.ok
          ? `The replay loops of ${failures.length} demo camera(s) could not be encoded (${failures[0]}), so those cameras show as offline.`
          : probe.reason;
      } else if (!probe.ok) {
        warnings.push(`${probe.reason.replace(/, so .*$/, '')}; the cached replay loops are served.`);
      }
    }
  } catch (error) {
    // A half-started set (an unwritable folder, say) must not leave encoders or listening ports behind.
    replayEncoder?.close();
    await Promise.all([...slots.values()].map((slot) => slot.supervisor?.close()));
    await server.close();
    throw error;
  }

  const slotOf = (cameraId: string): CameraSlot => {
    const slot = slots.get(cameraId);
    if (!slot) throw new RangeError(`no demo camera "${cameraId}"`);
    return slot;
  };

  let closing: Promise<void> | null = null;
  return {
    available,
    reason,
    warnings,
    cameras,
    origins: [...server.origins],
    kill(cameraId) {
      const slot = slotOf(cameraId);
      offline.add(cameraId);
      if (slot.supervisor) {
        const stopping = slot.supervisor.stop().finally(() => {
          if (slot.stopping === stopping) slot.stopping = null;
        });
        slot.stopping = stopping;
      }
    },
    async restart(cameraId) {
      const slot = slotOf(cameraId);
      if (closing) return;
      await slot.stopping;
      offline.delete(cameraId);
      await slot.supervisor?.start();
    },
    running(cameraId) {
      const slot = slotOf(cameraId);
      if (offline.has(cameraId) || closing) return false;
      return mode === 'live' ? (slot.supervisor?.running() ?? false) : slot.loop !== null;
    },
    close() {
      closing ??= (async () => {
        replayEncoder?.close();
        await Promise.all([...slots.values()].map((slot) => slot.supervisor?.close()));
        await server.close();
      })();
      return closing;
    },
  };
}
