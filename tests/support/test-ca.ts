// A throwaway certificate authority made with openssl for the corporate-network tests: the CA,
// a server certificate for 127.0.0.1 signed by it, one for another host name, and an expired one.

import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface TestCa {
  caFile: string;
  server: { cert: string; key: string };
  wrongHost: { cert: string; key: string };
  expired: { cert: string; key: string };
}

function openssl(dir: string, args: string[]): void {
  try {
    execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (error) {
    throw new Error(`openssl ${args[0]} failed (these tests need the openssl command: apt-get install -y openssl): ${error instanceof Error ? error.message : String(error)}`);
  }
}

const EC_KEY = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

function leaf(dir: string, name: string, subjectAltName: string, days: string): { cert: string; key: string } {
  writeFileSync(join(dir, `${name}.ext`), `subjectAltName=${subjectAltName}\nextendedKeyUsage=serverAuth\n`);
  openssl(dir, ['req', ...EC_KEY, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${name}`]);
  openssl(dir, ['x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', `${name}.pem`, '-days', days, '-extfile', `${name}.ext`]);
  return { cert: readFileSync(join(dir, `${name}.pem`), 'utf8'), key: readFileSync(join(dir, `${name}.key`), 'utf8') };
}

export function createTestCa(dir: string): TestCa {
  openssl(dir, ['req', '-x509', ...EC_KEY, '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=TokenTray Test Corporate Root', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
  return {
    caFile: join(dir, 'ca.pem'),
    server: leaf(dir, 'server', 'IP:127.0.0.1', '2'),
    wrongHost: leaf(dir, 'wrong-host', 'DNS:login.other.example', '2'),
    expired: leaf(dir, 'expired', 'IP:127.0.0.1', '-1'),
  };
}
