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
  searchContacts: 'closeCrm.searchContacts',
  openLeadInClose: 'closeCrm.openLeadInClose',
  showLog: 'closeCrm.showLog',
} as const;

export const Settings = {
  section: 'closeCrm',
  apiBaseUrl: 'apiBaseUrl',
  pageSize: 'pageSize',
  requestTimeoutSeconds: 'requestTimeoutSeconds',
  cacheContacts: 'cacheContacts',
} as const;

export const ContextKeys = {
  signedIn: 'closeCrm.signedIn',
} as const;

/** Where the SecretStorage entry lives. */
export const SECRET_KEY = 'closeCrm.apiKey';

/** Non-secret facts about the signed-in account, kept in globalState for the warm start. */
export const ACCOUNT_STATE_KEY = 'closeCrm.account';

/** Read only for the demo, and only when the base URL is a loopback address. */
export const DEMO_KEY_ENV = 'CLOSE_CONTACTS_DEMO_KEY';

export { DEFAULT_BASE_URL } from '../close/baseUrl';
export const CLOSE_APP_URL = 'https://app.close.com';
