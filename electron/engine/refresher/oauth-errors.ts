// Human sentences for the OAuth error codes a token endpoint may return (RFC 6749 §5.2), saying
// what happened and what the user can do about it.

const MESSAGES: Record<string, string> = {
  invalid_grant: 'The refresh token or code was rejected (revoked, expired or already used). Sign in again.',
  invalid_client: 'The client id or secret was rejected. Check them in the profile settings.',
  unauthorized_client: 'This OAuth client is not allowed to use this grant. Enable the grant on the client, or pick the grant it has.',
  invalid_scope: 'The server refused the requested scopes. Remove scopes the client was not granted.',
  unsupported_grant_type: 'The server does not support this grant type for this client.',
  invalid_request: 'The server rejected the request as malformed.',
  access_denied: 'The server denied access.',
};

export function describeOAuthError(error: string | undefined, httpStatus: number): string {
  if (error && MESSAGES[error]) return MESSAGES[error];
  if (httpStatus === 401 || httpStatus === 403) return `The token endpoint refused the credentials (${httpStatus}). Check the client id and secret, then sign in again.`;
  if (httpStatus === 404) return 'The token endpoint was not found (404). Check the region or the login base URL.';
  return `The token endpoint rejected the request (${httpStatus}${error ? `, ${error}` : ''}). Sign in again or check the profile.`;
}
