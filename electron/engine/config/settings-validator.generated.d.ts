// Types for the generated settings validator (scripts/generate-settings-validator.ts).
import type { ErrorObject } from 'ajv';

export interface SettingsValidateFunction {
  (data: unknown): boolean;
  errors?: ErrorObject[] | null;
}
export const validate: SettingsValidateFunction;
export default validate;
