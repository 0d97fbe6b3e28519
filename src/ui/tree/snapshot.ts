import * as vscode from 'vscode';
import type { TreeSnapshotNode } from '../api';
import type { ContactsTreeProvider } from './contactsTreeProvider';
import type { TreeNode } from './nodes';

function text(value: string | vscode.TreeItemLabel | vscode.MarkdownString | boolean | undefined): string | undefined {
  if (value === undefined || typeof value === 'boolean') {
    return undefined;
  }
  if (typeof value === 'string') {
    return value;
  }
  return 'label' in value ? value.label : value.value;
}

/** The tree as VS Code would render it, `depth` levels deep, for tests. */
export async function snapshotTree(provider: ContactsTreeProvider, depth: number, parent?: TreeNode): Promise<TreeSnapshotNode[]> {
  if (depth <= 0) {
    return [];
  }
  const nodes = await provider.getChildren(parent);
  return Promise.all(
    nodes.map(async (node) => {
      const item = await provider.getTreeItem(node);
      const collapsible = item.collapsibleState !== undefined && item.collapsibleState !== vscode.TreeItemCollapsibleState.None;
      return {
        label: text(item.label) ?? '',
        description: text(item.description),
        contextValue: item.contextValue,
        tooltip: text(item.tooltip),
        accessibilityLabel: item.accessibilityInformation?.label,
        collapsible,
        expanded: item.collapsibleState === vscode.TreeItemCollapsibleState.Expanded,
        markdown: [item.label, item.description, item.tooltip].some((v) => v instanceof vscode.MarkdownString),
        children: collapsible && depth > 1 ? await snapshotTree(provider, depth - 1, node) : undefined,
      };
    }),
  );
}
