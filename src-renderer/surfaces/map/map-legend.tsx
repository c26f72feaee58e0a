import { hasMessage, type MessageKey } from '../../i18n/i18n.js';
import { useT } from '../../store/store-context.js';
import { rgbaCss } from './map-colors.js';
import type { PointLayerSpec } from './map-layer-spec.js';

/** What the colours and icons of the visible layers mean. */
export function MapLegend({ layers }: { layers: readonly { spec: PointLayerSpec; titleKey: MessageKey }[] }) {
  const t = useT();
  if (layers.length === 0) return null;
  return (
    <aside className="map-legend" data-testid="map-legend" aria-label={t('map.legend.title')}>
      {layers.map(({ spec, titleKey }) => (
        <section key={spec.id}>
          <h3>{t(titleKey)}</h3>
          <ul>
            {spec.legend.map((entry) => (
              <li key={entry.labelKey + (entry.icon ?? '')}>
                <span
                  className={`legend-swatch${entry.icon ? ` legend-icon legend-${entry.icon}` : ''}`}
                  style={entry.icon ? undefined : { background: rgbaCss(entry.color) }}
                  aria-hidden="true"
                />
                {hasMessage(entry.labelKey) ? t(entry.labelKey) : entry.labelKey}
              </li>
            ))}
          </ul>
        </section>
      ))}
    </aside>
  );
}
