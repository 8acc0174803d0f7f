// One secret in the OS keyring (Keychain on macOS, Credential Manager on Windows, the Secret
// Service, i.e. GNOME Keyring or KWallet, on Linux) through @napi-rs/keyring, which ships prebuilt
// binaries and needs no install script. On Linux it is pinned to the Secret Service: its fallback,
// the kernel keyring, forgets everything at reboot, which is no place for a vault's key.
// When the keyring cannot be used, KeyringUnavailable says which of the usual reasons it is.

export type KeyringUnavailableReason = 'no-session-bus' | 'no-secret-service' | 'locked' | 'failed';

const REASON_WORDS: Record<KeyringUnavailableReason, string> = {
  'no-session-bus': 'there is no D-Bus session (DBUS_SESSION_BUS_ADDRESS is not set), as on a headless server or over SSH',
  'no-secret-service': 'no Secret Service (GNOME Keyring or KWallet) answers on the D-Bus session',
  locked: 'the keyring is locked and was not unlocked (no unlock prompt could be shown, or it was dismissed); log in to the desktop session or unlock it, e.g. with `gnome-keyring-daemon --unlock`',
  failed: 'the OS keyring failed',
};

export class KeyringUnavailable extends Error {
  constructor(readonly reason: KeyringUnavailableReason, detail?: string) {
    super(detail && reason === 'failed' ? `${REASON_WORDS[reason]} (${detail})` : REASON_WORDS[reason]);
    this.name = 'KeyringUnavailable';
  }
}

export interface KeyringSlot {
  /** Where the secret lives, for messages: service and account, never the secret. */
  readonly where: string;
  read(): Promise<string | undefined>;
  write(value: string): Promise<void>;
  remove(): Promise<boolean>;
}

export const KEYRING_SERVICE = 'TokenTray';

/** Opens the slot for `account`, or throws KeyringUnavailable saying why it cannot be used. */
export async function openKeyringSlot(account: string, env: Record<string, string | undefined> = process.env, platform: NodeJS.Platform = process.platform): Promise<KeyringSlot> {
  // Without a session bus libdbus would try X11 autolaunch; answer at once instead.
  if (platform === 'linux' && !env.DBUS_SESSION_BUS_ADDRESS) throw new KeyringUnavailable('no-session-bus');
  let entry: import('@napi-rs/keyring').AsyncEntry;
  try {
    // Loaded only here: the desktop app (safeStorage) never loads the native module.
    const { AsyncEntry } = await import('@napi-rs/keyring');
    entry = new AsyncEntry(KEYRING_SERVICE, account, { linux: { store: 'secret-service' } });
  } catch (error) {
    throw classify(error);
  }
  const guarded = async <T>(operation: () => Promise<T>): Promise<T> => {
    try {
      return await operation();
    } catch (error) {
      throw classify(error);
    }
  };
  return {
    where: `the OS keyring (service "${KEYRING_SERVICE}", account "${account}")`,
    read: () => guarded(async () => (await entry.getPassword()) ?? undefined),
    write: (value) => guarded(() => entry.setPassword(value)),
    remove: () => guarded(() => entry.deletePassword()),
  };
}

/** Maps the binding's errors (plain messages from D-Bus and the keyring crates) onto the reasons. */
function classify(error: unknown): KeyringUnavailable {
  const message = error instanceof Error ? error.message : String(error);
  if (/DBUS_SESSION_BUS_ADDRESS|autolaunch/i.test(message)) return new KeyringUnavailable('no-session-bus');
  if (/org\.freedesktop\.secrets|ServiceUnknown|not provided by any \.service/i.test(message)) return new KeyringUnavailable('no-secret-service');
  if (/locked|prompt was dismissed/i.test(message)) return new KeyringUnavailable('locked');
  return new KeyringUnavailable('failed', message.split('\n')[0]);
}
