// Which welcome content the Contacts view shows when it has no rows. VS Code's views guideline:
// empty and error states are welcome content with buttons, chosen by a context key, never tree
// rows that act as buttons. States with rows on screen use the view's message instead.
// No `vscode` here, so it is tested in plain Node.
import type { LoadStatus } from '../../model/contactsController';

/** The values of the `closeCrm.viewState` context key, each with a `viewsWelcome` entry. */
export type EmptyViewState = 'loading' | 'otherWindow' | 'keyRejected' | 'unreachable' | 'badBaseUrl' | 'empty' | 'failed';

export const EMPTY_VIEW_STATES: readonly EmptyViewState[] = ['loading', 'otherWindow', 'keyRejected', 'unreachable', 'badBaseUrl', 'empty', 'failed'];

export interface ViewStateInput {
  /** A setting stops any loading (an unusable closeCrm.apiBaseUrl). */
  configProblem: boolean;
  /** Undefined when signed out: the signed-out welcome is chosen by `closeCrm.signedIn`. */
  status: LoadStatus | undefined;
}

/** The welcome state for a view with no rows, or undefined when the view has rows to show. */
export function emptyViewState({ configProblem, status }: ViewStateInput): EmptyViewState | undefined {
  if (status !== undefined && status.leadsShown > 0) {
    return undefined;
  }
  if (configProblem) {
    return 'badBaseUrl';
  }
  if (status === undefined) {
    return undefined;
  }
  const error = status.error?.kind === 'cancelled' ? undefined : status.error;
  if (status.phase === 'loading' && status.otherWindow) {
    return 'otherWindow';
  }
  if (status.phase === 'loading' || status.phase === 'idle') {
    const trouble = status.trouble?.kind;
    return trouble === 'network' || trouble === 'timeout' ? 'unreachable' : 'loading';
  }
  if (error?.kind === 'auth') {
    return 'keyRejected';
  }
  if (error?.kind === 'network' || error?.kind === 'timeout') {
    return 'unreachable';
  }
  if (error !== undefined || status.phase !== 'complete') {
    return 'failed';
  }
  return 'empty';
}

/** True while a retry is waited for that the user may hurry (not a pause Close asked for). */
export function canRetryNow(status: LoadStatus | undefined): boolean {
  return status?.phase === 'loading' && status.trouble !== undefined && status.trouble.kind !== 'rateLimited';
}
