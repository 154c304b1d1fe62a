import type * as vscode from 'vscode';
import type { Logger } from './zendesk/types';

/** What every component logs through; lines are tagged with the component and redacted. Defined once, in the Zendesk
 * layer (the lowest that logs); re-exported so extension-host code keeps one import for the logger and its redaction. */
export type { Logger };

// Values that are secret whatever their context: bearer tokens, and the OAuth parameters and JSON fields
// that carry tokens, codes, verifiers, state and client secrets. `token` also covers upload tokens
// (`/api/v2/uploads.json?token=...`, `{"upload": {"token": "..."}}`): one attaches the file to any comment.
const SECRET_NAMES =
  'access_token|refresh_token|client_secret|code_verifier|code|state|zd_code|zd_state|token|accessToken|refreshToken|clientSecret|codeVerifier|secret|password';
const PATTERNS: [RegExp, string][] = [
  [/(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi, '$1 ***'],
  // query strings and form bodies: name=value
  [new RegExp(`([?&;\\s]|^)(${SECRET_NAMES})=([^&\\s"']+)`, 'g'), '$1$2=***'],
  // JSON: "name": "value"
  [new RegExp(`"(${SECRET_NAMES})"\\s*:\\s*"[^"]*"`, 'g'), '"$1":"***"'],
];

/** Removes tokens, codes, verifiers, state and secrets from a line. Applied to every line the extension logs. */
export function redact(line: string, knownSecrets: Iterable<string> = []): string {
  let out = line;
  for (const s of knownSecrets) if (s && s.length >= 6) out = out.split(s).join('***');
  for (const [re, rep] of PATTERNS) out = out.replace(re, rep);
  return out;
}

/** A redacting logger over the one LogOutputChannel; `component` becomes the `[tag]` of each line. */
export class RedactingLogger implements Logger {
  constructor(
    private readonly channel: Pick<vscode.LogOutputChannel, 'trace' | 'debug' | 'info' | 'warn' | 'error'>,
    private readonly component: string,
    private readonly secrets: { values(): Iterable<string> } = { values: () => [] },
  ) {}

  child(component: string): RedactingLogger {
    return new RedactingLogger(this.channel, component, this.secrets);
  }

  private line(message: string | Error): string {
    const text = message instanceof Error ? `${message.name}: ${message.message}` : message;
    return redact(`[${this.component}] ${text}`, this.secrets.values());
  }

  trace(m: string): void {
    this.channel.trace(this.line(m));
  }
  debug(m: string): void {
    this.channel.debug(this.line(m));
  }
  info(m: string): void {
    this.channel.info(this.line(m));
  }
  warn(m: string): void {
    this.channel.warn(this.line(m));
  }
  error(m: string | Error): void {
    this.channel.error(this.line(m));
  }
}

/** Tokens the extension currently holds, so the logger can redact them even where no pattern matches. */
export class SecretRegistry {
  private readonly set = new Set<string>();
  add(...values: (string | undefined)[]): void {
    for (const v of values) if (v) this.set.add(v);
  }
  values(): Iterable<string> {
    return this.set;
  }
}
