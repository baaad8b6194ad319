import { z } from 'zod';
import type { FieldError } from '../../http/problem.ts';

export const BEST_TIMES = ['morning', 'afternoon', 'evening', 'any'] as const;
export const CONTACT_METHODS = ['phone', 'text', 'email'] as const;
export const MESSAGE_MAX = 500;
export const NAME_MAX = 120;

/** What the visitor agrees to; stored with each request so the wording they saw is on record. */
export const CONSENT_TEXT =
  'I agree that the clinic may contact me by the method I chose about ketamine or esketamine treatment. This is not an emergency service.';

const digits = (value: string) => value.replace(/\D/g, '').length;

export const CallbackPhone = z
  .string()
  .trim()
  .max(40, 'Enter a phone number of at most 40 characters.')
  .regex(/^[+()\d\s.-]*$/, 'Enter a phone number using digits, spaces, dashes or brackets.')
  .refine(
    (v) => digits(v) >= 10 && digits(v) <= 15,
    'Enter a phone number with its area code, for example 212 555 0100.',
  );

const OptionalEmail = z
  .string()
  .trim()
  .max(254, 'Enter an email address of at most 254 characters.')
  .refine(
    (v) => v === '' || z.email().safeParse(v).success,
    'Enter a valid email address, like name@example.com.',
  )
  .nullish()
  .transform((v) => (v ? v.toLowerCase() : null));

export const CallbackBody = z.strictObject({
  name: z
    .string()
    .trim()
    .min(1, 'Enter your name.')
    .max(NAME_MAX, `Enter a name of at most ${NAME_MAX} characters.`),
  phone: CallbackPhone,
  email: OptionalEmail,
  bestTime: z.enum(BEST_TIMES, 'Choose morning, afternoon, evening or any time.').default('any'),
  preferredContact: z.enum(CONTACT_METHODS, 'Choose phone, text or email.').default('phone'),
  message: z
    .string()
    .trim()
    .max(MESSAGE_MAX, `Keep the message to ${MESSAGE_MAX} characters or fewer.`)
    .nullish()
    .transform((v) => (v ? v : null)),
  consent: z.literal(true, 'Tick the box to agree that we may contact you.'),
  selfCheck: z
    .array(z.number().int().min(0).max(3), 'Send the nine PHQ-9 answers as numbers from 0 to 3.')
    .length(9, 'Send all nine PHQ-9 answers.')
    .optional(),
  formToken: z.string().max(200).optional(),
  website: z.string().max(500).optional(),
});

export type CallbackInput = z.output<typeof CallbackBody>;

/** A rule across fields, which zod would skip while another field is wrong: checked on its own. */
export function crossFieldErrors(input: {
  preferredContact?: string | undefined;
  email?: string | null | undefined;
}): FieldError[] {
  if (input.preferredContact === 'email' && !input.email) {
    return [{ field: 'body.email', message: 'Enter your email address, or choose phone or text.' }];
  }
  return [];
}

/** Every problem at once, so a form can show each one next to its field. */
export function validateCallback(
  raw: Record<string, unknown>,
): { ok: true; value: CallbackInput } | { ok: false; errors: FieldError[] } {
  const parsed = CallbackBody.safeParse(raw);
  const cross = crossFieldErrors({
    preferredContact: typeof raw.preferredContact === 'string' ? raw.preferredContact : undefined,
    email: typeof raw.email === 'string' ? raw.email.trim() : null,
  });
  if (parsed.success && cross.length === 0) return { ok: true, value: parsed.data };
  const errors: FieldError[] = parsed.success
    ? []
    : parsed.error.issues.map((issue) => ({
        field: `body.${issue.path.join('.') || 'body'}`,
        message: issue.message,
      }));
  for (const e of cross) if (!errors.some((x) => x.field === e.field)) errors.push(e);
  return { ok: false, errors };
}
