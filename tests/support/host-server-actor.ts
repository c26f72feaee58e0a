import { io, type Socket } from 'socket.io-client';
import type { AlertAction } from '../../src-shared/model/alert.js';
import type { CommandAck, LoginReply } from '../../src-shared/protocol/sync-protocol.js';
import { ulid } from '../../src-shared/ulid.js';

/**
 * Another operator acting on the server directly (no host, no proxy): how tests
 * make the server refuse a command a workstation queued while offline.
 */
export class ServerActor {
  private socket: Socket | null = null;
  private url = '';

  constructor(
    private readonly username: string,
    private readonly password: string,
  ) {}

  private async connect(url: string): Promise<Socket> {
    if (this.socket?.connected && this.url === url) return this.socket;
    this.socket?.disconnect();
    const response = await fetch(new URL('/api/login', url), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: this.username, password: this.password }),
    });
    const reply = (await response.json()) as LoginReply;
    const socket = io(url, { path: '/sync', auth: { token: reply.token }, transports: ['websocket'], reconnection: false, forceNew: true });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    this.socket = socket;
    this.url = url;
    return socket;
  }

  async act(url: string, alertId: string, action: AlertAction, extra: { note?: string; ownerId?: string | null } = {}): Promise<CommandAck> {
    const socket = await this.connect(url);
    const envelope = { commandId: ulid(), type: 'alert.act', payload: { alertId, action, ...extra } };
    return (await socket.timeout(5000).emitWithAck('command', envelope)) as CommandAck;
  }

  close(): void {
    this.socket?.disconnect();
    this.socket = null;
  }
}
