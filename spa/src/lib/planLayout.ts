// Positions for the plan graph: each node in the column of its longest path from a root (so every edge points right),
// stacked within the column in plan order. Plans are small DAGs; no layout library is needed for that.
import type { NodeView } from './runState';

export const columnWidth = 230;
export const rowHeight = 84;

export function layoutPlan(nodes: NodeView[]): Map<string, { x: number; y: number }> {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const depth = new Map<string, number>();
  const depthOf = (id: string, seen: Set<string>): number => {
    if (depth.has(id)) return depth.get(id)!;
    if (seen.has(id)) return 0; // a cycle is not a valid plan; draw it rather than loop
    seen.add(id);
    const parents = (byId.get(id)?.after ?? []).filter((p) => byId.has(p));
    const d = parents.length ? Math.max(...parents.map((p) => depthOf(p, seen))) + 1 : 0;
    depth.set(id, d);
    return d;
  };
  const rows = new Map<number, number>();
  const positions = new Map<string, { x: number; y: number }>();
  for (const node of nodes) {
    const column = depthOf(node.id, new Set());
    const row = rows.get(column) ?? 0;
    rows.set(column, row + 1);
    positions.set(node.id, { x: column * columnWidth, y: row * rowHeight });
  }
  return positions;
}
