import { useEffect, useRef, useState } from 'react';
import { useAppStore, useT } from '../../store/store-context.js';

type PhotoState =
  | { status: 'loading' }
  | { status: 'image'; src: string }
  | { status: 'external'; url: string }
  | { status: 'failed'; unavailable: boolean };

function bytesOf(base64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/**
 * A report's photo, always through the host: the server's own photos come from the
 * host's cache (so they stay through an outage) and are shown from an object URL; a
 * URL the citizen supplied is shown as text only, never loaded (it could point anywhere).
 * A photo that could not be had is retried when the connection comes back.
 */
export function ReportPhoto({ url, alt }: { url: string; alt: string }) {
  const t = useT();
  const loadReportPhoto = useAppStore((s) => s.loadReportPhoto);
  const online = useAppStore((s) => s.sync?.connection === 'online');
  const [state, setState] = useState<PhotoState>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const failed = state.status === 'failed';
  const wasOnline = useRef(online);

  useEffect(() => {
    const cameOnline = online && !wasOnline.current;
    wasOnline.current = online;
    if (cameOnline && failed) setAttempt((n) => n + 1);
  }, [online, failed]);

  useEffect(() => {
    let cancelled = false;
    let objectUrl: string | null = null;
    void loadReportPhoto(url).then((result) => {
      if (cancelled) return;
      if (!result.ok) {
        setState({ status: 'failed', unavailable: result.code === 'unavailable' || result.code === 'offline' });
      } else if (result.value.kind === 'external') {
        setState({ status: 'external', url: result.value.url });
      } else {
        objectUrl = URL.createObjectURL(new Blob([bytesOf(result.value.base64)], { type: result.value.contentType }));
        setState({ status: 'image', src: objectUrl });
      }
    });
    return () => {
      cancelled = true;
      if (objectUrl !== null) URL.revokeObjectURL(objectUrl);
    };
  }, [url, attempt, loadReportPhoto]);

  switch (state.status) {
    case 'loading':
      return (
        <span className="photo-loading muted small" data-testid="report-photo-loading">
          {t('reports.detail.photoLoading')}
        </span>
      );
    case 'image':
      return <img data-testid="report-photo" src={state.src} alt={alt} />;
    case 'external':
      return (
        <span className="photo-external small" data-testid="report-photo-external" style={{ overflowWrap: 'anywhere' }}>
          <span className="muted">{t('reports.detail.photoExternal')}</span> <span className="mono">{state.url}</span>
        </span>
      );
    case 'failed':
      return (
        <span className="photo-missing muted small" data-testid="report-photo-unavailable">
          {t(state.unavailable ? 'reports.detail.photoUnavailable' : 'reports.detail.photoRefused')}
        </span>
      );
  }
}
