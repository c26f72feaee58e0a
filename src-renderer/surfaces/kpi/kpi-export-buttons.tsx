import type { KpiPdfSubject } from '../../../src-shared/desktop-api.js';
import { useAppStore, useT } from '../../store/store-context.js';
import { downloadCsv, downloadPdf } from './kpi-download.js';
import { sameFigure } from './kpi-model.js';

/**
 * CSV and PDF of a figure's dossiers, or the PDF of the whole board. The host makes the
 * file (online from the server, offline from its cache when it can) and the window offers
 * it as a download; what happened is said beside the buttons.
 */
export function KpiExportButtons({ subject, testIdPrefix }: { subject: KpiPdfSubject; testIdPrefix: string }) {
  const t = useT();
  const exportCsv = useAppStore((s) => s.exportKpiCsv);
  const exportPdf = useAppStore((s) => s.exportKpiPdf);
  const exporting = useAppStore((s) => s.kpiExport);
  const busy = exporting?.status === 'working';
  // One export at a time; its outcome is shown beside the buttons that asked for it.
  const state = exporting && (subject === 'board' ? exporting.subject === 'board' : exporting.subject !== 'board' && sameFigure(exporting.subject, subject)) ? exporting : null;
  return (
    <span className="kpi-exports">
      {subject !== 'board' && (
        <button
          type="button"
          data-testid={`${testIdPrefix}-csv`}
          disabled={busy}
          onClick={async () => {
            const result = await exportCsv(subject);
            if (result.ok) downloadCsv(result.value.filename, result.value.text);
          }}
        >
          {t('kpi.export.csv')}
        </button>
      )}
      <button
        type="button"
        data-testid={`${testIdPrefix}-pdf`}
        disabled={busy}
        onClick={async () => {
          const result = await exportPdf(subject);
          if (result.ok) downloadPdf(result.value.filename, result.value.base64);
        }}
      >
        {subject === 'board' ? t('kpi.export.boardPdf') : t('kpi.export.pdf')}
      </button>
      {state && (
        <span className={`kpi-export-status status-${state.status}`} data-testid="kpi-export-status" data-status={state.status} role="status">
          {state.status === 'working'
            ? t('kpi.export.working')
            : state.status === 'done'
              ? t('kpi.export.done', { filename: state.filename })
              : t('kpi.export.failed', { message: state.failure.message })}
        </span>
      )}
    </span>
  );
}
