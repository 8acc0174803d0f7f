// The bundle's entry: run the CLI, then exit with its code once stdout has drained (a pipe
// reader must get every byte of a token before we go).
import { main } from './tokentray.js';

void main(process.argv).then((code) => {
  process.stdout.write('', () => process.exit(code));
});
