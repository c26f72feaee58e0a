import { useState } from 'react';
import type { BasemapKind } from '../../../src-shared/model/map.js';
import type { Failure } from '../../../src-shared/result.js';
import { ErrorNotice } from '../../components/error-notice.js';
import { useAppStore, useT } from '../../store/store-context.js';

/**
 * Points this workstation at a local tile file instead of the region basemap
 * (supervisors and admins; the host checks the file and refuses anything else).
 */
export function BasemapPicker() {
  const t = useT();
  const basemap = useAppStore((s) => s.basemap);
  const role = useAppStore((s) => s.session?.user.role ?? 'operator');
  const setBasemap = useAppStore((s) => s.setBasemap);
  const [kind, setKind] = useState<BasemapKind>(basemap?.kind ?? 'region');
  const [path, setPath] = useState(basemap?.path ?? '');
  const [error, setError] = useState<Failure | null>(null);
  const [busy, setBusy] = useState(false);
  if (role === 'operator') return null;

  async function apply() {
    setBusy(true);
    const result = await setBasemap(kind === 'region' ? { kind } : { kind, path: path.trim() });
    setBusy(false);
    setError(result.ok ? null : result);
  }

  return (
    <details className="basemap-picker" data-testid="basemap-picker">
      <summary>{t('map.basemap.title')}</summary>
      <div className="basemap-form">
        <select data-testid="basemap-kind" aria-label={t('map.basemap.kind')} value={kind} onChange={(e) => setKind(e.target.value as BasemapKind)}>
          <option value="region">{t('map.basemap.region')}</option>
          <option value="pmtiles">PMTiles</option>
          <option value="mbtiles">MBTiles</option>
        </select>
        {kind !== 'region' && (
          <input data-testid="basemap-path" aria-label={t('map.basemap.path')} placeholder={t('map.basemap.pathPlaceholder')} value={path} onChange={(e) => setPath(e.target.value)} />
        )}
        <button type="button" data-testid="basemap-apply" disabled={busy || (kind !== 'region' && path.trim() === '')} onClick={() => void apply()}>
          {t('map.basemap.apply')}
        </button>
      </div>
      {error && <ErrorNotice failure={error} testId="basemap-error" onDismiss={() => setError(null)} />}
    </details>
  );
}
