// Where the test build's extension is staged, and the marker its entry carries: plain Node, for the harness and the
// unit test that proves the production bundles hold none of it.

/** esbuild.mjs --tests stages the extension the integration tests load here, around the tests (its dist/main.js is testMain.ts). */
export const TEST_EXTENSION_DIR = 'out';

/** In the test entry's bundle, never in a shipped one (test/unit/manifest/vsix.test.ts looks for it). */
export const TEST_ENTRY_MARKER = 'zendesk-test-entry-is-built-in';
