import type { AlertSeverity } from '../../../src-shared/model/alert.js';
import { useT } from '../../store/store-context.js';

/** Colour plus a word, never colour alone. */
export function SeverityChip({ severity }: { severity: AlertSeverity }) {
  const t = useT();
  return (
    <span className={`severity-chip sev-${severity}`} data-severity={severity}>
      {t(`severity.${severity}`)}
    </span>
  );
}
