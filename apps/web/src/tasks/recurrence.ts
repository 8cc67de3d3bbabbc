/** The repeat presets the editor offers, as RRULE bodies (no DTSTART: the due date is the first occurrence). */
export const RECURRENCE_PRESETS = [
  { value: 'none', label: 'Does not repeat', rule: null },
  { value: 'daily', label: 'Every day', rule: 'FREQ=DAILY' },
  { value: 'weekdays', label: 'Every weekday', rule: 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR' },
  { value: 'weekly', label: 'Every week', rule: 'FREQ=WEEKLY' },
  { value: 'monthly', label: 'Every month', rule: 'FREQ=MONTHLY' },
  { value: 'yearly', label: 'Every year', rule: 'FREQ=YEARLY' },
  { value: 'custom', label: 'Custom (RRULE)', rule: null },
] as const;
export type RecurrencePreset = (typeof RECURRENCE_PRESETS)[number]['value'];

export function presetOf(rule: string | null): RecurrencePreset {
  if (!rule) return 'none';
  return RECURRENCE_PRESETS.find((preset) => preset.rule === rule)?.value ?? 'custom';
}

export function ruleOf(preset: RecurrencePreset, custom: string): string | null {
  if (preset === 'custom') return custom.trim().replace(/^RRULE:/i, '') || null;
  return RECURRENCE_PRESETS.find((option) => option.value === preset)?.rule ?? null;
}

/** A few words for a rule: the preset's name, else the rule itself. */
export function recurrenceText(rule: string): string {
  const preset = RECURRENCE_PRESETS.find((option) => option.rule === rule);
  return preset ? preset.label : rule;
}
