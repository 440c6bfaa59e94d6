// The console's one connection to Warden: the shared typed client (src/client), the CSRF header
// from the warden_csrf cookie on every mutation, and answers turned into values or ApiErrors.
import { createWardenClient, isProblem, type Problem } from '@client';

const CSRF_COOKIE = 'warden_csrf';

/** The CSRF token the server set next to the session cookie (readable by this origin only). */
export function readCsrfCookie(): string | null {
  for (const part of document.cookie.split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === CSRF_COOKIE) return decodeURIComponent(rest.join('='));
  }
  return null;
}

export const api = createWardenClient({ baseUrl: '', csrfToken: readCsrfCookie });

/** A failed call: the server's problem document when it sent one. */
export class ApiError extends Error {
  status: number;
  problem: Problem | null;
  constructor(status: number, problem: Problem | null, fallback: string) {
    super(problem?.detail ?? fallback);
    this.name = 'ApiError';
    this.status = status;
    this.problem = problem;
  }

  /** The server's message for one field (`name`, `team_ids.0`…), if it named it. */
  fieldError(path: string): string | undefined {
    return this.problem?.errors?.find((e) => e.path === path || e.path.startsWith(`${path}.`))?.message;
  }
}

export function isApiError(err: unknown, status?: number): err is ApiError {
  return err instanceof ApiError && (status === undefined || err.status === status);
}

type Listener = () => void;
const sessionEndedListeners = new Set<Listener>();

/** Called when an API answer says the session is gone (401), so the console can ask to sign in again. */
export function onSessionEnded(listener: Listener): () => void {
  sessionEndedListeners.add(listener);
  return () => sessionEndedListeners.delete(listener);
}

interface Answer<D> {
  data?: D;
  error?: unknown;
  response: Response;
}

/**
 * Awaits an openapi-fetch call and returns its data, or throws an ApiError carrying the problem.
 * A 401 outside /api/auth also tells the session listeners: the person must sign in again.
 */
export async function call<D>(request: Promise<Answer<D>>): Promise<D> {
  let answer: Answer<D>;
  try {
    answer = await request;
  } catch {
    throw new ApiError(0, null, 'Warden could not be reached. Check the connection and try again.');
  }
  const { data, error, response } = answer;
  if (response.ok) return data as D;
  const problem = isProblem(error) ? error : null;
  if (response.status === 401 && !new URL(response.url, location.href).pathname.startsWith('/api/auth/')) {
    for (const listener of sessionEndedListeners) listener();
  }
  throw new ApiError(response.status, problem, `The server answered ${response.status} ${response.statusText}`.trim());
}
