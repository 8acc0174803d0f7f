// The RFC 8252 loopback redirect: a listener on the loopback address (127.0.0.1 or [::1], as
// registered; never "localhost", RFC 8252 §8.3, which may resolve elsewhere), at the port and path registered
// on the OAuth client, that accepts exactly one matching redirect, checks `state`, shows the
// browser a small page, and closes. Anything else (another path, a wrong state) is refused
// without ending the wait, so a stray request cannot break or hijack the sign-in.

import escapeHtml from 'escape-html';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { ProblemCode } from '../../../shared/error-codes.js';
import { EngineError } from '../contracts.js';
import { loopbackBindAddress } from '../net/urls.js';

export interface RedirectResult {
  code: string;
}

export interface LoopbackRedirect {
  /** Resolves with the code, or rejects with a user-facing EngineError. */
  result: Promise<RedirectResult>;
  cancel(): void;
}

/** Everything shown is escaped: the query (error_description above all) is the attacker's text. */
const page = (title: string, body: string) =>
  `<!doctype html><meta charset="utf-8"><title>${escapeHtml(title)}</title><style>body{font:16px system-ui;margin:15vh auto;max-width:32em;text-align:center}</style><h1>${escapeHtml(title)}</h1><p>${escapeHtml(body)}</p>`;

/** What the provider said, bounded: it is echoed to the page and into the app's message. */
const quoted = (text: string | null) => (text ? text.slice(0, 300) : '');

// `connection: close`: a kept-alive connection would otherwise carry the browser's next redirect
// (a retry) to this listener after it has finished, instead of to the new one. The CSP lets the
// page run nothing at all, whatever slipped into it.
const HTML_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  connection: 'close',
  'cache-control': 'no-store',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
};

function fail(code: ProblemCode, message: string): EngineError {
  return new EngineError('config', { code, message, at: Date.now() });
}

export async function listenForRedirect(options: { redirectUri: string; state: string; timeoutMs?: number }): Promise<LoopbackRedirect> {
  const target = new URL(options.redirectUri);
  const bindAddress = loopbackBindAddress(target.hostname);
  if (target.protocol !== 'http:' || !bindAddress || !target.port) {
    throw fail('invalid_redirect_uri', `The redirect URI ${options.redirectUri} must be http://127.0.0.1:<port>/<path> or http://[::1]:<port>/<path> (a loopback IP literal with an explicit port; "localhost" is not accepted because it may resolve to another interface, RFC 8252 §8.3).`);
  }
  const port = Number(target.port);
  const sockets = new Set<Socket>();
  let settle: { resolve: (r: RedirectResult) => void; reject: (e: EngineError) => void } | undefined;
  const result = new Promise<RedirectResult>((resolve, reject) => (settle = { resolve, reject }));
  result.catch(() => {});

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', `http://${req.headers.host ?? '127.0.0.1'}`);
    if (req.method !== 'GET' || url.pathname !== target.pathname) {
      res.writeHead(404, HTML_HEADERS).end(page('Not here', 'TokenTray is waiting for a sign-in redirect on another path.'));
      return;
    }
    const params = url.searchParams;
    if (params.get('state') !== options.state) {
      // Not ours (stale tab, forged link): refuse, keep waiting for the real one.
      res.writeHead(400, HTML_HEADERS).end(page('Sign-in not accepted', 'This sign-in response does not match the one TokenTray started (state mismatch). Start the sign-in again from TokenTray.'));
      return;
    }
    const error = quoted(params.get('error'));
    if (error) {
      const description = quoted(params.get('error_description'));
      res.writeHead(200, HTML_HEADERS).end(page('Sign-in was not completed', `The identity provider answered ${error}${description ? `: ${description}` : ''}. You can close this tab and try again from TokenTray.`));
      finish(() => settle?.reject(fail(error === 'access_denied' ? 'access_denied' : 'authorization_error', error === 'access_denied'
        ? 'Sign-in was declined in the browser (access_denied). Try again, and approve the access TokenTray asks for.'
        : `The identity provider refused the sign-in: ${error}${description ? ` (${description})` : ''}.`)));
      return;
    }
    const code = params.get('code');
    if (!code) {
      res.writeHead(400, HTML_HEADERS).end(page('Sign-in not accepted', 'The redirect carried no authorization code.'));
      return;
    }
    res.writeHead(200, HTML_HEADERS).end(page('Signed in to TokenTray', 'You can close this tab and return to TokenTray.'));
    finish(() => settle?.resolve({ code }));
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(error.code === 'EADDRINUSE'
        ? fail('redirect_port_in_use', `Port ${port} is already in use, so TokenTray cannot receive the sign-in redirect at ${options.redirectUri}. Close the program using it, or register another loopback redirect URI on the OAuth client and set it on this profile.`)
        : error);
    });
    server.listen(port, bindAddress, () => resolve());
  });

  const timer = setTimeout(() => finish(() => settle?.reject(fail('signin_timeout', `No sign-in arrived within ${Math.max(1, Math.round((options.timeoutMs ?? 300_000) / 60_000))} minute(s). If the browser showed an error (for example an unregistered redirect URI ${options.redirectUri}), fix the profile or the OAuth client, then start the sign-in again.`))), options.timeoutMs ?? 300_000);
  timer.unref?.();
  let finished = false;
  function finish(action: () => void): void {
    if (finished) return;
    finished = true;
    clearTimeout(timer);
    // Stop listening at once (one use only; frees the port for a retry), let the page already
    // being written reach the browser, then drop any lingering connection.
    server.close();
    setImmediate(action);
    setTimeout(() => {
      for (const s of sockets) s.destroy();
    }, 50).unref?.();
  }

  return { result, cancel: () => finish(() => settle?.reject(fail('signin_cancelled', 'Sign-in was cancelled.'))) };
}

