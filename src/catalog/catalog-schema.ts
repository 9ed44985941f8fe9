import { z } from 'zod';

/** A slug: lower-case letters, digits, `-` and `_`, 1–200 characters. */
export const SLUG_PATTERN = /^[a-z0-9_-]{1,200}$/;

export const slugSchema = z.string().regex(SLUG_PATTERN, 'must be lower-case letters, digits, "-" or "_" (1-200 characters)');

/** Top-level keys of `hhl_progress_state` that hold standalone content, so no pathway may take them. */
export const RESERVED_PATHWAY_SLUGS: readonly string[] = ['courses', 'modules'];

export const pathwaySlugSchema = slugSchema.refine(
  (s) => !RESERVED_PATHWAY_SLUGS.includes(s),
  '"courses" and "modules" are reserved for standalone content and cannot be pathway slugs',
);

/** hh-learn writes `display_order` as a number; a missing or odd value sorts last. */
const displayOrder = z.number().finite().optional().catch(undefined);
/** `awards_certificate` as content and HubDB hold it: a boolean, 0/1 or their text. */
const awardsCertificate = z
  .union([z.boolean(), z.number(), z.string()])
  .optional()
  .catch(undefined)
  .transform((v) => (v === undefined || v === '' ? undefined : v === true || v === 1 || v === '1' || v === 'true'));

/**
 * One course as hh-learn's `content/courses/*.json` (and this service's catalog file) hold it. Unknown keys
 * (`summary_markdown`, `badge_image_url`, `content_blocks`, `tags`, …) are ignored.
 */
export const courseEntrySchema = z.object({
  slug: slugSchema,
  modules: z.array(slugSchema).min(1, 'a course needs at least one module'),
  title: z.string().optional(),
  display_order: displayOrder,
  awards_certificate: awardsCertificate,
});

/** One pathway as hh-learn's `content/pathways/*.json` hold it: `courses` (hierarchical) or `modules` (flat). */
export const pathwayEntrySchema = z
  .object({
    slug: pathwaySlugSchema,
    courses: z.array(slugSchema).optional(),
    modules: z.array(slugSchema).optional(),
    title: z.string().optional(),
    display_order: displayOrder,
    awards_certificate: awardsCertificate,
  })
  .refine((p) => (p.courses?.length ?? 0) + (p.modules?.length ?? 0) > 0, 'a pathway needs courses or modules');

/** A module the catalog knows besides those its courses list (a module page that belongs to no course). */
export const moduleEntrySchema = z.object({
  slug: slugSchema,
  title: z.string().optional(),
  display_order: displayOrder,
});

/** The one-file catalog: `{courses, pathways, modules?}`; unknown keys are ignored. */
export const catalogFileSchema = z.object({
  courses: z.array(courseEntrySchema).default([]),
  pathways: z.array(pathwayEntrySchema).default([]),
  modules: z.array(moduleEntrySchema).default([]),
});

export type CourseEntry = z.infer<typeof courseEntrySchema>;
export type PathwayEntry = z.infer<typeof pathwayEntrySchema>;
export type ModuleEntry = z.infer<typeof moduleEntrySchema>;
export type CatalogFile = z.infer<typeof catalogFileSchema>;
