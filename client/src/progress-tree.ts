/**
 * The learner's progress tree in the wire shape `GET /progress/read` answers (docs/state-model.md), and the facts a
 * tracked event adds to it, merged with the server's laws: flags OR, earliest times, the enrolment pair
 * (`enrolled_at`, `enrollment_source`) taken together from the earlier enrolment, completing a module starts it, a
 * module event enrols (and starts) its course and pathway. Completion of courses and pathways needs the catalog: that
 * stays the server's job.
 */

/** A node of the tree: a pathway, a course, a module, or a record of them by slug. */
export interface TreeNode {
  [key: string]: any;
}

export interface TrackFields {
  pathway_slug?: string;
  course_slug?: string;
  module_slug?: string;
  enrollment_source?: string;
  content_type?: string;
  slug?: string;
}

/** A `POST /events/track` body as the client sends it: the event time is always set. */
export interface TrackBody {
  eventName: string;
  contactIdentifier?: { email?: string; contactId?: string };
  payload: TrackFields & { ts: string };
}

/** Later than any real event: used to ask "are the flags there?" whatever the times. */
const LATEST = '9999-12-31T23:59:59.999Z';

/** Adds the facts of `body` to `tree`, in place, and answers the tree. */
export function applyEvent(tree: TreeNode, body: TrackBody): TreeNode {
  const { eventName: name, payload: f } = body;
  const at = f.ts;
  const source = f.enrollment_source || undefined;
  // Created only for events that place facts in them: claims and page views leave the tree as it is.
  const pathway = () => (f.pathway_slug ? child(tree, f.pathway_slug) : undefined);
  const course = (inPathway: TreeNode | undefined, slug: string) => child(child(inPathway ?? tree, 'courses'), slug);
  // A module event with neither a course nor a pathway is a standalone module here; the server may place it in the
  // catalog's course instead (see isAcknowledged).
  if (/^learning_module_(started|completed)$/.test(name) && f.module_slug) {
    const p = pathway();
    const c = f.course_slug ? course(p, f.course_slug) : undefined;
    const module = child(child(c ?? p ?? tree, 'modules'), f.module_slug);
    flag(module, 'started', at);
    if (name === 'learning_module_completed') flag(module, 'completed', at);
    for (const node of [c, p]) {
      if (node) {
        enrol(node, at, 'module_event');
        flag(node, 'started', at);
      }
    }
  } else if (name === 'learning_course_enrolled' && f.course_slug) {
    const p = pathway();
    enrol(course(p, f.course_slug), at, source);
    if (p) enrol(p, at, 'course_enrollment');
  } else if (name === 'learning_pathway_enrolled' && f.pathway_slug) {
    enrol(child(tree, f.pathway_slug), at, source);
  }
  return tree;
}

/**
 * True when the server's tree already holds every fact of `body` (flags and nodes; times are not compared, so a
 * server that fixed a skewed clock's time still acknowledges the event). Events without facts (page views,
 * completion claims) are never acknowledged by a read.
 */
export function isAcknowledged(tree: TreeNode, body: TrackBody): boolean {
  if (!/enrolled|module/.test(body.eventName)) return false;
  const f = body.payload;
  if (/^learning_module_/.test(body.eventName) && f.module_slug && !f.course_slug && !f.pathway_slug) {
    // The server places such an event in the catalog's course that holds the module: look for it anywhere.
    const want = body.eventName === 'learning_module_completed' ? 'completed' : 'started';
    return holdsModule(tree, f.module_slug, want);
  }
  const before = JSON.stringify(tree);
  return before === JSON.stringify(applyEvent(JSON.parse(before), { ...body, payload: { ...body.payload, ts: LATEST } }));
}

/** Whether any `modules` record in the tree holds `slug` with `flag` set. */
function holdsModule(node: TreeNode, slug: string, flagName: string, depth = 0): boolean {
  if (depth > 4 || typeof node !== 'object' || node === null) return false;
  const modules = Object.hasOwn(node, 'modules') ? node['modules'] : undefined;
  if (modules && Object.hasOwn(modules, slug) && modules[slug]?.[flagName] === true) return true;
  return Object.keys(node).some((key) => key !== 'modules' && typeof node[key] === 'object' && holdsModule(node[key], slug, flagName, depth + 1));
}

/** The own child `key` of `node`, created when missing (slugs such as `__proto__` stay ordinary keys). */
function child(node: TreeNode, key: string): TreeNode {
  if (!Object.hasOwn(node, key)) Object.defineProperty(node, key, { value: {}, enumerable: true, writable: true, configurable: true });
  return node[key];
}

function flag(node: TreeNode, name: string, at: string): void {
  node[name] = true;
  if (earlier(at, node[`${name}_at`])) node[`${name}_at`] = at;
}

/** `enrolled` ORs; time and source travel as one pair from the earlier enrolment (a defined source wins a tie). */
function enrol(node: TreeNode, at: string, source: string | undefined): void {
  node.enrolled = true;
  const held = node.enrollment_source;
  if (earlier(at, node.enrolled_at) || (at === node.enrolled_at && source !== undefined && (held === undefined || source < held))) {
    node.enrolled_at = at;
    if (source === undefined) delete node.enrollment_source;
    else node.enrollment_source = source;
  }
}

function earlier(at: string, than: string | undefined): boolean {
  return than == null || Date.parse(at) < Date.parse(than);
}
