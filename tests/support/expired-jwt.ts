import { SignJWT } from 'jose';

/** A JWT that expired an hour ago, for the inspector's verdict (decode only: any key will do). */
export function expiredJwt(nowMs = Date.now()): Promise<string> {
  const now = Math.floor(nowMs / 1000);
  return new SignJWT({ sub: 'agent-7', scope: 'users:readonly' }).setProtectedHeader({ alg: 'HS256' })
    .setIssuer('https://idp.example.com').setAudience('tokentray-cli').setIssuedAt(now - 7200).setExpirationTime(now - 3600)
    .sign(new TextEncoder().encode('screenshot-key-not-a-secret-0123'));
}
