// The sandbox identity provider's demo OAuth clients. These are not secrets of anyone's: they only
// work against the loopback sandbox, which exists so the app and its tests run with no real org.

export interface SandboxClient {
  clientId: string;
  /** Absent for the public (PKCE) client. */
  clientSecret?: string;
  grants: ('authorization_code' | 'refresh_token' | 'client_credentials')[];
  /** Scopes the client may be granted. */
  scopes: string[];
  redirectUris: string[];
}

export const SANDBOX_REDIRECT_URI = 'http://127.0.0.1:8765/oauth/callback';

export const SANDBOX_CLIENTS = {
  /** Confidential client: authorization code + rotating refresh tokens. */
  codeClient: {
    clientId: 'sandbox-code-client',
    clientSecret: 'sandbox-code-secret',
    grants: ['authorization_code', 'refresh_token'],
    scopes: ['users:readonly', 'conversations', 'analytics:readonly', 'notifications', 'user-basic-info'],
    redirectUris: [SANDBOX_REDIRECT_URI],
  },
  /** Service client: client credentials, governed by roles on Genesys (no scopes). */
  serviceClient: {
    clientId: 'sandbox-service-client',
    clientSecret: 'sandbox-service-secret',
    grants: ['client_credentials'],
    scopes: [],
    redirectUris: [],
  },
  /** Public client: PKCE, no secret, no refresh token. */
  publicClient: {
    clientId: 'sandbox-public-client',
    grants: ['authorization_code'],
    scopes: ['users:readonly', 'user-basic-info'],
    redirectUris: [SANDBOX_REDIRECT_URI],
  },
  /** OpenID Connect client of the sandbox's JWT mode: JWT access tokens, rotating refresh tokens. */
  oidcClient: {
    clientId: 'sandbox-oidc-client',
    clientSecret: 'sandbox-oidc-secret',
    grants: ['authorization_code', 'refresh_token', 'client_credentials'],
    scopes: ['openid', 'profile', 'tokens:read', 'tokens:write'],
    redirectUris: [SANDBOX_REDIRECT_URI],
  },
} as const satisfies Record<string, SandboxClient>;
