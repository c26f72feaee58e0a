// A separate process running live demo cameras, so a test can kill it the hard way
// and check that its encoders do not outlive it. Usage: hls-demo-child.ts <dataDir>
import { startDemoCameras } from '../../server/demo/demo-cameras.js';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: hls-demo-child.ts <dataDir>');
const demo = await startDemoCameras({ dataDir, count: 2, mode: 'live', mainStream: false, streamPorts: 1 });
// Deliberately no SIGTERM/SIGINT handler and no close(): the point is what happens when nobody cleans up.
console.log(`READY ${demo.available} ${demo.cameras.map((c) => c.subUrl).join(' ')}`);
setInterval(() => undefined, 60_000);
