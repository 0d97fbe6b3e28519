// The display language as a locale Intl can use, shared by the host and the panel. No `vscode`, no DOM.

/**
 * `tag` when Intl knows it (after canonicalising), otherwise undefined so that Intl uses the
 * runtime's default. VS Code's language ids are BCP 47 (`en`, `de`, `zh-cn`, `pt-br`); the
 * pseudo-locale `qps-ploc` has no formats of its own.
 */
export function usableLocale(tag: string | undefined): string | undefined {
  if (tag === undefined || tag.trim().length === 0) {
    return undefined;
  }
  try {
    const [canonical] = Intl.getCanonicalLocales(tag);
    return canonical !== undefined && Intl.NumberFormat.supportedLocalesOf(canonical).length > 0 ? canonical : undefined;
  } catch {
    // RangeError: not a well-formed tag.
    return undefined;
  }
}
