// Which organizations the all-organizations tree shows, and which controllers that takes
// besides the active organization's. No `vscode` import.

export type OrganizationsView = 'one' | 'all';

export interface ListedOrganization {
  id: string;
  name: string;
}

/** A group of the all-organizations tree: an organization and the controller of its rows. */
export interface OrganizationGroup<C> {
  organizationId: string;
  name: string;
  active: boolean;
  controller: C;
}

/** The organizations other than the active one that need a controller of their own. */
export function otherOrganizationsWanted(mode: OrganizationsView, listed: readonly ListedOrganization[], activeId: string | undefined): string[] {
  if (mode !== 'all' || activeId === undefined || listed.length < 2 || !listed.some((o) => o.id === activeId)) {
    return [];
  }
  return listed.filter((o) => o.id !== activeId).map((o) => o.id);
}

/**
 * What to stop and start to go from the running controllers to the wanted ones. A running one
 * that is not `usable` any more (its key or the client settings changed) is started again.
 */
export function planOtherOrganizations(wanted: readonly string[], running: ReadonlyMap<string, { usable: boolean }>): { stop: string[]; start: string[] } {
  const want = new Set(wanted);
  const stop = [...running].filter(([id, r]) => !want.has(id) || !r.usable).map(([id]) => id);
  const start = wanted.filter((id) => !running.has(id) || stop.includes(id));
  return { stop, start };
}

/**
 * The groups in the order the organizations were added, the active one marked; none (the tree
 * as with one organization) unless every listed organization has its controller and there are two or more.
 */
export function organizationGroups<C>(listed: readonly ListedOrganization[], activeId: string | undefined, controllerOf: (id: string) => C | undefined): OrganizationGroup<C>[] {
  const groups: OrganizationGroup<C>[] = [];
  for (const org of listed) {
    const controller = controllerOf(org.id);
    if (controller === undefined) {
      return [];
    }
    groups.push({ organizationId: org.id, name: org.name, active: org.id === activeId, controller });
  }
  return groups.length >= 2 && groups.some((g) => g.active) ? groups : [];
}

/** Whether two lists of groups show the same thing (the same controllers): nothing to redraw. */
export function sameOrganizationGroups<C>(a: readonly OrganizationGroup<C>[], b: readonly OrganizationGroup<C>[]): boolean {
  return a.length === b.length && a.every((g, i) => g.organizationId === b[i]?.organizationId && g.name === b[i]?.name && g.active === b[i]?.active && g.controller === b[i]?.controller);
}
