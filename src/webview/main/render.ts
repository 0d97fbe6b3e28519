// Turns a ContactView into elements. Values only ever reach the page through textContent
// and vetted hrefs; there is no innerHTML anywhere in the panel. The panel's own words come
// from `l10n.t` at render time.
import * as l10n from '@vscode/l10n';
import type { WebviewToHost } from '../protocol';
import type { ContactView, ViewRow, ViewSection, ViewText } from './viewModel';

export type Post = (message: WebviewToHost) => void;

const COPIED_FEEDBACK_MS = 1500;

/**
 * Says `text` to screen readers through the page's polite live region (outside the re-rendered
 * root, so it survives renders). The text is cleared first so the same words are said again.
 */
export function announce(text: string): void {
  const region = document.getElementById('announcer');
  if (region === null) {
    return;
  }
  region.textContent = '';
  window.setTimeout(() => {
    region.textContent = text;
  }, 50);
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className !== undefined) {
    node.className = className;
  }
  if (text !== undefined) {
    node.textContent = text;
  }
  return node;
}

function linkOrText(value: ViewText, post: Post, opensLead: boolean): HTMLElement {
  if (value.href === null) {
    return el('span', 'value', value.text);
  }
  const href = value.href;
  const link = el('a', 'value', value.text);
  link.href = href;
  link.dataset.key = `link:${href}`;
  if (opensLead) {
    link.dataset.testid = 'open-in-close';
  }
  const open = (event: MouseEvent): void => {
    // The host decides what is opened, and only after checking the link again.
    event.preventDefault();
    post(opensLead ? { type: 'openLead' } : { type: 'open', url: href });
  };
  link.addEventListener('click', open);
  link.addEventListener('auxclick', open);
  // Enter already activates a link; Space does so for buttons, and keyboard users expect it here too.
  link.addEventListener('keydown', (event: KeyboardEvent) => {
    if (event.key === ' ') {
      event.preventDefault();
      link.click();
    }
  });
  return link;
}

function copyButton(row: ViewRow, post: Post, index: number): HTMLButtonElement | undefined {
  const copy = row.copy;
  if (copy === undefined) {
    return undefined;
  }
  const copyText = l10n.t({ message: 'Copy', comment: ['A button that copies an email address or a phone number'] });
  const button = el('button', 'copy', copyText);
  button.type = 'button';
  button.dataset.testid = `copy-${copy.kind}`;
  button.dataset.key = `copy-${copy.kind}-${index}`;
  button.setAttribute('aria-label', copy.ariaLabel);
  button.title = copy.ariaLabel;
  button.addEventListener('click', () => {
    post({ type: 'copy', kind: copy.kind, value: copy.value, index: copy.index });
    button.textContent = l10n.t({ message: 'Copied', comment: ['The copy button right after a copy'] });
    announce(copy.kind === 'email' ? l10n.t('Email copied') : l10n.t('Phone number copied'));
    window.setTimeout(() => {
      button.textContent = copyText;
    }, COPIED_FEEDBACK_MS);
  });
  return button;
}

function details(row: ViewRow): HTMLElement | undefined {
  return row.details.length === 0 ? undefined : el('span', 'details', row.details.join(' · '));
}

function valueCell(row: ViewRow, post: Post): HTMLElement {
  const main = linkOrText(row.main, post, row.opensLead === true);
  if (row.liveTimeZone !== undefined) {
    main.dataset.liveTz = row.liveTimeZone;
  }
  return main;
}

function listSection(section: ViewSection, post: Post): HTMLElement {
  const list = el('ul', 'rows');
  section.rows.forEach((row, index) => {
    const item = el('li', 'row');
    item.dataset.testid = row.testId;
    item.append(valueCell(row, post));
    const more = details(row);
    if (more !== undefined) {
      item.append(more);
    }
    const button = copyButton(row, post, index);
    if (button !== undefined) {
      item.append(button);
    }
    list.append(item);
  });
  return list;
}

function factsSection(section: ViewSection, post: Post): HTMLElement {
  const list = el('dl', 'facts');
  for (const row of section.rows) {
    const pair = el('div', 'fact');
    pair.dataset.testid = row.testId;
    const value = el('dd');
    value.append(valueCell(row, post));
    const more = details(row);
    if (more !== undefined) {
      value.append(more);
    }
    pair.append(el('dt', undefined, row.label ?? ''), value);
    list.append(pair);
  }
  return list;
}

function sectionElement(section: ViewSection, post: Post): HTMLElement {
  const node = el('section', 'section');
  node.dataset.testid = `section-${section.id}`;
  const headingId = `heading-${section.id}`;
  node.setAttribute('aria-labelledby', headingId);
  const heading = el('h2', undefined, section.heading);
  heading.id = headingId;
  node.append(heading);
  if (section.rows.length === 0) {
    node.append(el('p', 'empty', section.emptyText));
  } else {
    node.append(section.layout === 'list' ? listSection(section, post) : factsSection(section, post));
  }
  return node;
}

function header(view: ContactView, post: Post): HTMLElement {
  const top = el('header', 'header');
  const name = el('h1', 'name', view.name);
  name.dataset.testid = 'contact-name';
  top.append(name);
  if (view.title !== null) {
    const title = el('p', 'title', view.title);
    title.dataset.testid = 'contact-title';
    top.append(title);
  }
  const status = el('p', 'status', view.loading ? l10n.t('Loading the full record from Close…') : '');
  status.setAttribute('role', 'status');
  status.dataset.testid = 'panel-status';
  top.append(status);
  if (view.error !== null) {
    const box = el('div', 'error');
    box.setAttribute('role', 'alert');
    box.dataset.testid = 'panel-error';
    box.append(el('p', undefined, view.error));
    const retry = el('button', 'retry', l10n.t('Retry'));
    retry.type = 'button';
    retry.dataset.testid = 'retry';
    retry.dataset.key = 'retry';
    retry.setAttribute('aria-label', l10n.t('Retry loading this contact'));
    retry.addEventListener('click', () => post({ type: 'retry' }));
    box.append(retry);
    top.append(box);
  }
  return top;
}

/** Replaces the panel's content, keeping keyboard focus on the same control when it still exists. */
export function render(root: HTMLElement, view: ContactView, post: Post): void {
  const previousError = root.querySelector('[data-testid="panel-error"] p')?.textContent ?? null;
  if (view.error !== null && view.error !== previousError) {
    announce(view.error);
  }
  // Only while the panel itself has the focus: a focus() in a webview that is not focused would
  // take it from wherever the user is (a quick pick over the editor closes).
  const focused = document.hasFocus() && document.activeElement instanceof HTMLElement ? document.activeElement.dataset.key : undefined;
  root.setAttribute('aria-busy', view.loading ? 'true' : 'false');
  root.replaceChildren(header(view, post), ...view.sections.map((s) => sectionElement(s, post)));
  if (focused !== undefined) {
    for (const candidate of root.querySelectorAll<HTMLElement>('[data-key]')) {
      if (candidate.dataset.key === focused) {
        candidate.focus();
        break;
      }
    }
  }
}

/** Refreshes the contact's local time in place. */
export function updateLiveTimes(root: HTMLElement, format: (zone: string) => string | null): void {
  for (const node of root.querySelectorAll<HTMLElement>('[data-live-tz]')) {
    const shown = format(node.dataset.liveTz ?? '');
    if (shown !== null) {
      node.textContent = shown;
    }
  }
}
