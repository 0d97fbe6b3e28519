// Leads whose contacts came but whose names the lead pages did not bring: a lead created while
// the load ran, after the lead pages had passed its place (Close does not document the order it
// lists leads in), or a contact moved to such a lead. Once the contact pages are done, each one
// is asked for by id, so its row shows a name rather than an id. When the lead pages listed every
// lead, nothing is asked.
import { toCloseError, type CloseError } from '../../close/errors';
import { LEAD_WINDOW, type ControllerCore, type Run } from './core';
import { applyLeadFacts, LEAD_FIELDS, leadLabelOf, leadStatusOf } from './leadRefresh';

/**
 * Leads asked for by id after a load, at most. More means the lead pages themselves failed (the
 * load says so); those rows keep the id until a Refresh rather than cost a request each.
 */
export const MAX_UNNAMED_LEADS = 50;

export interface UnnamedLeads {
  /** Leads without a name among the loaded contacts' leads. */
  unnamed: number;
  /** Requests made. */
  asked: number;
  named: number;
  /** Close no longer has them (404): deleted or merged since the contacts were read. */
  gone: number;
  /** What stopped the asking (the remaining ones were not asked). */
  error?: CloseError;
}

export async function nameUnnamedLeads(core: ControllerCore, run: Run): Promise<UnnamedLeads> {
  const ids = core.store
    .groups()
    .filter((g) => !g.named)
    .map((g) => g.leadId)
    .filter((id): id is string => id !== null);
  const result: UnnamedLeads = { unnamed: ids.length, asked: 0, named: 0, gone: 0 };
  const queue = ids.slice(0, MAX_UNNAMED_LEADS);
  const names: [string, string][] = [];
  const statuses: [string, string][] = [];
  const { client } = core.options;
  const ask = async (): Promise<void> => {
    for (let id = queue.shift(); id !== undefined && result.error === undefined; id = queue.shift()) {
      result.asked++;
      try {
        const lead = await client.getLead(id, LEAD_FIELDS, run.abort.signal);
        const name = leadLabelOf(lead);
        const status = leadStatusOf(lead);
        if (name) {
          names.push([id, name]);
          result.named++;
        }
        if (status) {
          statuses.push([id, status]);
        }
      } catch (err) {
        const error = toCloseError(err);
        if (error.kind === 'notFound') {
          result.gone++;
        } else {
          result.error ??= error;
        }
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(LEAD_WINDOW, queue.length) }, ask));
  if (core.current === run) {
    applyLeadFacts(core, names, statuses);
  }
  return result;
}
