import { describe, expect, it } from 'vitest';
import { z } from 'astro/zod';
import { collections } from '../../src/content.config.ts';
import { ticketSchema } from '../../src/content/schemas/bookings.ts';

type Schema = z.core.$ZodType;

/** Wrappers whose description may sit on them or on the schema they wrap. */
const wrappers = new Set(['optional', 'nullable', 'default', 'prefault', 'readonly', 'catch', 'nonoptional']);

function description(schema: Schema): string | undefined {
  const own = z.globalRegistry.get(schema)?.description;
  if (own) return own;
  const def = schema._zod.def as { type: string; innerType?: Schema; in?: Schema };
  if (wrappers.has(def.type) && def.innerType) return description(def.innerType);
  if (def.type === 'pipe' && def.in) return description(def.in);
  return undefined;
}

/** Paths of object fields without a description, e.g. "venue.name" or "agenda[].title". */
function undescribedFields(schema: Schema, path = ''): string[] {
  const def = schema._zod.def as Record<string, unknown> & { type: string };
  const walk = (inner: unknown, at = path) => undescribedFields(inner as Schema, at);
  switch (def.type) {
    case 'object':
      return Object.entries(def.shape as Record<string, Schema>).flatMap(([key, field]) => {
        const at = path ? `${path}.${key}` : key;
        return [...(description(field) ? [] : [at]), ...walk(field, at)];
      });
    case 'array':
      return walk(def.element, `${path}[]`);
    case 'union':
      return (def.options as Schema[]).flatMap((option) => walk(option));
    case 'pipe':
      // A transform's input is not a content field: reference() reads an id (or Astro's {id, collection} lookup).
      return (def.out as Schema)._zod.def.type === 'transform' ? [] : [...walk(def.in), ...walk(def.out)];
    default:
      return wrappers.has(def.type) ? walk(def.innerType) : [];
  }
}

describe('content schemas', () => {
  it.each(Object.entries(collections))('test_every_field_of_%s_has_a_description', (_name, collection) => {
    // A schema that takes Astro's image() helper is walked with a plain string in its place.
    const schema = (
      typeof collection.schema === 'function' ? collection.schema({ image: () => z.string() } as never) : collection.schema
    ) as Schema;
    expect(undescribedFields(schema)).toEqual([]);
  });

  it('test_the_walk_finds_fields_without_description_in_nested_objects_arrays_optionals_and_unions', () => {
    const schema = z.object({
      described: z.string().describe('has one'),
      plain: z.string(),
      nested: z.object({ inner: z.number().optional() }).optional().describe('an object'),
      list: z.array(z.object({ item: z.boolean().default(false) })).describe('a list'),
      either: z.union([z.object({ left: z.string() }), z.string()]).describe('one of two'),
    });
    expect(undescribedFields(schema)).toEqual(['plain', 'nested.inner', 'list[].item', 'either.left']);
  });

  it('test_invitation_codes_are_hashes_or_hashes_with_a_use_limit', () => {
    const hash = 'a'.repeat(64);
    const ticket = (codes: unknown) =>
      ticketSchema.safeParse({ name: { en: 'VIP' }, description: { en: 'VIP' }, price: 0, invitationCodeHashes: codes });
    // Files written before the limit existed stay valid.
    expect(ticket([hash]).success).toBe(true);
    expect(ticket([hash, { hash: 'b'.repeat(64), maxUses: 10 }]).data?.invitationCodeHashes).toEqual([
      hash,
      { hash: 'b'.repeat(64), maxUses: 10 },
    ]);
    expect(ticket([{ hash, maxUses: 0 }]).success).toBe(false);
    expect(ticket([{ hash, maxUses: 2.5 }]).success).toBe(false);
    expect(ticket([{ hash: 'not-a-hash', maxUses: 3 }]).success).toBe(false);
    expect(ticket([{ hash, maxUses: 3, extra: true }]).success).toBe(false);
  });
});
