// Every id the extension shares with package.json, in one place.

export const EXTENSION_ID = 'close-contacts.close-contacts';
export const VIEW_ID = 'closeCrm.contacts';
export const PANEL_VIEW_TYPE = 'closeCrm.contact';

export const Commands = {
  setApiKey: 'closeCrm.setApiKey',
  signOut: 'closeCrm.signOut',
  refresh: 'closeCrm.refresh',
  retryNow: 'closeCrm.retryNow',
  refreshLead: 'closeCrm.refreshLead',
  openContact: 'closeCrm.openContact',
  copyEmail: 'closeCrm.copyEmail',
  copyPhone: 'closeCrm.copyPhone',
  copyAllEmails: 'closeCrm.copyAllEmails',
  copyAllPhones: 'closeCrm.copyAllPhones',
  copyNameAndEmail: 'closeCrm.copyNameAndEmail',
  exportContacts: 'closeCrm.exportContacts',
  searchContacts: 'closeCrm.searchContacts',
  openLeadInClose: 'closeCrm.openLeadInClose',
  showLog: 'closeCrm.showLog',
  filter: 'closeCrm.filter',
  clearFilter: 'closeCrm.clearFilter',
  togglePrivacyMode: 'closeCrm.togglePrivacyMode',
  /** The view-title button and the status-bar item while privacy mode is on. */
  turnOffPrivacyMode: 'closeCrm.turnOffPrivacyMode',
  /** Several organizations (issue 11). */
  addOrganization: 'closeCrm.addOrganization',
  switchOrganization: 'closeCrm.switchOrganization',
  /** The last row of a long list of leads (issue 10). */
  showMoreLeads: 'closeCrm.showMoreLeads',
} as const;

/** Language model tools (package.json `languageModelTools`), issue 11. */
export const LanguageModelTools = {
  findContacts: 'closeCrm_findContacts',
} as const;

export const Settings = {
  section: 'closeCrm',
  apiBaseUrl: 'apiBaseUrl',
  pageSize: 'pageSize',
  requestTimeoutSeconds: 'requestTimeoutSeconds',
  cacheContacts: 'cacheContacts',
  refreshOnStartMinutes: 'refreshOnStartMinutes',
  /** Masks emails and phone numbers wherever they show (issue 11). */
  privacyMode: 'privacyMode',
  /** Contact cards on hover over an email or phone number in editors (issue 11). */
  hovers: 'hovers',
  /** 'one' (the active organization) or 'all' (every added organization as a top-level group), issue 11. */
  organizationsView: 'organizationsView',
  /** Lead rows shown before a Show More Leads row, and how many more each click shows (issue 10). */
  treeLeadRows: 'treeLeadRows',
} as const;

export const ContextKeys = {
  signedIn: 'closeCrm.signedIn',
  /** The view's welcome state when it has no rows ('' while it has): see ui/tree/viewState.ts. */
  viewState: 'closeCrm.viewState',
  /** A retry is waited for that Retry Now may hurry. */
  canRetryNow: 'closeCrm.canRetryNow',
  /** The tree is filtered: the title offers Clear Filter. */
  filterOn: 'closeCrm.filterOn',
  /** Privacy mode is on: the view title offers to turn it off. */
  privacyMode: 'closeCrm.privacyMode',
} as const;

/** The tree rows' `contextValue`s, matched by `viewItem` in package.json's menus. */
export const TreeItemContexts = {
  lead: 'closeCrm.lead',
  noLead: 'closeCrm.noLead',
  contact: 'closeCrm.contact',
  email: 'closeCrm.email',
  unsubscribedEmail: 'closeCrm.email.unsubscribed',
  phone: 'closeCrm.phone',
  organization: 'closeCrm.organization',
  activeOrganization: 'closeCrm.organization.active',
  moreLeads: 'closeCrm.moreLeads',
} as const;

/** Status-bar items' ids (VS Code lets the user hide each by it). */
export const StatusBarItems = {
  privacyMode: 'closeCrm.privacyMode',
  organization: 'closeCrm.organization',
} as const;

/** Where the tree's filter is kept across reloads (workspaceState). */
export const FILTER_STATE_KEY = 'closeCrm.filter';

/** Where the SecretStorage entry lives. */
export const SECRET_KEY = 'closeCrm.apiKey';

/** Where earlier versions kept the account facts in globalState (now only cleared). */
export const ACCOUNT_STATE_KEY = 'closeCrm.account';

/** The account facts of the stored key, with the key's fingerprint, in SecretStorage. */
export const ACCOUNT_SECRET_KEY = 'closeCrm.accountOfKey';

/** Read only for the demo, and only when the base URL is a loopback address. */
export const DEMO_KEY_ENV = 'CLOSE_CONTACTS_DEMO_KEY';

export { DEFAULT_BASE_URL } from '../close/baseUrl';
export const CLOSE_APP_URL = 'https://app.close.com';
