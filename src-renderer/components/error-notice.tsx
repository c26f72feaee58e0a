import type { Failure } from '../../src-shared/result.js';
import { hasMessage } from '../i18n/i18n.js';
import { useT } from '../store/store-context.js';

/** A Failure in words: its code, what the code means in the chosen language, and what the host said. */
export function ErrorNotice({ failure, testId, onDismiss }: { failure: Failure; testId?: string; onDismiss?: () => void }) {
  const t = useT();
  const codeKey = `error.${failure.code}`;
  return (
    <div className="error-notice" role="alert" data-testid={testId} data-code={failure.code}>
      <div className="error-head">
        <strong>{t('error.title', { code: failure.code })}</strong>
        {' — '}
        <span>{hasMessage(codeKey) ? t(codeKey) : failure.code}</span>
        {onDismiss && (
          <button type="button" className="link-button" onClick={onDismiss} aria-label={t('error.dismiss')}>
            ×
          </button>
        )}
      </div>
      {failure.message && <div className="error-message">{t('error.hostSaid', { message: failure.message })}</div>}
    </div>
  );
}
