import * as assert from 'node:assert/strict';
import { DemoArgsError, parseDemoArgs } from '../../../scripts/demoArgs';

describe('npm run demo: its command line', () => {
  it('defaults to a 500-ticket sandbox on any free port, without the tour', () => {
    assert.deepEqual(parseDemoArgs([]), { tickets: 500, sandboxPort: 0, tour: false, help: false });
  });

  it('reads --tour, --tickets and --sandbox-port in any order', () => {
    assert.deepEqual(parseDemoArgs(['--sandbox-port', '4010', '--tour', '--tickets', '50']), {
      tickets: 50,
      sandboxPort: 4010,
      tour: true,
      help: false,
    });
    assert.equal(parseDemoArgs(['--help']).help, true);
  });

  for (const [argv, said] of [
    [['--tickets'], /--tickets needs a whole number from 1 to 100000\.$/],
    [['--tickets', 'many'], /--tickets needs a whole number from 1 to 100000, not "many"/],
    [['--tickets', '0'], /from 1 to 100000, not "0"/],
    [['--tickets', '1e3'], /not "1e3"/],
    [['--sandbox-port', '70000'], /--sandbox-port needs a whole number from 0 to 65535/],
    [['--tuor'], /Unknown option "--tuor"\. Options: --tickets N, --sandbox-port P, --tour, --help\./],
  ] as const) {
    it(`refuses ${argv.join(' ')} with what to type instead`, () => {
      assert.throws(
        () => parseDemoArgs(argv),
        (e: unknown) => e instanceof DemoArgsError && said.test(e.message),
      );
    });
  }
});
