import { KpiPdfSubjectSchema, type KpiApi, type KpiPdfSubject } from '../../../src-shared/desktop-api.js';
import { KpiFigureRefSchema, type KpiFigureRef } from '../../../src-shared/model/kpi.js';
import { fail, failureFromUnknown, ok, type Result } from '../../../src-shared/result.js';
import type { HostContext } from '../host-context.js';
import { firstIssue } from './handler-guards.js';

/**
 * The KPI board for windows. Every signed-in role may read the board, drill into a figure
 * and export (the server still judges its own routes: a refusal is passed on as it came).
 * Arguments are checked here too, since host-side callers (tests, tools) skip the bridges.
 */
export function createKpiApi(ctx: HostContext): KpiApi {
  async function run<T>(fn: () => Promise<Result<T>>): Promise<Result<T>> {
    try {
      if (!ctx.session) return fail('unauthorized', 'Log in first');
      return await fn();
    } catch (error) {
      return failureFromUnknown(error);
    }
  }

  const figure = (ref: KpiFigureRef): Result<KpiFigureRef> => {
    const parsed = KpiFigureRefSchema.safeParse(ref);
    return parsed.success ? ok(parsed.data) : fail('bad-request', firstIssue(parsed.error, 'figure'));
  };

  return {
    board: () => run(async () => ok(await ctx.kpi.board())),

    drill: (ref: KpiFigureRef) =>
      run(async () => {
        const checked = figure(ref);
        return checked.ok ? ctx.kpi.drill(checked.value) : checked;
      }),

    exportCsv: (ref: KpiFigureRef) =>
      run(async () => {
        const checked = figure(ref);
        return checked.ok ? ctx.kpi.exportCsv(checked.value) : checked;
      }),

    exportPdf: (subject: KpiPdfSubject) =>
      run(async () => {
        const parsed = KpiPdfSubjectSchema.safeParse(subject);
        if (!parsed.success) return fail('bad-request', firstIssue(parsed.error, 'subject'));
        return ctx.kpi.exportPdf(parsed.data);
      }),
  };
}
