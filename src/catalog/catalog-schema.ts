import { z } from 'zod';

/** A slug: lower-case letters, digits, `-` and `_`, 1–200 characters. */
export const SLUG_PATTERN = /^[a-z0-9_-]{1,200}$/;

export const slugSchema = z.string().regex(SLUG_PATTERN, 'must be lower-case letters, digits, "-" or "_" (1-200 characters)');

export const courseEntrySchema = z.strictObject({
  slug: slugSchema,
  modules: z.array(slugSchema).min(1, 'a course needs at least one module'),
  title: z.string().optional(),
});

export const pathwayEntrySchema = z
  .strictObject({
    slug: slugSchema.refine((s) => s !== 'courses', '"courses" is reserved for standalone courses'),
    courses: z.array(slugSchema).optional(),
    modules: z.array(slugSchema).optional(),
    title: z.string().optional(),
  })
  .refine((p) => (p.courses?.length ?? 0) + (p.modules?.length ?? 0) > 0, 'a pathway needs courses or modules');

export const catalogFileSchema = z.strictObject({
  courses: z.array(courseEntrySchema).default([]),
  pathways: z.array(pathwayEntrySchema).default([]),
});

export type CatalogFile = z.infer<typeof catalogFileSchema>;
