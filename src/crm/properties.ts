/**
 * The CRM contact properties this service owns: names, types and groups in one place, shared by the writer,
 * the provisioning script and the docs.
 */

export type PropertyType = 'string' | 'number' | 'date' | 'datetime' | 'enumeration';
export type FieldType = 'text' | 'textarea' | 'number' | 'date' | 'select';

export interface PropertyGroupDefinition {
  readonly name: string;
  readonly label: string;
}

export interface PropertyDefinition {
  readonly name: string;
  readonly label: string;
  readonly description: string;
  readonly groupName: string;
  readonly type: PropertyType;
  readonly fieldType: FieldType;
  readonly options?: readonly { readonly label: string; readonly value: string }[];
}

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
  },
  {
    name: P.updatedAt,
    label: 'Learning Progress Updated At',
    description: 'When the HHL progress API last wrote this learner\'s progress.',
    groupName: PROPERTY_GROUPS.program.name,
    type: 'datetime',
    fieldType: 'date',
  },
  {
    name: P.summary,
    label: 'Learning Progress Summary',
    description: 'One line per pathway and standalone course: completed out of total.',
    groupName: PROPERTY_GROUPS.program.name,
    type: 'string',
    fieldType: 'text',
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
  },
  {
    name: P.lastViewedSlug,
    label: 'Last Viewed Learning Content',
    description: 'Slug of the pathway, course or module page the learner last viewed.',
    groupName: PROPERTY_GROUPS.program.name,
    type: 'string',
    fieldType: 'text',
  },
  {
    name: P.lastViewedAt,
    label: 'Last Viewed Learning Content At',
    description: 'When the learner last viewed a learning page.',
    groupName: PROPERTY_GROUPS.program.name,
    type: 'datetime',
    fieldType: 'date',
  },
  {
    name: P.enrolledCourses,
    label: 'Enrolled Courses',
    description: 'Slugs of the courses the learner is enrolled in, sorted, separated by ";".',
    groupName: PROPERTY_GROUPS.milestones.name,
    type: 'string',
    fieldType: 'textarea',
  },
  {
    name: P.completedCourses,
    label: 'Completed Courses',
    description: 'Slugs of the courses the learner has completed, sorted, separated by ";".',
    groupName: PROPERTY_GROUPS.milestones.name,
    type: 'string',
    fieldType: 'textarea',
  },
  {
    name: P.totalProgress,
    label: 'Total Modules Completed',
    description: 'Number of modules the learner has completed.',
    groupName: PROPERTY_GROUPS.milestones.name,
    type: 'number',
    fieldType: 'number',
  },
  {
    name: P.lastActivity,
    label: 'Last Learning Activity',
    description: 'Date of the learner\'s latest learning event.',
    groupName: PROPERTY_GROUPS.milestones.name,
    type: 'date',
    fieldType: 'date',
  },
];

/** The seven properties written together on every progress write. */
export const PROGRESS_PROPERTIES = [
  P.state,
  P.updatedAt,
  P.summary,
  P.enrolledCourses,
  P.completedCourses,
  P.totalProgress,
  P.lastActivity,
] as const;

/** Written in addition by `learning_page_viewed`. */
export const LAST_VIEWED_PROPERTIES = [P.lastViewedType, P.lastViewedSlug, P.lastViewedAt] as const;

/** Everything the service reads from a contact. */
export const READ_PROPERTIES: readonly string[] = ['email', ...PROGRESS_PROPERTIES, ...LAST_VIEWED_PROPERTIES];

/** HubSpot's limit on a text property's value. */
export const MAX_TEXT_LENGTH = 65_536;

export function definitionOf(name: string): PropertyDefinition | undefined {
  return PROPERTY_DEFINITIONS.find((d) => d.name === name);
}
