import type { DirectoryUser } from '../../../src-shared/desktop-api.js';
import { RoleSchema } from '../../../src-shared/model/user.js';
import type { CacheDb } from './cache-database.js';

interface Row {
  id: string;
  username: string;
  display_name: string;
  role: string;
}

/** Display-name order as a Vietnamese reader expects it (Â after A, Đ after D, tones ignored first); username breaks ties. */
export function compareDirectoryUsers(a: DirectoryUser, b: DirectoryUser): number {
  return a.displayName.localeCompare(b.displayName, 'vi') || a.username.localeCompare(b.username, 'vi') || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

function sameUser(a: DirectoryUser, b: DirectoryUser): boolean {
  return a.id === b.id && a.username === b.username && a.displayName === b.displayName && a.role === b.role;
}

/**
 * The workstation's copy of the server's user directory (`GET /api/users`), so that
 * names and the reassign picker work offline. The server's list replaces the copy
 * whole, in one transaction; a failed fetch leaves the copy as it was.
 */
export class DirectoryRepository {
  private readonly allStmt;
  private readonly deleteAllStmt;
  private readonly insertStmt;
  private readonly replaceTx;

  constructor(db: CacheDb) {
    this.allStmt = db.prepare<[], Row>('SELECT id, username, display_name, role FROM directory_users');
    this.deleteAllStmt = db.prepare('DELETE FROM directory_users');
    this.insertStmt = db.prepare<[string, string, string, string]>(
      'INSERT INTO directory_users (id, username, display_name, role) VALUES (?, ?, ?, ?)',
    );
    this.replaceTx = db.transaction((users: readonly DirectoryUser[]): boolean => {
      const before = new Map(this.readAll().map((u) => [u.id, u] as const));
      const next = new Map(users.map((u) => [u.id, u] as const));
      const unchanged = before.size === next.size && [...next.values()].every((u) => {
        const old = before.get(u.id);
        return old !== undefined && sameUser(old, u);
      });
      if (unchanged) return false;
      this.deleteAllStmt.run();
      for (const u of next.values()) this.insertStmt.run(u.id, u.username, u.displayName, u.role);
      return true;
    });
  }

  private readAll(): DirectoryUser[] {
    const users: DirectoryUser[] = [];
    for (const row of this.allStmt.all()) {
      const role = RoleSchema.safeParse(row.role);
      if (!role.success) continue; // a role this host does not know yet: leave it out rather than guess
      users.push({ id: row.id, username: row.username, displayName: row.display_name, role: role.data });
    }
    return users;
  }

  /** Every cached user, sorted by display name (Vietnamese collation). */
  list(): DirectoryUser[] {
    return this.readAll().sort(compareDirectoryUsers);
  }

  count(): number {
    return this.readAll().length;
  }

  /**
   * Replaces the whole directory in one transaction (a later id wins over an
   * earlier duplicate). Returns false, writing nothing, when the list is the same.
   */
  replaceAll(users: readonly DirectoryUser[]): boolean {
    return this.replaceTx(users);
  }
}
