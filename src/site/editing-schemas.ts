/**
 * The schemas the editor builds its forms from and validates with: exactly the ones
 * src/content.config.ts gives the collections (src/content/schemas/). The speaker portrait
 * goes through Astro's image() at build; in a form it is the path text the file holds.
 */
import { z } from 'astro/zod';
import type { SchemaContext } from 'astro:content';
import type { $ZodType } from 'zod/v4/core';
import { paperSchema, publicationSchema } from '../content/schemas/papers.ts';
import { pageSchema } from '../content/schemas/pages.ts';
import { sessionSchema, speakerSchema } from '../content/schemas/program.ts';
import { ticketSchema, visitSlotSchema } from '../content/schemas/bookings.ts';
import { fileFields, type EditableCollection } from '../features/editing/collections.ts';
import { formModel, type FieldDescriptor } from '../features/editing/form-model.ts';

const imagePath = (() => z.string().trim().min(1)) as unknown as SchemaContext['image'];

export const editingSchemas: Record<EditableCollection, $ZodType> = {
  sessions: sessionSchema,
  speakers: speakerSchema({ image: imagePath }),
  papers: paperSchema,
  publications: publicationSchema,
  pages: pageSchema,
  tickets: ticketSchema,
  visits: visitSlotSchema,
};

const models = new Map<EditableCollection, FieldDescriptor[]>();

/** The form of a collection (built once). */
export function formOf(collection: EditableCollection): FieldDescriptor[] {
  let model = models.get(collection);
  if (!model) {
    model = formModel(editingSchemas[collection], { files: fileFields[collection] ?? {} });
    models.set(collection, model);
  }
  return model;
}
