import type { Role, User } from '../../src-shared/model/user.js';
import type { SqliteDatabase } from './sqlite-database.js';

export interface StoredUser extends User {
  readonly passwordHash: string;
  readonly disabled: boolean;
}

interface UserRow {
  id: string;
  username: string;
  display_name: string;
  role: Role;
  password_hash: string;
  disabled: number;
}

function toStored(row: UserRow): StoredUser {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    role: row.role,
    passwordHash: row.password_hash,
    disabled: row.disabled === 1,
  };
}

export function publicUser(user: StoredUser): User {
  return { id: user.id, username: user.username, displayName: user.displayName, role: user.role };
}

export class UserRepository {
  private readonly byId;
  private readonly byUsername;
  private readonly insertStmt;
  private readonly listStmt;
  private readonly setDisabledStmt;

  constructor(db: SqliteDatabase) {
    this.byId = db.prepare('SELECT * FROM users WHERE id = ?');
    this.byUsername = db.prepare('SELECT * FROM users WHERE username = ?');
    this.insertStmt = db.prepare(
      'INSERT INTO users (id, username, display_name, role, password_hash, disabled, created_at) VALUES (?, ?, ?, ?, ?, 0, ?)',
    );
    this.listStmt = db.prepare('SELECT * FROM users WHERE disabled = 0 ORDER BY username');
    this.setDisabledStmt = db.prepare('UPDATE users SET disabled = ? WHERE id = ?');
  }

  findById(id: string): StoredUser | null {
    const row = this.byId.get(id) as UserRow | undefined;
    return row ? toStored(row) : null;
  }

  findByUsername(username: string): StoredUser | null {
    const row = this.byUsername.get(username) as UserRow | undefined;
    return row ? toStored(row) : null;
  }

  /** The username doubles as the id: stable, readable in logs and history, and never renamed. */
  create(user: { username: string; displayName: string; role: Role; passwordHash: string }): StoredUser {
    const id = user.username.toLowerCase();
    this.insertStmt.run(id, user.username, user.displayName, user.role, user.passwordHash, new Date().toISOString());
    return this.findById(id)!;
  }

  listActive(): User[] {
    return (this.listStmt.all() as UserRow[]).map((row) => publicUser(toStored(row)));
  }

  setDisabled(id: string, disabled: boolean): void {
    this.setDisabledStmt.run(disabled ? 1 : 0, id);
  }
}
