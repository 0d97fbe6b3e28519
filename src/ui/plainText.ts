// Text typed by anyone in a Close organization reaches places where VS Code reads markup:
// quick pick items and the status bar render `$(icon)`, notifications render `[text](link)`
// links (command: links included). A zero-width space breaks both patterns; what the user
// reads stays the same. Tree item labels, descriptions and string tooltips are plain already.

const ZERO_WIDTH_SPACE = '\u200b';

export function plainText(text: string): string {
  return text.replace(/\$\(/g, `$${ZERO_WIDTH_SPACE}(`).replace(/\]\(/g, `]${ZERO_WIDTH_SPACE}(`);
}
