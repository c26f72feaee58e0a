import { useState, type FormEvent } from 'react';
import { ErrorNotice } from '../components/error-notice.js';
import { useAppStore, useT } from '../store/store-context.js';

export function LoginScreen() {
  const t = useT();
  const login = useAppStore((s) => s.login);
  const pending = useAppStore((s) => s.loginPending);
  const error = useAppStore((s) => s.loginError);
  const authRequired = useAppStore((s) => s.sync?.authRequired ?? false);
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!username.trim() || !password) return;
    void login({ username: username.trim(), password }).then((ok) => {
      if (ok) setPassword('');
    });
  }

  return (
    <main className="login-screen">
      <form className="login-card" onSubmit={submit} aria-labelledby="login-title">
        <h1 id="login-title">{t('login.title')}</h1>
        <p className="muted">{t('app.subtitle')}</p>
        {authRequired && <p className="warning-text">{t('login.authRequired')}</p>}
        <label>
          <span>{t('login.username')}</span>
          <input
            data-testid="login-username"
            name="username"
            autoComplete="username"
            autoFocus
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            maxLength={64}
            required
          />
        </label>
        <label>
          <span>{t('login.password')}</span>
          <input
            data-testid="login-password"
            name="password"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            maxLength={256}
            required
          />
        </label>
        <button data-testid="login-submit" type="submit" className="primary" disabled={pending}>
          {pending ? t('login.pending') : t('login.submit')}
        </button>
        {error && <ErrorNotice failure={error} testId="login-error" />}
      </form>
    </main>
  );
}
