/**
 * One line per event: `2026-11-29T00:00:00.000Z info forwarded id=msg-1 group=R:1 status=200`.
 * Fields are ids, counts and reasons — never a secret, a signature, a message's text or a
 * member's name (residents write their phone numbers and addresses into groups).
 */
export type Level = 'debug' | 'info' | 'warn' | 'error';

export type Fields = Record<string, string | number | boolean | null | undefined>;

export interface Logger {
  log(level: Level, event: string, fields?: Fields): void;
}

const ORDER: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

function format(fields: Fields): string {
  return Object.entries(fields)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => {
      const s = String(v);
      return `${k}=${/[\s"=]/.test(s) ? JSON.stringify(s) : s}`;
    })
    .join(' ');
}

/** Writes to stderr from `minimum` up; stdout is left to the login QR code. */
export function consoleLogger(minimum: Level = 'info'): Logger {
  return {
    log(level, event, fields = {}) {
      if (ORDER[level] < ORDER[minimum]) return;
      const rest = format(fields);
      process.stderr.write(`${new Date().toISOString()} ${level} ${event}${rest ? ' ' + rest : ''}\n`);
    },
  };
}

/** Keeps every line, for tests that check what was logged. */
export function memoryLogger(): Logger & { lines: { level: Level; event: string; fields: Fields }[] } {
  const lines: { level: Level; event: string; fields: Fields }[] = [];
  return { lines, log: (level, event, fields = {}) => void lines.push({ level, event, fields }) };
}
