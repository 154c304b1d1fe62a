// The request-file settings, read like every `zendesk.*` setting: user (global) values or defaults only, so a
// workspace cannot turn off the confirmation of writes or raise the page cap.
import { userSetting } from '../config';
import { RequestSettings as Keys } from '../constants';

export type ResponseViewMode = 'reuse' | 'newTab';

export const DEFAULT_MAX_PAGES = 100;

export class RequestSettings {
  private read<T>(key: string, fallback: T): T {
    return userSetting(key, fallback);
  }

  maxPages(): number {
    const n = this.read<number>(Keys.maxPages, DEFAULT_MAX_PAGES);
    return Number.isInteger(n) && n >= 1 ? Math.min(n, 10_000) : DEFAULT_MAX_PAGES;
  }

  confirmWrites(): boolean {
    return this.read<boolean>(Keys.confirmWrites, true) !== false;
  }

  responseView(): ResponseViewMode {
    return this.read<string>(Keys.responseView, 'reuse') === 'newTab' ? 'newTab' : 'reuse';
  }
}
