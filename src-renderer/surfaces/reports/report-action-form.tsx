import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { ReportView } from '../../../src-shared/desktop-api.js';
import { MAX_NOTE_LENGTH, type ReportAction } from '../../../src-shared/model/field-report.js';
import { useAppStore, useT } from '../../store/store-context.js';
import { buildActInputs, initialForm, type ActionForm } from './report-desk-model.js';

export interface ReportActionFormProps {
  action: ReportAction;
  reports: readonly ReportView[];
  onDone(): void;
  onCancel(): void;
}

/**
 * The one form behind every step, for one report or a bulk selection: it asks only
 * for what the step needs, and the host queues all of a bulk or none (its error shows here).
 */
export function ReportActionForm({ action, reports, onDone, onCancel }: ReportActionFormProps) {
  const t = useT();
  const services = useAppStore((s) => s.reportServices);
  const departments = useAppStore((s) => s.reportDepartments);
  const rules = useAppStore((s) => s.reportRules);
  const actOnReports = useAppStore((s) => s.actOnReports);
  const [form, setForm] = useState<ActionForm>(() => initialForm(action, reports, rules));
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const firstField = useRef<HTMLElement | null>(null);
  const ids = reports.map((r) => r.id);

  useEffect(() => {
    firstField.current?.focus();
  }, []);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const check = buildActInputs(action, ids, form);
    if (!check.ok) {
      setProblem(t(check.messageKey));
      return;
    }
    setBusy(true);
    const result = await actOnReports(check.inputs);
    setBusy(false);
    if (result.ok) onDone();
    else setProblem(result.message);
  }

  const set = (patch: Partial<ActionForm>) => {
    setForm((f) => ({ ...f, ...patch }));
    setProblem(null);
  };
  const textLabel =
    action === 'resolve' ? 'reports.form.publicNote' : action === 'reject' ? 'reports.form.reason' : action === 'start' ? 'reports.form.startNote' : 'reports.form.text';

  return (
    <form
      className="report-action-form"
      data-testid="report-action-form"
      data-action={action}
      onSubmit={(e) => void submit(e)}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.stopPropagation();
          onCancel();
        }
      }}
    >
      <h3>
        {t(`reports.action.${action}`)}
        {reports.length > 1 && <span className="muted"> — {t('reports.bulk.count', { count: reports.length })}</span>}
      </h3>
      {action === 'classify' && (
        <label>
          {t('reports.form.service')}
          <select name="serviceCode" ref={(el) => void (firstField.current = el)} value={form.serviceCode} onChange={(e) => set({ serviceCode: e.target.value })}>
            <option value="">{t('reports.form.choose')}</option>
            {services.map((s) => (
              <option key={s.code} value={s.code}>
                {s.group} — {s.name}
              </option>
            ))}
          </select>
        </label>
      )}
      {action === 'forward' && (
        <label>
          {t('reports.form.department')}
          <select name="departmentId" ref={(el) => void (firstField.current = el)} value={form.departmentId} onChange={(e) => set({ departmentId: e.target.value })}>
            <option value="">{t('reports.form.choose')}</option>
            {departments
              .filter((d) => d.active)
              .map((d) => (
                <option key={d.id} value={d.id}>
                  {d.name}
                </option>
              ))}
          </select>
        </label>
      )}
      {action === 'merge' && (
        <label>
          {t('reports.form.intoReport')}
          <input
            name="intoReportId"
            ref={(el) => void (firstField.current = el)}
            value={form.intoReportId}
            maxLength={64}
            placeholder="PA-20261128-0001"
            onChange={(e) => set({ intoReportId: e.target.value })}
          />
        </label>
      )}
      {(action === 'start' || action === 'note' || action === 'resolve' || action === 'reject') && (
        <label>
          {t(textLabel)}
          <textarea
            name="text"
            ref={(el) => void (firstField.current = el)}
            rows={3}
            maxLength={MAX_NOTE_LENGTH}
            value={form.text}
            onChange={(e) => set({ text: e.target.value })}
          />
        </label>
      )}
      {action === 'note' && (
        <label>
          {t('reports.form.visibility')}
          <select name="visibility" value={form.visibility} onChange={(e) => set({ visibility: e.target.value === 'public' ? 'public' : 'internal' })}>
            <option value="internal">{t('reports.visibility.internal')}</option>
            <option value="public">{t('reports.visibility.public')}</option>
          </select>
        </label>
      )}
      {(action === 'resolve' || action === 'reject' || (action === 'note' && form.visibility === 'public')) && (
        <p className="muted small">{t('reports.form.publicHint')}</p>
      )}
      {problem && (
        <p className="form-problem" role="alert" data-testid="report-form-problem">
          {problem}
        </p>
      )}
      <div className="form-buttons">
        <button type="submit" className="primary" data-testid="report-action-submit" disabled={busy}>
          {t(`reports.action.${action}`)}
        </button>
        <button type="button" onClick={onCancel}>
          {t('reports.form.cancel')}
        </button>
      </div>
    </form>
  );
}
