/**
 * A workstation host in its own process, for crash tests: logs in and syncs
 * until killed. Usage: tsx tests/support/host-child.ts <dataDir> <serverUrl> <username> <password>
 */
import { createWorkstationHost } from '../../src-main/host/workstation-host.js';
import { TEST_HOST_OPTIONS } from './host-harness.js';

const [dataDir, serverUrl, username, password] = process.argv.slice(2);
if (!dataDir || !serverUrl || !username || !password) {
  console.error('usage: host-child <dataDir> <serverUrl> <username> <password>');
  process.exit(2);
}
const host = await createWorkstationHost({ ...TEST_HOST_OPTIONS, dataDir, serverUrl, workstationId: 'crash-child', shell: 'kiosk' });
const login = await host.handlers.session.login({ username, password });
if (!login.ok) {
  console.error(`login failed: ${login.code} ${login.message}`);
  process.exit(1);
}
console.log('logged-in');
process.on('SIGTERM', () => void host.close().then(() => process.exit(0)));
