// The ticket this workspace works on, one per branch: "Start Work" sets it for the branch it checks out, switching
// branches switches the ticket with them, "Stop Work" forgets it. Kept in workspaceState (ids and a subject, never
// a secret). The status bar, the commit box and the chat tool `zendesk_currentTicket` read it. No `vscode` import.
import type { Memento } from 'vscode';
import { Emitter, type Event } from '../events';

export interface WorkTicket {
  accountId: string;
  ticketId: number;
  /** The ticket's subject when work started: text from Zendesk, untrusted wherever it is shown. */
  subject: string;
}

/** Where the current branch comes from (the git extension in the window; a fake in tests). */
export interface BranchSource {
  /** The checked-out branch; undefined with no repository or on a detached HEAD. */
  branch(): string | undefined;
  readonly onDidChangeBranch: Event<void>;
}

/** The memento key: branch name → ticket. */
export const CURRENT_TICKETS_KEY = 'zendesk.currentTickets';
/** Where a ticket is kept when there is no branch (no repository, a detached HEAD). */
const NO_BRANCH = '';

/** What "refs" (commit-box completion) and the chat tool read; see `CurrentTicketService` for the writer's side. */
export interface CurrentTicket {
  current(): WorkTicket | undefined;
  readonly onDidChange: Event<WorkTicket | undefined>;
}

function isWorkTicket(v: unknown): v is WorkTicket {
  const t = v as Partial<WorkTicket> | undefined;
  return (
    !!t &&
    typeof t.accountId === 'string' &&
    typeof t.subject === 'string' &&
    typeof t.ticketId === 'number' &&
    Number.isSafeInteger(t.ticketId) &&
    t.ticketId > 0
  );
}

export class CurrentTicketService implements CurrentTicket {
  private readonly changed = new Emitter<WorkTicket | undefined>();
  readonly onDidChange = this.changed.event;
  private last: string;
  private readonly sub: { dispose(): void };

  constructor(
    private readonly memento: Pick<Memento, 'get' | 'update'>,
    private readonly branches: BranchSource,
  ) {
    this.last = JSON.stringify(this.current() ?? null);
    this.sub = branches.onDidChangeBranch(() => this.fireIfChanged());
  }

  private all(): Record<string, WorkTicket> {
    const raw = this.memento.get<unknown>(CURRENT_TICKETS_KEY);
    return raw && typeof raw === 'object' ? (raw as Record<string, WorkTicket>) : {};
  }

  /** The current branch's ticket. */
  current(): WorkTicket | undefined {
    const t = this.all()[this.branches.branch() ?? NO_BRANCH];
    return isWorkTicket(t) ? { accountId: t.accountId, ticketId: t.ticketId, subject: t.subject } : undefined;
  }

  /** Makes `t` the ticket of `branch` (the current branch when not given). */
  async start(t: WorkTicket, branch = this.branches.branch()): Promise<void> {
    const all = this.all();
    all[branch ?? NO_BRANCH] = { accountId: t.accountId, ticketId: t.ticketId, subject: t.subject };
    await this.memento.update(CURRENT_TICKETS_KEY, all);
    this.fireIfChanged();
  }

  /** Forgets the current branch's ticket; the branch stays as it is. */
  async stop(): Promise<void> {
    const all = this.all();
    delete all[this.branches.branch() ?? NO_BRANCH];
    await this.memento.update(CURRENT_TICKETS_KEY, all);
    this.fireIfChanged();
  }

  private fireIfChanged(): void {
    const now = this.current();
    const key = JSON.stringify(now ?? null);
    if (key === this.last) return;
    this.last = key;
    this.changed.fire(now);
  }

  dispose(): void {
    this.sub.dispose();
    this.changed.dispose();
  }
}
