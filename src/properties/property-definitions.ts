/**
 * The CRM contact properties this service owns: names, types, groups and how each value is derived, in one place,
 * shared by the writer, the provisioning script and the docs. Adding a derived property is adding one definition.
 */
import { serializeState } from '../progress/state-codec.js';
import { formatInstant } from './instant-format.js';
import { latestActivity, newerPageView, numberValue, truncateText } from './property-derivation.js';
import { MAX_TEXT_LENGTH } from './text-limit.js';
import type { PropertyDefinition, PropertyGroupDefinition } from './types.js';

export { MAX_TEXT_LENGTH };
export type { DeriveInput, FieldType, PropertyDefinition, PropertyGroupDefinition, PropertyType } from './types.js';

export const PROPERTY_GROUPS = {
  program: { name: 'learning_program_properties', label: 'Learning Program Properties' },
  milestones: { name: 'learning_milestones', label: 'Learning Milestones' },
} as const satisfies Record<string, PropertyGroupDefinition>;

export const PROPERTY_NAMES = {
  state: 'hhl_progress_state',
  updatedAt: 'hhl_progress_updated_at',
  summary: 'hhl_progress_summary',
  lastViewedType: 'hhl_last_viewed_type',
  lastViewedSlug: 'hhl_last_viewed_slug',
  lastViewedAt: 'hhl_last_viewed_at',
  enrolledCourses: 'hhl_enrolled_courses',
  completedCourses: 'hhl_completed_courses',
  totalProgress: 'hhl_total_progress',
  lastActivity: 'hhl_last_activity',
  averageScore: 'hhl_average_score',
  studyMinutes: 'hhl_study_minutes',
  currentModule: 'hhl_current_module',
  progressPercent: 'hhl_progress_percent',
} as const;

export type PropertyName = (typeof PROPERTY_NAMES)[keyof typeof PROPERTY_NAMES];

const P = PROPERTY_NAMES;

