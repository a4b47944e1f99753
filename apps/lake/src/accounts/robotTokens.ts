import type { DatabaseSync } from 'node:sqlite'
import type { Role } from '../config.ts'
import { newId, newSecret, secretHash } from './secretTokens.ts'

/** A token for a program (the reader site, a script), listed without its secret. */
export interface RobotToken {
  id: string
  name: string
  role: Role
  createdAt: string
}

function prepareStatements(db: DatabaseSync) {
  return {
    insert: db.prepare(
      'INSERT INTO robot_tokens (id, token_hash, name, role, created_at) VALUES (?, ?, ?, ?, ?)',
    ),
    byHash: db.prepare('SELECT id, name, role, created_at FROM robot_tokens WHERE token_hash = ?'),
    list: db.prepare('SELECT id, name, role, created_at FROM robot_tokens ORDER BY created_at'),
    remove: db.prepare('DELETE FROM robot_tokens WHERE id = ?'),
  }
}

interface Row {
  id: string
  name: string
  role: string
  created_at: string
}

const tokenOf = (row: Row): RobotToken => ({
  id: row.id,
  name: row.name,
  role: row.role as Role,
  createdAt: row.created_at,
})

/**
 * Robot tokens made with `lake tokens add`: the secret is printed once and only its hash kept,
 * unlike `LAKE_TOKENS`, whose secrets sit in the environment (fine for development and CI).
 */
export class RobotTokens {
  readonly #statements: ReturnType<typeof prepareStatements>

  constructor(db: DatabaseSync) {
    this.#statements = prepareStatements(db)
  }

  add(name: string, role: Role): { token: string; robot: RobotToken } {
    const token = newSecret('lkt_')
    const robot = { id: newId('r'), name: name.trim(), role, createdAt: new Date().toISOString() }
    this.#statements.insert.run(robot.id, secretHash(token), robot.name, role, robot.createdAt)
    return { token, robot }
  }

  find(token: string): RobotToken | undefined {
    const row = this.#statements.byHash.get(secretHash(token)) as Row | undefined
    return row ? tokenOf(row) : undefined
  }

  list(): RobotToken[] {
    return (this.#statements.list.all() as unknown as Row[]).map(tokenOf)
  }

  revoke(id: string): boolean {
    return Number(this.#statements.remove.run(id).changes) > 0
  }
}
