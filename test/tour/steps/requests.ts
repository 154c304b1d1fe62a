// "Send API Request…": a GET as the signed-in agent, the answer in its response tab.
import type { TourStep } from '../tourStep';

export const requestSteps: TourStep[] = [
  {
    id: 'api-request',
    title: '"Zendesk: Send API Request…" sends a GET as the agent; the answer opens in a tab',
    async run({ wb }) {
      await wb.runCommand('Zendesk: Send API Request…');
      await wb.answerInput('GET', { waitForTitle: /Send API Request… \(method\)/ });
      await wb.answerInput('/api/v2/users/me.json', { waitForTitle: /\(GET path\)/ });
      // Tab titles show paths with division slashes (∕), as VS Code does for titles that are not file paths.
      await wb.page
        .locator('.tabs-container .tab')
        .filter({ hasText: /GET ∕api∕v2∕users∕me\.json · 200 · \d+ ms/ })
        .first()
        .waitFor({ timeout: 30_000 });
      await wb.page
        .locator('.monaco-editor .view-line', { hasText: '"email": "agent@sandbox.test"' })
        .first()
        .waitFor({ timeout: 30_000 });
    },
  },
];