/** Every property, in the order provisioning creates them and the docs list them. */
export const PROPERTY_DEFINITIONS: readonly PropertyDefinition[] = [
  {
    name: P.state,
    label: 'Learning Progress State',
    description: 'JSON tree of the learner\'s pathway, course and module progress (written by the HHL progress API).',
    groupName: PROPERTY_GROUPS.program.name,
    type: 'string',
    fieldType: 'textarea',
    derive: (x) => serializeState(x.state, MAX_TEXT_LENGTH),
  },
  {
    name: P.updatedAt,
    label: 'Learning Progress Updated At',
    description: 'When the HHL progress API last wrote this learner\'s progress.',
    groupName: PROPERTY_GROUPS.program.name,
    type: 'datetime',
    fieldType: 'date',
    derive: (x) => formatInstant(x.now, 'datetime'),
  },
  {
    name: P.summary,
    label: 'Learning Progress Summary',
    description: 'One line per pathway and standalone course: completed out of total.',
    groupName: PROPERTY_GROUPS.program.name,
    type: 'string',
    fieldType: 'text',
    derive: (x) => truncateText(x.milestones.summary, MAX_TEXT_LENGTH),
  },
  {
    name: P.lastViewedType,
    label: 'Last Viewed Learning Content Type',
    description: 'Whether the learner last viewed a pathway, a course or a module page.',
    groupName: PROPERTY_GROUPS.program.name,
    type: 'enumeration',
    fieldType: 'select',
    options: [
      { label: 'Pathway', value: 'pathway' },
      { label: 'Course', value: 'course' },
      { label: 'Module', value: 'module' },
    ],
    derive: (x) => newerPageView(x, x.previous?.[P.lastViewedAt])?.contentType,
  },
  {
    name: P.lastViewedSlug,
    label: 'Last Viewed Learning Content',
    description: 'Slug of the pathway, course or module page the learner last viewed.',
    groupName: PROPERTY_GROUPS.program.name,
    type: 'string',
    fieldType: 'text',
    derive: (x) => newerPageView(x, x.previous?.[P.lastViewedAt])?.slug,
  },
  {
    name: P.lastViewedAt,
    label: 'Last Viewed Learning Content At',
    description: 'When the learner last viewed a learning page.',
    groupName: PROPERTY_GROUPS.program.name,
    type: 'datetime',
    fieldType: 'date',
    derive: (x) => {
      const view = newerPageView(x, x.previous?.[P.lastViewedAt]);
      return view === undefined ? undefined : formatInstant(view.at, 'datetime');
    },
  },
  {
    name: P.enrolledCourses,
    label: 'Enrolled Courses',
    description: 'Slugs of the courses the learner is enrolled in, sorted, separated by ";".',
    groupName: PROPERTY_GROUPS.milestones.name,
    type: 'string',
    fieldType: 'textarea',
    derive: (x) => x.milestones.enrolledCourses.join(';'),
  },
  {
    name: P.completedCourses,
    label: 'Completed Courses',
    description: 'Slugs of the courses the learner has completed, sorted, separated by ";".',
    groupName: PROPERTY_GROUPS.milestones.name,
    type: 'string',
    fieldType: 'textarea',
    derive: (x) => x.milestones.completedCourses.join(';'),
  },
  {
    name: P.totalProgress,
    label: 'Total Modules Completed',
    description: 'Number of modules the learner has completed.',
    groupName: PROPERTY_GROUPS.milestones.name,
    type: 'number',
    fieldType: 'number',
    derive: (x) => String(x.milestones.totalProgress),
  },
  {
    name: P.lastActivity,
    label: 'Last Learning Activity',
    description: 'Date of the learner\'s latest learning event.',
    groupName: PROPERTY_GROUPS.milestones.name,
    type: 'date',
    fieldType: 'date',
    derive: (x) => formatInstant(latestActivity(x, x.previous?.[P.lastActivity]), 'date'),
  },
  {
    name: P.averageScore,
    label: 'Average Module Score',
    description: 'Mean of the learner\'s module scores (0-100), rounded to one decimal; empty when no module has a score.',
    groupName: PROPERTY_GROUPS.milestones.name,
    type: 'number',
    fieldType: 'number',
    optional: true,
    derive: (x) => numberValue(x.metrics.averageScore),
  },
  {
    name: P.studyMinutes,
    label: 'Study Minutes',
    description: 'Time the learner spent in modules, in minutes (rounded); empty when no time was reported.',
    groupName: PROPERTY_GROUPS.milestones.name,
    type: 'number',
    fieldType: 'number',
    optional: true,
    derive: (x) => numberValue(x.metrics.studyMinutes),
  },
  {
    name: P.currentModule,
    label: 'Current Module',
    description: 'Slug of the module the learner last started or completed.',
    groupName: PROPERTY_GROUPS.milestones.name,
    type: 'string',
    fieldType: 'text',
    optional: true,
    derive: (x) => x.metrics.currentModule ?? '',
  },
  {
    name: P.progressPercent,
    label: 'Progress Percent',
    description: 'Completed modules out of all catalog modules of the courses and pathways the learner is in, as a whole percentage.',
    groupName: PROPERTY_GROUPS.milestones.name,
    type: 'number',
    fieldType: 'number',
    optional: true,
    derive: (x) => numberValue(x.metrics.progressPercent),
  },
];

/** Written in addition by `learning_page_viewed`. */
export const LAST_VIEWED_PROPERTIES = [P.lastViewedType, P.lastViewedSlug, P.lastViewedAt] as const;

const lastViewed: readonly string[] = LAST_VIEWED_PROPERTIES;

/** The properties written together on every progress write (the optional ones where the portal has them). */
export const PROGRESS_PROPERTIES: readonly string[] = PROPERTY_DEFINITIONS.map((d) => d.name).filter((name) => !lastViewed.includes(name));

/** Everything the service reads from a contact. */
export const READ_PROPERTIES: readonly string[] = ['email', ...PROGRESS_PROPERTIES, ...LAST_VIEWED_PROPERTIES];

export function definitionOf(name: string): PropertyDefinition | undefined {
  return PROPERTY_DEFINITIONS.find((d) => d.name === name);
}
