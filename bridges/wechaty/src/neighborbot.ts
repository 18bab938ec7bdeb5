import { setTimeout as delay } from 'node:timers/promises';
import type { Logger } from './log.js';
import { signedHeaders } from './signature.js';

/** One group message as NeighborBot's `POST /bridge/{bridge}/messages` takes it (interfaces.md). */
export interface ForwardPayload {
  id: string;
  group: { id: string; name: string };
  sender: { id: string; name: string };
  mentioned: boolean;
  kind: 'text' | 'image' | 'voice' | 'other';
  text: string;
  attachments: unknown[];
  sentAt: string;
}

/** NeighborBot's answer: what to say in the group (mentioning the sender), and the ticket it opened. */
export interface Answer {
  reply: string | null;
  ticket: string | null;
}

export type ForwardResult =
  | { outcome: 'answered'; answer: Answer; attempts: number }
  | { outcome: 'refused'; status: number; attempts: number }
  | { outcome: 'gave-up'; reason: string; attempts: number };

/** Waits before the 2nd, 3rd, ... attempt: about 31 s in all, well inside NeighborBot's memory of an id. */
export const RETRY_DELAYS_MS = [1_000, 2_000, 4_000, 8_000, 16_000];
export const ATTEMPT_TIMEOUT_MS = 10_000;

export interface NeighborBotClientOptions {
  url: string;
  bridge: string;
  secret: string;
  logger: Logger;
  retryDelaysMs?: number[];
  attemptTimeoutMs?: number;
  /** Milliseconds since the epoch; the signature's timestamp comes from it. */
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** In [0, 1): spreads the waits so that bridges restarted together do not retry together. */
  random?: () => number;
}

/**
 * Posts group messages to NeighborBot. A network error, a time-out or a 5xx is tried again with
 * the same body (so the same id: NeighborBot answers a repeat as it answered the first) and a fresh
 * timestamp; 429 and 408 too. Any other 4xx is NeighborBot saying no for good: logged and dropped.
 */
export class NeighborBotClient {
  private readonly endpoint: string;
  private readonly delays: number[];
  private readonly timeoutMs: number;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;

  constructor(private readonly options: NeighborBotClientOptions) {
    this.endpoint = `${options.url}/bridge/${encodeURIComponent(options.bridge)}/messages`;
    this.delays = options.retryDelaysMs ?? RETRY_DELAYS_MS;
    this.timeoutMs = options.attemptTimeoutMs ?? ATTEMPT_TIMEOUT_MS;
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? (ms => delay(ms));
    this.random = options.random ?? Math.random;
  }

  async forward(payload: ForwardPayload): Promise<ForwardResult> {
    const { logger, secret } = this.options;
    const body = JSON.stringify(payload);
    let reason = '';
    for (let attempt = 1; attempt <= this.delays.length + 1; attempt++) {
      if (attempt > 1) {
        const base = this.delays[attempt - 2]!;
        await this.sleep(Math.round(base / 2 + (base / 2) * this.random()));
      }
      let response: Response;
      try {
        response = await fetch(this.endpoint, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', ...signedHeaders(secret, body, this.now() / 1000) },
          body,
          signal: AbortSignal.timeout(this.timeoutMs),
        });
      } catch (e) {
        reason = describe(e);
        logger.log('warn', 'forward-failed', { id: payload.id, attempt, reason });
        continue;
      }

      if (response.ok) {
        const answer = await readAnswer(response);
        if (!answer) logger.log('warn', 'answer-malformed', { id: payload.id, status: response.status });
        logger.log('info', 'forwarded', { id: payload.id, group: payload.group.id, attempt, ticket: answer?.ticket ?? null });
        return { outcome: 'answered', answer: answer ?? { reply: null, ticket: null }, attempts: attempt };
      }
      await response.body?.cancel();
      if (response.status >= 500 || response.status === 408 || response.status === 429) {
        reason = `status ${response.status}`;
        logger.log('warn', 'forward-failed', { id: payload.id, attempt, status: response.status });
        continue;
      }
      logger.log('error', 'forward-refused', { id: payload.id, group: payload.group.id, status: response.status });
      return { outcome: 'refused', status: response.status, attempts: attempt };
    }
    logger.log('error', 'forward-gave-up', { id: payload.id, group: payload.group.id, attempts: this.delays.length + 1, reason });
    return { outcome: 'gave-up', reason, attempts: this.delays.length + 1 };
  }
}

async function readAnswer(response: Response): Promise<Answer | undefined> {
  let json: unknown;
  try {
    json = await response.json();
  } catch {
    return undefined;
  }
  if (!json || typeof json !== 'object') return undefined;
  const { reply, ticket } = json as Record<string, unknown>;
  const textOrNull = (v: unknown) => (typeof v === 'string' && v.length > 0 ? v : null);
  if ((reply != null && typeof reply !== 'string') || (ticket != null && typeof ticket !== 'string')) return undefined;
  return { reply: textOrNull(reply), ticket: textOrNull(ticket) };
}

function describe(e: unknown): string {
  if (e instanceof Error) {
    const cause = (e as { cause?: { code?: string } }).cause?.code;
    return cause ? `${e.name}: ${cause}` : `${e.name}: ${e.message}`;
  }
  return String(e);
}
