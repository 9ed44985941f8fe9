/**
 * Page helpers: mark module, course and pathway elements with the learner's progress, and show the "Progress synced"
 * indicator. Elements name what they show with `data-hhl-module`, `data-hhl-course` and `data-hhl-pathway`; the
 * helpers set `data-hhl-state` to `completed`, `started`, `enrolled` or `` (CSS does the rest).
 */
import type { TreeNode } from './progress-tree.js';

export interface ElementLike {
  getAttribute(name: string): string | null;
  setAttribute(name: string, value: string): void;
  hidden: boolean;
  textContent: string | null;
}

export interface RootLike {
  querySelectorAll(selector: string): { forEach(each: (element: ElementLike) => void): void };
}

/** What `hydrate()` answers: the service's view, with the pending events merged into `progress`. */
export interface HydratedProgress {
  /** `authenticated`, `anonymous`, `fallback` (the CRM failed) or `unavailable` (the service could not be read). */
  mode: string;
  progress: TreeNode;
  /** Events tracked but not yet seen in the service's answer. */
  pending: number;
  [key: string]: unknown;
}

type Placed = [pathway: string, course: string, module: string, node: TreeNode];

/** Sets `data-hhl-state` on every element under `root` that names a module, course or pathway. */
export function markProgress(view: HydratedProgress, root: RootLike): void {
  const nodes = placeNodes(view.progress);
  root.querySelectorAll('[data-hhl-module],[data-hhl-course],[data-hhl-pathway]').forEach((element) => {
    const [p, c, m] = ['pathway', 'course', 'module'].map((name) => element.getAttribute(`data-hhl-${name}`));
    const hits = nodes
      .filter(([np, nc, nm]) => nm === (m ?? '') && (c ? nc === c : m || nc === '') && (!p || np === p))
      .map(([, , , node]) => node);
    const state = ['completed', 'started', 'enrolled'].find((name) => hits.some((node) => node[name] === true));
    element.setAttribute('data-hhl-state', state ?? '');
  });
}

/** Shows `[data-hhl-sync]` elements when the service knows the learner: "Progress synced", or "Saving progress…". */
export function showSynced(view: HydratedProgress, root: RootLike): void {
  root.querySelectorAll('[data-hhl-sync]').forEach((element) => {
    element.hidden = view.mode !== 'authenticated';
    element.textContent = view.pending > 0 ? 'Saving progress…' : 'Progress synced';
  });
}

/** Every pathway, course and module node with where it sits (`''` where a level does not apply). */
function placeNodes(tree: TreeNode): Placed[] {
  const placed: Placed[] = [];
  const each = (record: TreeNode | undefined, visit: (slug: string, node: TreeNode) => void) => {
    for (const slug in record) visit(slug, record[slug]);
  };
  const course = (p: string, c: string, node: TreeNode) => {
    placed.push([p, c, '', node]);
    each(node.modules, (m, module) => placed.push([p, c, m, module]));
  };
  each(tree, (p, pathway) => {
    if (p === 'courses') return each(pathway, (c, node) => course('', c, node));
    // Standalone modules: a module page that belongs to no course.
    if (p === 'modules') return each(pathway, (m, module) => placed.push(['', '', m, module]));
    placed.push([p, '', '', pathway]);
    each(pathway.courses, (c, node) => course(p, c, node));
    each(pathway.modules, (m, module) => placed.push([p, '', m, module]));
  });
  return placed;
}
