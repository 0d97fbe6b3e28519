// Shapes of the Close API as this extension uses them. Contact and its parts follow the
// seed's OpenAPI schemas (`GET /contact/`); lead and user shapes follow Close's docs.

export type CallStatus =
  | 'created'
  | 'in-progress'
  | 'completed'
  | 'cancel'
  | 'no-answer'
  | 'busy'
  | 'failed'
  | 'timeout';

export type WorkflowStatus = 'active' | 'paused' | 'draft';

export type WorkflowRunStatus = 'active' | 'paused' | 'finished' | 'goal' | 'error';

export type StatusReason =
  | 'manual'
  | 'pending-call-timed-out'
  | 'bulk-action'
  | 'rate-limited'
  | 'sequence-deleted'
  | 'workflow-paused'
  | 'filter-not-matched'
  | 'reply-received'
  | 'call-answered'
  | 'meeting-booked'
  | 'lead-status-changed'
  | 'outcome-met'
  | 'account-invalid'
  | 'account-failures'
  | 'sending-throttled-too-long'
  | 'membership-inactive'
  | 'send-as-error'
  | 'email-bounced'
  | 'call-failed'
  | 'sms-failed'
  | 'no-user-phone'
  | 'billing-error'
  | 'assignment-field-invalid'
  | 'lead-status-field-invalid'
  | 'assignees-missing'
  | 'run-as-disabled'
  | 'lead-not-visible'
  | 'internal-error'
  | 'field-mapping-error'
  | 'filter-config-invalid';

export interface ContactEmail {
  email: string;
  is_unsubscribed: boolean;
  type: string;
}

export interface ContactPhone {
  country?: string | null;
  outbound_sms_blocked?: boolean;
  phone: string;
  phone_formatted?: string;
  type: string;
  tz_ids?: string[];
}

export interface ContactUrl {
  type: string;
  url: string;
}

export interface RenderedIntegrationLink {
  name: string;
  url: string;
}

export interface ContactRecentCall {
  dialer_id: string | null;
  duration: number;
  finish_timestamp: string;
  id: string;
  status: CallStatus;
}

export interface BasicSubscriptionInfoForContact {
  contact_email: string | null;
  date_created: string;
  initial_email_id: string | null;
  sequence_id: string;
  sequence_name: string;
  sequence_status: WorkflowStatus;
  start_date: string | null;
  subscription_id: string;
  subscription_status: WorkflowRunStatus;
  subscription_status_reason: StatusReason | null;
}

export interface Contact {
  created_by: string | null;
  date_created: string;
  date_updated: string;
  display_name: string;
  emails?: ContactEmail[];
  id: string;
  integration_links?: RenderedIntegrationLink[];
  lead_id?: string | null;
  lead_suggestions_operation_id?: string | null;
  name: string | null;
  organization_id: string;
  phones?: ContactPhone[];
  recent_calls?: ContactRecentCall[];
  subscriptions?: BasicSubscriptionInfoForContact[];
  timezone?: string | null;
  timezone_source?: string | null;
  title: string | null;
  updated_by: string | null;
  urls?: ContactUrl[];
}

/** The envelope every Close list endpoint answers with. There is no total count. */
export interface ListResponse<T> {
  data: T[];
  has_more: boolean;
}

export interface ListContactsParams {
  /** Page size (`_limit`); Close's default is 100. */
  limit?: number;
  /** Offset (`_skip`). */
  skip?: number;
  /** Only these fields come back (`_fields`). */
  fields?: readonly string[];
  /** Only this lead's contacts (`lead_id`). */
  leadId?: string;
}

export interface Lead {
  id: string;
  display_name?: string | null;
  name?: string | null;
  status_label?: string | null;
  html_url?: string | null;
  url?: string | null;
}

export interface Organization {
  id: string;
  name: string;
}

export interface Me {
  id: string;
  email: string;
  first_name?: string | null;
  last_name?: string | null;
  /** The organization the API key belongs to (Close: "your own `id` and `organization_id`"). */
  organization_id?: string;
  /** Every organization the user belongs to; not the key's when there are several. */
  organizations: Organization[];
}
